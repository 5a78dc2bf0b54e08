import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AZ104 } from "../report/test-exams";
import { accuracyOnMix, compressMix, estimateDomains, type DomainEstimate, type HistoryPoint } from "./estimate";
import {
  domainRetention,
  examQuestionsPerDomain,
  neededShare,
  passMarkFor,
  readiness,
  recommend,
  trendPerAnswer,
  type MockEvidence,
  type ReadinessCard,
  type ReadinessInput,
} from "./readiness";

const DAY = 86_400_000;
const now = new Date("2026-05-10T12:00:00Z");
const inDays = (d: number) => new Date(now.getTime() + d * DAY);
const MIX = Array.from({ length: 200 }, (_, i) => -1.6 + (3.2 * i) / 199);
const ratings = new Map(AZ104.domains.map((d) => [d.id, MIX]));
const domainIds = AZ104.domains.map((d) => d.id);
const blank = estimateDomains({ exam: AZ104, answers: [], baseline: null, examItemRatings: ratings, now });

function estimates(abilities: number[] | number, se: number | number[] = 0.2, enough = true): DomainEstimate[] {
  return blank.map((e, i) => ({
    ...e,
    ability: Array.isArray(abilities) ? abilities[i] : abilities,
    se: Array.isArray(se) ? se[i] : se,
    enough,
    answers: 100,
    effectiveAnswers: 60,
  }));
}

const fullMock: MockEvidence = {
  at: inDays(-2),
  weightedShare: 0.8,
  domains: [...examQuestionsPerDomain(AZ104, 50)].map(([domain, total]) => ({ domain, total, correct: Math.round(total * 0.8) })),
};

function run(over: Partial<ReadinessInput> = {}) {
  return readiness({
    exam: AZ104,
    estimates: estimates(1),
    cards: [],
    mocks: [],
    examItemRatings: ratings,
    examDate: inDays(1),
    now,
    ...over,
  });
}

function binomialTail(n: number, p: number, from: number): number {
  let s = 0;
  let c = 1; // C(n, k)
  for (let k = 0; k <= n; k++) {
    if (k >= from) s += c * p ** k * (1 - p) ** (n - k);
    c = (c * (n - k)) / (k + 1);
  }
  return s;
}

describe("the pass model", () => {
  it("splits the exam by blueprint midpoints with the largest remainder", () => {
    expect([...examQuestionsPerDomain(AZ104, 50).values()]).toEqual([12, 10, 12, 9, 7]);
    expect([...examQuestionsPerDomain(AZ104, 40).values()].reduce((s, x) => s + x, 0)).toBe(40);
    expect(passMarkFor(50)).toBe(35);
    expect(passMarkFor(45)).toBe(32);
  });

  it("with abilities known, is the binomial tail of the exam's questions", () => {
    for (const ability of [0.2, 1, 1.8]) {
      const r = run({ estimates: estimates(ability, 1e-9) });
      const p = accuracyOnMix(ability, compressMix(MIX));
      expect(r.pPass).toBeCloseTo(binomialTail(50, p, 35), 8);
      expect(r.expectedShare).toBeCloseTo(p, 8);
      expect(r.low).toBeCloseTo(r.pPass, 8);
      expect(r.high).toBeCloseTo(r.pPass, 8);
    }
  });

  it("ability uncertainty widens the range and pulls pPass toward the middle", () => {
    const sure = run({ estimates: estimates(2, 0.05) });
    const unsure = run({ estimates: estimates(2, 0.8) });
    expect(unsure.pPass).toBeLessThan(sure.pPass);
    expect(unsure.high - unsure.low).toBeGreaterThan(sure.high - sure.low);
    for (const r of [sure, unsure]) {
      expect(r.low).toBeLessThanOrEqual(r.pPass);
      expect(r.high).toBeGreaterThanOrEqual(r.pPass);
    }
  });

  it("a short exam is a noisier measurement than a long one", () => {
    const good = estimates(1.7, 0.05); // ~78% expected
    const weak = estimates(0.6, 0.05); // ~60% expected
    expect(run({ estimates: good, examQuestions: 100 }).pPass).toBeGreaterThan(run({ estimates: good, examQuestions: 20 }).pPass);
    expect(run({ estimates: weak, examQuestions: 100 }).pPass).toBeLessThan(run({ estimates: weak, examQuestions: 20 }).pPass);
  });

  it("is monotone non-decreasing in each domain's ability", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 4, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.double({ min: 0.02, max: 1.5, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        (abilities, ses, k, bump) => {
          const before = run({ estimates: estimates(abilities, ses) }).pPass;
          const raised = abilities.map((a, i) => (i === k ? a + bump : a));
          expect(run({ estimates: estimates(raised, ses) }).pPass).toBeGreaterThanOrEqual(before - 1e-12);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is monotone non-increasing in the exam date's distance", () => {
    const card = fc.record({
      domain: fc.constantFrom(...domainIds),
      stability: fc.double({ min: 0.1, max: 200, noNaN: true }),
      lastReviewDaysAgo: fc.double({ min: 0, max: 60, noNaN: true }),
      state: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(card, { maxLength: 30 }),
        fc.double({ min: 0.2, max: 2.2, noNaN: true }),
        fc.double({ min: -5, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        (raw, ability, first, extra) => {
          const cards: ReadinessCard[] = raw.map((c) => ({
            domain: c.domain,
            stability: c.stability,
            lastReview: inDays(-c.lastReviewDaysAgo),
            state: c.state,
          }));
          const sooner = run({ cards, estimates: estimates(ability), examDate: inDays(first) }).pPass;
          const later = run({ cards, estimates: estimates(ability), examDate: inDays(first + extra) }).pPass;
          expect(later).toBeLessThanOrEqual(sooner + 1e-12);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("forgetting lowers pPass for a far date; no cards, no forgetting", () => {
    const cards: ReadinessCard[] = domainIds.flatMap((domain) =>
      Array.from({ length: 10 }, () => ({ domain, stability: 4, lastReview: now, state: 2 })),
    );
    const soon = run({ cards, estimates: estimates(1.6), examDate: inDays(1) });
    const far = run({ cards, estimates: estimates(1.6), examDate: inDays(60) });
    expect(far.pPass).toBeLessThan(soon.pPass - 0.1);
    expect(far.perDomain.every((d) => d.forgettingLoss > soon.perDomain.find((s) => s.domain === d.domain)!.forgettingLoss)).toBe(
      true,
    );
    expect(far.perDomain[0].retention).toBeLessThan(1);
    expect(far.expectedShare).toBeLessThan(soon.expectedShare);

    const none = run({ estimates: estimates(1.6), examDate: inDays(60) });
    expect(none.perDomain.every((d) => d.retention === 1 && d.forgettingLoss === 0)).toBe(true);
    // A date in the past counts as today.
    expect(run({ cards, estimates: estimates(1.6), examDate: inDays(-3) }).pPass).toBeCloseTo(
      run({ cards, estimates: estimates(1.6), examDate: now }).pPass,
      12,
    );
  });

  it("domainRetention ignores new cards and cards never reviewed", () => {
    const cards: ReadinessCard[] = [
      { domain: "storage", stability: 10, lastReview: now, state: 0 },
      { domain: "storage", stability: 10, lastReview: null, state: 2 },
    ];
    expect(domainRetention(cards, now, inDays(30))).toBe(1);
    expect(domainRetention([{ domain: "storage", stability: 10, lastReview: now, state: 2 }], now, inDays(10))).toBeCloseTo(
      0.9,
      6,
    );
  });

  it("says what it rests on: answers, mocks and full mocks (later mocks ignored)", () => {
    const partial: MockEvidence = { ...fullMock, domains: fullMock.domains.map((d) => ({ ...d, total: 2, correct: 1 })) };
    const future: MockEvidence = { ...fullMock, at: inDays(3) };
    const r = run({ mocks: [fullMock, partial, future] });
    expect(r.restsOn).toEqual({ answers: 500, effectiveAnswers: 300, mocks: 2, fullMocks: 1 });
    expect(r.enough).toBe(true);
    expect(r.questions).toBe(50);
    expect(r.passMark).toBe(35);
    expect(run({ estimates: estimates(1, 0.2, false) }).enough).toBe(false);
    // The caller's own word on a mock's kind wins over its question count.
    expect(
      run({
        mocks: [
          { ...fullMock, full: false },
          { ...partial, full: true },
        ],
      }).restsOn.fullMocks,
    ).toBe(1);
  });
});

/** Daily history points from `start` accuracy, gaining `perAnswer` per answer, 10 answers a day. */
function history(start: number, perAnswer: number, points = 6, answersPerDay = 10): HistoryPoint[] {
  return Array.from({ length: points }, (_, i) => {
    const answers = 30 + i * answersPerDay;
    const accuracy = start + perAnswer * (answers - 30);
    return {
      date: inDays(i - points + 1)
        .toISOString()
        .slice(0, 10),
      accuracy,
      low: accuracy - 0.05,
      high: accuracy + 0.05,
      answers,
      ability: 0,
      se: 0.3,
      effectiveAnswers: answers,
      enough: true,
    };
  });
}

describe("recommend", () => {
  const base = {
    exam: AZ104,
    history: new Map<string, HistoryPoint[]>(),
    questionsPerDay: 30,
    earliestAttempt: null,
    plannedDate: null,
    now,
  };

  it("ready needs pPass ≥ 0.8, a low end ≥ 0.6 and a full mock", () => {
    const est = estimates(2.4, 0.1);
    const withMock = run({ estimates: est, mocks: [fullMock] });
    expect(withMock.pPass).toBeGreaterThan(0.8);
    expect(withMock.low).toBeGreaterThan(0.6);
    const ready = recommend({ ...base, readiness: withMock, estimates: est });
    expect(ready.verdict).toBe("ready");
    expect(ready.text).toMatch(/^Ready:/);
    expect(ready.holdingBack).toEqual([]);

    const noMock = recommend({ ...base, readiness: run({ estimates: est }), estimates: est });
    expect(noMock.verdict).toBe("after-next-mock");
    expect(noMock.text).toContain("full mock");
  });

  it("after-next-mock from 0.65; not-yet below, naming the domains that hold the candidate back", () => {
    const close = estimates(1.25, 0.1);
    const rc = run({ estimates: close, mocks: [fullMock] });
    expect(rc.pPass).toBeGreaterThanOrEqual(0.65);
    expect(rc.pPass).toBeLessThan(0.8);
    expect(recommend({ ...base, readiness: rc, estimates: close }).verdict).toBe("after-next-mock");

    const weakNetworking = estimates([1.6, 1.6, 1.6, -0.5, 0.2], 0.1);
    const r = run({ estimates: weakNetworking, mocks: [fullMock] });
    const rec = recommend({ ...base, readiness: r, estimates: weakNetworking });
    expect(rec.verdict).toBe("not-yet");
    expect(rec.holdingBack.map((h) => h.domain).slice(0, 2)).toEqual(["networking", "monitor-maintain"]);
    expect(rec.holdingBack.every((h) => h.accuracy < h.needed)).toBe(true);
    expect(rec.holdingBack[0].needed).toBeCloseTo(neededShare(50, 35), 12);
    expect(rec.text).toMatch(/^Not yet:/);
    expect(rec.text).toContain("Networking");
  });

  it("the needed share passes a 50-question exam 80% of the time", () => {
    const s = neededShare(50, 35);
    expect(s).toBeGreaterThan(0.72);
    expect(s).toBeLessThan(0.78);
    expect(binomialTail(50, s, 35)).toBeCloseTo(0.8, 6);
  });

  it("questions to the next band come from the trend, unknown without one", () => {
    const est = estimates([-0.6, 1, 1, 1, 1], 0.2).map((e) => ({ ...e, accuracy: accuracyOnMix(e.ability, MIX), band: null }));
    const r = run({ estimates: est });
    const unknown = recommend({ ...base, readiness: r, estimates: est });
    const identity = unknown.toNextBand.find((b) => b.domain === "identity-governance")!;
    expect(identity.nextBand).toBe("Near baseline");
    expect(identity.questions).toBeNull();
    expect(identity.days).toBeNull();
    expect(unknown.suggestedDate).toBeNull();
    expect(unknown.text).toContain("Not enough history");

    const start = est[0].accuracy;
    const trend = new Map(domainIds.map((d) => [d, history(d === "identity-governance" ? start - 0.05 : 0.6, 0.001)]));
    const known = recommend({ ...base, readiness: r, estimates: est, history: trend });
    const id = known.toNextBand.find((b) => b.domain === "identity-governance")!;
    expect(id.questions).toBe(Math.ceil((AZ104.barThresholds.nearFrom / 100 - start) / 0.001));
    expect(id.days).toBeGreaterThan(0);
  });

  it("suggests the day the trend reaches 80%, never before the earliest attempt", () => {
    const est = estimates(1.2, 0.1);
    const r = run({ estimates: est });
    expect(r.pPass).toBeLessThan(0.8);
    const rising = new Map(domainIds.map((d) => [d, history(0.6, 0.0005)]));
    const rec = recommend({
      ...base,
      readiness: r,
      estimates: est,
      history: rising,
      earliestAttempt: inDays(2),
      plannedDate: inDays(3),
    });
    expect(rec.suggestedDate).not.toBeNull();
    expect(rec.suggestedDate!.getTime()).toBeGreaterThan(inDays(2).getTime());
    expect(rec.text).toContain("Suggested date");
    expect(rec.text).toContain("comes before the suggested date");

    const ready = run({ estimates: estimates(2.4, 0.1) });
    const soon = recommend({ ...base, readiness: ready, estimates: estimates(2.4, 0.1), earliestAttempt: inDays(5) });
    expect(soon.suggestedDate).toEqual(inDays(5));
    expect(soon.earliestAttempt).toEqual(inDays(5));
  });

  it("trendPerAnswer needs two points with enough answers and a rise", () => {
    expect(trendPerAnswer(history(0.6, 0.001, 1))).toBeNull();
    expect(trendPerAnswer(history(0.6, -0.001))).toBeNull();
    expect(trendPerAnswer(history(0.6, 0.002))).toBeCloseTo(0.002, 9);
    expect(trendPerAnswer(history(0.6, 0.002).map((p) => ({ ...p, enough: false })))).toBeNull();
  });
});
