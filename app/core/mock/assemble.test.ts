import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AZ104, AZ204 } from "../report/test-exams";
import {
  assembleMock,
  DIFFICULTY_TARGET,
  domainQuotas,
  mockMinutes,
  planMock,
  type AssembledMock,
  type MockBankItem,
  type MockExamShape,
  type MockPlan,
  type MockRequest,
} from "./assemble";

/** `perObjective` items for every objective of every domain, difficulties 1..5 in turn, four options each. */
function bank(exam: MockExamShape, perObjective: number, difficulty: (i: number) => number = (i) => 1 + (i % 5)): MockBankItem[] {
  const out: MockBankItem[] = [];
  for (const d of exam.domains) {
    for (const o of d.objectives) {
      for (let i = 0; i < perObjective; i++) {
        out.push({
          id: `${d.id}-${o.id}-${String(i).padStart(3, "0")}`,
          domain: d.id,
          objective: o.id,
          difficulty: difficulty(i),
          optionKeys: ["a", "b", "c", "d"],
        });
      }
    }
  }
  return out;
}

/** `n` items per domain (objectives in turn) for the given domains. */
function domainBank(exam: MockExamShape, counts: Record<string, number>): MockBankItem[] {
  return exam.domains.flatMap((d) =>
    Array.from({ length: counts[d.id] ?? 0 }, (_, i) => ({
      id: `${d.id}-${String(i).padStart(3, "0")}`,
      domain: d.id,
      objective: d.objectives[i % d.objectives.length].id,
      difficulty: 1 + (i % 5),
      optionKeys: ["a", "b", "c", "d"],
    })),
  );
}

function assembled(
  exam: MockExamShape,
  items: readonly MockBankItem[],
  request: MockRequest | undefined,
  seed: number,
  recent?: Set<string>,
): { mock: AssembledMock; plan: MockPlan } {
  const r = assembleMock(exam, items, request, { seed, recentItemIds: recent });
  if (!r.ok) throw new Error(r.message);
  return r;
}

const countBy = <T>(values: readonly T[], key: (v: T) => string) => {
  const out: Record<string, number> = {};
  for (const v of values) out[key(v)] = (out[key(v)] ?? 0) + 1;
  return out;
};

/** L1 distance of a mock's difficulty counts from the target counts. */
function mixDistance(difficulties: readonly number[]): number {
  const n = difficulties.length;
  return DIFFICULTY_TARGET.reduce(
    (sum, share, i) => sum + Math.abs(difficulties.filter((d) => d === i + 1).length - share * n),
    0,
  );
}

describe("domainQuotas", () => {
  it("gives AZ-104's full 50-question mock 12 / 10 / 12 / 9 / 7", () => {
    // Midpoints 22.5, 17.5, 22.5, 17.5, 12.5 (sum 92.5). Exact quotas x50: 12.16, 9.46, 12.16, 9.46, 6.76;
    // floors 12 + 9 + 12 + 9 + 6 = 48; the two left go to the largest remainders: monitoring (.76), then
    // storage and networking tie at .46 with equal weights, so blueprint order gives it to storage.
    expect(Object.fromEntries(domainQuotas(AZ104.domains, 50))).toEqual({
      "identity-governance": 12,
      storage: 10,
      compute: 12,
      networking: 9,
      "monitor-maintain": 7,
    });
    // AZ-204 (27.5, 17.5, 17.5, 7.5, 22.5): 14.86, 9.46, 9.46, 4.05, 12.16 -> compute, then storage by order.
    expect([...domainQuotas(AZ204.domains, 50).values()]).toEqual([15, 10, 9, 4, 12]);
  });

  it("breaks equal remainders by heavier weight, then blueprint order", () => {
    // 2 questions over weights 1 and 3: exact 0.5 and 1.5, equal remainders; the heavier domain wins.
    const light = { id: "light", weight: { min: 1, max: 1 } };
    const heavy = { id: "heavy", weight: { min: 3, max: 3 } };
    expect(Object.fromEntries(domainQuotas([light, heavy], 2))).toEqual({ light: 0, heavy: 2 });
    expect(Object.fromEntries(domainQuotas([heavy, light], 2))).toEqual({ heavy: 2, light: 0 });
    const same = ["a", "b", "c"].map((id) => ({ id, weight: { min: 10, max: 20 } }));
    expect([...domainQuotas(same, 4).values()]).toEqual([2, 1, 1]);
    expect([...domainQuotas(same, 5).values()]).toEqual([2, 2, 1]);
  });

  it("shares equally when every weight is zero, and gives nothing for no questions", () => {
    const zero = ["a", "b"].map((id) => ({ id, weight: { min: 0, max: 0 } }));
    expect([...domainQuotas(zero, 3).values()]).toEqual([2, 1]);
    expect([...domainQuotas(AZ104.domains, 0).values()]).toEqual([0, 0, 0, 0, 0]);
  });

  it("sums exactly to the total and stays within one question of each exact share (property)", () => {
    const weight = fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }))
      .map(([a, b]) => ({ min: Math.min(a, b) / 2, max: Math.max(a, b) / 2 }));
    fc.assert(
      fc.property(fc.array(weight, { minLength: 1, maxLength: 9 }), fc.integer({ min: 0, max: 600 }), (weights, total) => {
        const domains = weights.map((w, i) => ({ id: `d${i}`, weight: w }));
        const quotas = domainQuotas(domains, total);
        expect([...quotas.keys()]).toEqual(domains.map((d) => d.id));
        expect([...quotas.values()].reduce((a, b) => a + b, 0)).toBe(total);
        const mids = weights.map((w) => (w.min + w.max) / 2);
        const sum = mids.reduce((a, b) => a + b, 0);
        domains.forEach((d, i) => {
          const exact = sum > 0 ? (mids[i] / sum) * total : total / domains.length;
          const q = quotas.get(d.id)!;
          expect(Number.isInteger(q)).toBe(true);
          expect(Math.abs(q - exact)).toBeLessThan(1 + 1e-9);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("mockMinutes", () => {
  it("scales the exam's time by the share of its questions, rounding up to whole minutes", () => {
    expect(mockMinutes(AZ104, 50)).toBe(100);
    expect(mockMinutes(AZ104, 25)).toBe(50);
    expect(mockMinutes(AZ104, 7)).toBe(14);
    const short = { ...AZ104, mock: { durationMinutes: 60, questions: 40 } };
    expect(mockMinutes(short, 7)).toBe(11); // 10.5
    expect(mockMinutes(short, 80)).toBe(120);
    expect(mockMinutes({ ...AZ104, mock: { durationMinutes: 1, questions: 50 } }, 1)).toBe(1);
  });
});

describe("planMock", () => {
  it("plans the full mock by default, with the time and the bank's count per domain", () => {
    const r = planMock(
      AZ104,
      domainBank(AZ104, { "identity-governance": 13, storage: 13, compute: 13, networking: 13, "monitor-maintain": 13 }),
    );
    expect(r).toEqual({
      ok: true,
      plan: {
        questions: 50,
        minutes: 100,
        domains: [
          {
            domain: "identity-governance",
            name: "Manage Azure identities and governance",
            short: "Identities and governance",
            count: 12,
            available: 13,
          },
          { domain: "storage", name: "Implement and manage storage", short: "Storage", count: 10, available: 13 },
          { domain: "compute", name: "Deploy and manage Azure compute resources", short: "Compute", count: 12, available: 13 },
          { domain: "networking", name: "Implement and manage virtual networking", short: "Networking", count: 9, available: 13 },
          {
            domain: "monitor-maintain",
            name: "Monitor and maintain Azure resources",
            short: "Monitoring and backup",
            count: 7,
            available: 13,
          },
        ],
      },
    });
    // An empty domain list is the full mock too.
    expect(planMock(AZ104, bank(AZ104, 5), { domains: [] })).toEqual(planMock(AZ104, bank(AZ104, 5)));
  });

  it("normalises the weights over the requested domains, in blueprint order", () => {
    const r = planMock(AZ104, bank(AZ104, 5), { domains: ["networking", "storage"], questions: 20 });
    expect(r.ok && r.plan.domains.map((d) => [d.domain, d.count])).toEqual([
      ["storage", 10],
      ["networking", 10],
    ]);
    expect(r.ok && r.plan.minutes).toBe(40);
  });

  it("names the short domain and its numbers, and the largest mock the bank fills", () => {
    const items = domainBank(AZ104, {
      "identity-governance": 13,
      storage: 13,
      compute: 13,
      networking: 6,
      "monitor-maintain": 13,
    });
    const r = planMock(AZ104, items, { questions: 50 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe("too-small");
    expect(r.shortfalls).toEqual([
      { domain: "networking", name: "Implement and manage virtual networking", short: "Networking", needed: 9, available: 6 },
    ]);
    // At 34 the exact quotas are 8.27 / 6.43 / 8.27 / 6.43 / 4.59: floors 32, the two left go to monitoring and
    // storage (ties with networking, first in the blueprint), so networking needs 6. At 35 (8.51 / 6.62 / 8.51 /
    // 6.62 / 4.73) the three left reach networking: 7.
    expect(r.largest).toBe(34);
    expect(r.message).toBe(
      "The bank is too small for a 50-question mock: Networking needs 9 questions and has 6. " +
        "The largest mock with the same proportions is 34 questions.",
    );
    expect(planMock(AZ104, items, { questions: r.largest }).ok).toBe(true);
    expect(planMock(AZ104, items, { questions: r.largest + 1 }).ok).toBe(false);
  });

  it("lists every short domain, and says so when no mock can be filled", () => {
    const r = planMock(
      AZ104,
      domainBank(AZ104, { "identity-governance": 0, storage: 2, compute: 13, networking: 13, "monitor-maintain": 13 }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.shortfalls.map((s) => [s.domain, s.needed, s.available])).toEqual([
      ["identity-governance", 12, 0],
      ["storage", 10, 2],
    ]);
    // A one-question mock already needs identity-governance (heaviest, first in the blueprint).
    expect(r.largest).toBe(0);
    expect(r.message).toBe(
      "The bank is too small for a 50-question mock: Identities and governance needs 12 questions and has 0; " +
        "Storage needs 10 questions and has 2. " +
        "No mock with the same proportions can be filled until questions are added.",
    );
  });

  it("finds a largest mock that fills while one more question does not, for any bank (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 1, max: 80 }),
        (sizes, questions) => {
          const items = domainBank(AZ104, Object.fromEntries(AZ104.domains.map((d, i) => [d.id, sizes[i]])));
          const r = planMock(AZ104, items, { questions });
          if (r.ok) return;
          expect(r.largest).toBeLessThan(questions);
          if (r.largest > 0) expect(planMock(AZ104, items, { questions: r.largest }).ok).toBe(true);
          expect(planMock(AZ104, items, { questions: r.largest + 1 }).ok).toBe(false);
          for (const s of r.shortfalls) expect(r.message).toContain(`${s.short} needs ${s.needed} question`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rejects unknown domains and impossible sizes with a message", () => {
    const items = bank(AZ104, 5);
    const unknown = planMock(AZ104, items, { domains: ["storage", "kubernetes"] });
    expect(unknown).toMatchObject({ ok: false, reason: "unknown-domain", shortfalls: [], largest: 0 });
    expect(!unknown.ok && unknown.message).toBe(
      "AZ-104 has no domain kubernetes; its domains are identity-governance, storage, compute, networking, monitor-maintain.",
    );
    for (const questions of [0, -3, 1.5, Number.NaN]) {
      const r = planMock(AZ104, items, { questions });
      expect(r).toMatchObject({ ok: false, reason: "invalid-questions" });
      expect(!r.ok && r.message).toContain("at least 1");
    }
  });

  it("counts each item id once and ignores items of domains the exam does not have", () => {
    const items = domainBank(AZ104, { networking: 6 });
    const noisy = [
      ...items,
      ...items,
      { id: "stray", domain: "kubernetes", objective: null, difficulty: 3, optionKeys: ["a", "b"] },
    ];
    const r = planMock(AZ104, noisy, { domains: ["networking"], questions: 7 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.shortfalls[0]).toMatchObject({ needed: 7, available: 6 });
  });
});

describe("assembleMock", () => {
  const items = bank(AZ104, 8); // 24-32 per domain, difficulties 1..5 in turn

  it("fills every domain's quota exactly, with no item twice", () => {
    for (const questions of [1, 7, 20, 50, 60]) {
      const { mock, plan } = assembled(AZ104, items, { questions }, 3);
      expect(mock.questions).toHaveLength(questions);
      expect(new Set(mock.questions.map((q) => q.itemId)).size).toBe(questions);
      const counts = countBy(mock.questions, (q) => q.domain);
      for (const d of plan.domains) expect(counts[d.domain] ?? 0).toBe(d.count);
      expect(plan.domains.map((d) => d.count)).toEqual([...domainQuotas(AZ104.domains, questions).values()]);
      expect(mock.minutes).toBe(mockMinutes(AZ104, questions));
    }
  });

  it("keeps to the requested domains", () => {
    const { mock } = assembled(AZ104, items, { domains: ["storage", "networking"], questions: 12 }, 1);
    expect(countBy(mock.questions, (q) => q.domain)).toEqual({ storage: 6, networking: 6 });
  });

  it("is the same mock for the same inputs and seed, whatever the bank's order", () => {
    const a = assembled(AZ104, items, undefined, 42);
    expect(assembled(AZ104, items, undefined, 42)).toEqual(a);
    expect(assembled(AZ104, [...items].reverse(), undefined, 42)).toEqual(a);
    const picks = new Set(
      [1, 2, 3, 4, 5].map((seed) =>
        JSON.stringify(
          assembled(AZ104, items, undefined, seed)
            .mock.questions.map((q) => q.itemId)
            .sort(),
        ),
      ),
    );
    expect(picks.size).toBeGreaterThan(1);
  });

  it("spreads a domain over its objectives before any objective gets a second question", () => {
    // Compute has four objectives: with 12 questions, three each; with 3 questions, three distinct objectives.
    const full = assembled(AZ104, items, undefined, 9).mock.questions;
    for (const d of AZ104.domains) {
      const perObjective = Object.values(
        countBy(
          full.filter((q) => q.domain === d.id),
          (q) => q.objective ?? "-",
        ),
      );
      expect(perObjective).toHaveLength(d.objectives.length);
      expect(Math.max(...perObjective) - Math.min(...perObjective)).toBeLessThanOrEqual(1);
    }
    const small = assembled(AZ104, items, { domains: ["compute"], questions: 3 }, 9).mock.questions;
    expect(new Set(small.map((q) => q.objective)).size).toBe(3);
  });

  it("uses objectives that have items when others have none, and items without an objective as their own group", () => {
    const uneven: MockBankItem[] = [
      ...Array.from({ length: 6 }, (_, i) => ({
        id: `net-vnets-${i}`,
        domain: "networking",
        objective: "vnets",
        difficulty: 3,
        optionKeys: ["a", "b"],
      })),
      { id: "net-secure-0", domain: "networking", objective: "secure-access", difficulty: 3, optionKeys: ["a", "b"] },
      { id: "net-none-0", domain: "networking", objective: null, difficulty: 3, optionKeys: ["a", "b"] },
    ];
    const picked = assembled(AZ104, uneven, { domains: ["networking"], questions: 4 }, 5).mock.questions;
    expect(countBy(picked, (q) => q.objective ?? "none")).toEqual({ vnets: 2, "secure-access": 1, none: 1 });
  });

  it("matches the target difficulty mix when the bank allows it", () => {
    // 10 per objective, difficulties 1..5 in turn: every objective has every difficulty twice.
    const { mock } = assembled(AZ104, bank(AZ104, 10), undefined, 7);
    const mix = [1, 2, 3, 4, 5].map((d) => mock.questions.filter((q) => q.difficulty === d).length);
    expect(mix).toEqual(DIFFICULTY_TARGET.map((share) => share * 50)); // 5 / 10 / 20 / 10 / 5
  });

  it("is closer to the target mix than picking the easiest questions first", () => {
    // A bank skewed easy, as a young bank often is: per objective 5 x 1, 4 x 2, 3 x 3, 2 x 4, 1 x 5.
    const skew = [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5];
    const easyBank = bank(AZ104, skew.length, (i) => skew[i]);
    const { mock, plan } = assembled(AZ104, easyBank, undefined, 11);
    const easyFirst = plan.domains.flatMap((d) =>
      easyBank
        .filter((i) => i.domain === d.domain)
        .sort((a, b) => a.difficulty - b.difficulty || (a.id < b.id ? -1 : 1))
        .slice(0, d.count)
        .map((i) => i.difficulty),
    );
    const ours = mock.questions.map((q) => q.difficulty);
    expect(mixDistance(ours)).toBeLessThan(mixDistance(easyFirst));
    expect(ours.filter((d) => d >= 4).length).toBeGreaterThanOrEqual(13); // target 30% of 50 = 15, bank permitting
    expect(ours.filter((d) => d === 3).length).toBe(20);
  });

  it("prefers questions the candidate did not see in recent mocks", () => {
    const first = assembled(AZ104, items, { questions: 40 }, 1).mock;
    const recent = new Set(first.questions.map((q) => q.itemId));
    const second = assembled(AZ104, items, { questions: 40 }, 2, recent).mock;
    expect(second.questions.filter((q) => recent.has(q.itemId))).toEqual([]);
  });

  it("takes recent questions only as far as a domain cannot be filled otherwise", () => {
    // Networking: 9 items, 6 of them recent; a 9-question networking mock needs 3 fresh + 6 recent.
    const net = domainBank(AZ104, { networking: 9 });
    const recent = new Set(net.slice(0, 6).map((i) => i.id));
    const picked = assembled(AZ104, net, { domains: ["networking"], questions: 5 }, 4, recent).mock.questions;
    expect(picked.filter((q) => !recent.has(q.itemId))).toHaveLength(3); // every fresh one
    expect(picked.filter((q) => recent.has(q.itemId))).toHaveLength(2);
    // With other domains fully fresh, only networking draws on recent items.
    const mixed = [...net, ...domainBank(AZ104, { storage: 20 })];
    const both = assembled(AZ104, mixed, { domains: ["storage", "networking"], questions: 10 }, 4, recent).mock.questions;
    expect(both.filter((q) => recent.has(q.itemId)).every((q) => q.domain === "networking")).toBe(true);
    expect(both.filter((q) => recent.has(q.itemId))).toHaveLength(2);
  });

  it("shuffles each question's options and the order of the questions with the seed", () => {
    const wide = items.map((i) => ({ ...i, optionKeys: ["a", "b", "c", "d", "e", "f"] }));
    const { mock } = assembled(AZ104, wide, undefined, 8);
    for (const q of mock.questions) expect([...q.optionOrder].sort()).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(mock.questions.filter((q) => q.optionOrder.join("") === "abcdef").length).toBeLessThan(3);
    const other = assembled(AZ104, wide, undefined, 9).mock;
    expect(other.questions.map((q) => q.optionOrder.join(""))).not.toEqual(mock.questions.map((q) => q.optionOrder.join("")));
    // Domains are mixed, not in blocks: many neighbours differ.
    const changes = mock.questions.filter((q, i) => i > 0 && q.domain !== mock.questions[i - 1].domain).length;
    expect(changes).toBeGreaterThan(25);
    // Each item carries its own data.
    const byId = new Map(wide.map((i) => [i.id, i]));
    for (const q of mock.questions)
      expect(byId.get(q.itemId)).toMatchObject({ domain: q.domain, objective: q.objective, difficulty: q.difficulty });
  });

  it("returns the plan's failure when the bank is too small", () => {
    const r = assembleMock(
      AZ204,
      domainBank(AZ204, { compute: 13, storage: 13, security: 13, "monitor-troubleshoot": 13, "connect-services": 13 }),
      undefined,
      {
        seed: 1,
      },
    );
    expect(r).toMatchObject({ ok: false, reason: "too-small", largest: 46 });
    expect(!r.ok && r.message).toContain("Compute solutions needs 15 questions and has 13");
  });
});

describe("case-study sections", () => {
  const withCase = (caseSize: number) => {
    const items = bank(AZ104, 6);
    // Tag the first `caseSize` compute and networking items as one case study.
    let n = 0;
    for (const it of items) {
      if ((it.domain === "compute" || it.domain === "networking") && n < caseSize) {
        it.caseStudy = "az104-case-test";
        n++;
      }
    }
    return items;
  };
  const run = (items: MockBankItem[], request: MockRequest = {}, seed = 3) => {
    const r = assembleMock(AZ104, items, request, { seed });
    if (!r.ok) throw new Error(r.message);
    return r.mock;
  };

  it("a full mock holds the whole case study, first and together, with the domain counts unchanged", () => {
    const items = withCase(4);
    const byId = new Map(items.map((i) => [i.id, i]));
    const mock = run(items);
    const plain = run(bank(AZ104, 6));
    const caseIds = items.filter((i) => i.caseStudy).map((i) => i.id);
    expect(mock.questions.slice(0, 4).map((q) => q.itemId).sort()).toEqual(caseIds.slice().sort());
    expect(mock.questions.slice(4).some((q) => byId.get(q.itemId)!.caseStudy)).toBe(false);
    const count = (m: AssembledMock) => Object.fromEntries(AZ104.domains.map((d) => [d.id, m.questions.filter((q) => q.domain === d.id).length]));
    expect(count(mock)).toEqual(count(plain));
    expect(new Set(mock.questions.map((q) => q.itemId)).size).toBe(mock.questions.length);
  });

  it("a shorter mock on chosen domains holds no case-study item", () => {
    const items = withCase(4);
    const mock = run(items, { domains: ["compute", "networking"], questions: 20 });
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(mock.questions.filter((q) => byId.get(q.itemId)!.caseStudy)).toEqual([]);
    expect(mock.questions).toHaveLength(20);
  });

  it("is deterministic for a seed", () => {
    const items = withCase(3);
    expect(run(items, {}, 9)).toEqual(run(items, {}, 9));
  });
});
