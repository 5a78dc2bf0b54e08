import { describe, expect, it } from "vitest";
import type { BandLevel } from "../content/schema";
import { AZ104 } from "../report/test-exams";
import { mulberry32 } from "../selector/random";
import {
  accuracyOnMix,
  compressMix,
  ENOUGH_EFFECTIVE_ANSWERS,
  estimateDomains,
  estimateHistory,
  logistic,
  METHOD_SUMMARY,
  MOCK_WEIGHT,
  NORMAL_QUADRATURE,
  prepareAnswers,
  REVIEW_WEIGHT,
  thinIndices,
  type EstimateInput,
  type EvidenceAnswer,
} from "./estimate";
import { objectiveKey } from "./rating";

const DAY = 86_400_000;
const now = new Date("2026-05-10T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);

/** A typical bank: difficulties spread like authored steps 1-5. */
const MIX = Array.from({ length: 200 }, (_, i) => -1.6 + (3.2 * i) / 199);
const ratings = new Map(AZ104.domains.map((d) => [d.id, MIX]));

function input(answers: EvidenceAnswer[], baseline: Record<string, BandLevel> | null = null): EstimateInput {
  return { exam: AZ104, answers, baseline: baseline ? new Map(Object.entries(baseline)) : null, examItemRatings: ratings, now };
}

let counter = 0;
/** Answers drawn from a Rasch model at `ability` on items rated `rating(i)`, all fresh first attempts. */
function simulate(opts: {
  domain?: string;
  objective?: string | null;
  ability: number | ((i: number) => number);
  n: number;
  rating: (i: number) => number;
  seed: number;
  source?: "practice" | "mock";
  at?: (i: number) => Date;
}): EvidenceAnswer[] {
  const rand = mulberry32(opts.seed);
  return Array.from({ length: opts.n }, (_, i) => {
    const ability = typeof opts.ability === "number" ? opts.ability : opts.ability(i);
    const b = opts.rating(i);
    return {
      itemId: `item-${counter++}`,
      domain: opts.domain ?? "storage",
      objective: opts.objective === undefined ? "storage-accounts" : opts.objective,
      correct: rand() < logistic(ability - b),
      at: opts.at ? opts.at(i) : new Date(now.getTime() - 3600_000),
      itemRating: b,
      source: opts.source ?? "practice",
    };
  });
}

const storage = (answers: EvidenceAnswer[], baseline: Record<string, BandLevel> | null = null) =>
  estimateDomains(input(answers, baseline)).find((d) => d.domain === "storage")!;

describe("quadrature and mix", () => {
  it("Gauss-Hermite weights integrate the normal's moments", () => {
    const { x, w } = NORMAL_QUADRATURE;
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(x.reduce((s, v, k) => s + w[k] * v * v, 0)).toBeCloseTo(1, 10);
    expect(x.reduce((s, v, k) => s + w[k] * v ** 4, 0)).toBeCloseTo(3, 9);
  });

  it("a compressed bank gives the full bank's accuracy to 0.2 point", () => {
    const bank = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 2 + (i % 7) * 0.1);
    const small = compressMix(bank);
    expect(small.length).toBeLessThanOrEqual(48);
    for (const ability of [-2, 0, 1, 3])
      expect(Math.abs(accuracyOnMix(ability, small) - accuracyOnMix(ability, bank))).toBeLessThan(0.002);
  });
});

describe("prepareAnswers", () => {
  const a = (itemId: string, at: Date, source: "practice" | "mock" = "practice"): EvidenceAnswer => ({
    itemId,
    domain: "storage",
    objective: null,
    correct: true,
    at,
    itemRating: 0,
    source,
  });

  it("sorts by time and classifies first attempt, review (another day) and retry (within 24 h)", () => {
    const prepared = prepareAnswers([
      a("x", ago(1)),
      a("x", ago(5)),
      a("x", new Date(ago(1).getTime() + 3600_000)),
      a("y", ago(2)),
    ]);
    expect(prepared.map((p) => p.kind)).toEqual(["first", "first", "review", "retry"]);
    expect(prepared.map((p) => p.baseWeight)).toEqual([1, 1, REVIEW_WEIGHT, 0]);
  });

  it("weighs a mock answer more than a practice first attempt, and drops invalid answers", () => {
    const prepared = prepareAnswers([
      a("m", ago(1), "mock"),
      { ...a("bad", new Date(Number.NaN)) },
      { ...a("nan", ago(1)), itemRating: Number.NaN },
    ]);
    expect(prepared).toHaveLength(1);
    expect(prepared[0].baseWeight).toBe(MOCK_WEIGHT);
  });
});

describe("estimateDomains", () => {
  it("returns every blueprint domain in order, with the baseline band and objectives", () => {
    const out = estimateDomains(input([], { storage: "weak" }));
    expect(out.map((d) => d.domain)).toEqual(AZ104.domains.map((d) => d.id));
    const s = out.find((d) => d.domain === "storage")!;
    expect(s.baseline).toEqual({ label: "Needs improvement", level: "weak" });
    expect(s.enough).toBe(false);
    expect(s.band).toBeNull();
    expect(s.change).toBeNull();
    expect(s.objectives.map((o) => o.objective)).toEqual(["storage-access", "storage-accounts", "files-blobs"]);
    expect(s.unpractisedObjectives).toBe(3);
  });

  it("few answers give a wide range; many give a narrow one and a band", () => {
    const few = storage(simulate({ ability: 1, n: 4, rating: () => 0, seed: 1 }));
    expect(few.enough).toBe(false);
    expect(few.band).toBeNull();
    expect(few.high - few.low).toBeGreaterThan(0.3);
    expect(few.low).toBeLessThan(few.accuracy);
    expect(few.high).toBeGreaterThan(few.accuracy);

    const many = storage(simulate({ ability: 1, n: 400, rating: (i) => (i % 5) - 2, seed: 2 }));
    expect(many.enough).toBe(true);
    expect(many.effectiveAnswers).toBeGreaterThanOrEqual(ENOUGH_EFFECTIVE_ANSWERS);
    expect(many.high - many.low).toBeLessThan(0.15);
    expect(many.high - many.low).toBeLessThan((few.high - few.low) / 2);
    expect(many.band).not.toBeNull();
  });

  it("the same ability on easy and on hard items gives nearly the same estimate", () => {
    const truth = 0.8;
    const easyItems = (i: number) => -2 + (i % 10) / 10;
    const hardItems = (i: number) => 1 + (i % 10) / 10;
    // Practice accuracy differs a lot (about 90% vs 40%)...
    const share = (xs: EvidenceAnswer[]) => xs.filter((x) => x.correct).length / xs.length;
    expect(share(simulate({ ability: truth, n: 400, rating: easyItems, seed: 3 }))).toBeGreaterThan(0.85);
    expect(share(simulate({ ability: truth, n: 400, rating: hardItems, seed: 3 }))).toBeLessThan(0.5);
    // ...the exam-level estimates do not: over 12 candidates each, the means agree with each other and the truth.
    const seeds = Array.from({ length: 12 }, (_, k) => 100 + k);
    const mean = (f: (seed: number) => number) => seeds.reduce((s, seed) => s + f(seed), 0) / seeds.length;
    const easy = mean((seed) => storage(simulate({ ability: truth, n: 400, rating: easyItems, seed })).accuracy);
    const hard = mean((seed) => storage(simulate({ ability: truth, n: 400, rating: hardItems, seed })).accuracy);
    expect(Math.abs(easy - hard)).toBeLessThan(0.03);
    expect(Math.abs(easy - accuracyOnMix(truth, MIX))).toBeLessThan(0.03);
    expect(Math.abs(hard - accuracyOnMix(truth, MIX))).toBeLessThan(0.03);
  });

  it("maps the estimate to the exam's band and compares it with the baseline", () => {
    const strong = storage(simulate({ ability: 2.5, n: 300, rating: (i) => (i % 5) - 2, seed: 5 }), { storage: "weak" });
    expect(strong.accuracy).toBeGreaterThan(AZ104.barThresholds.strongFrom / 100);
    expect(strong.band).toEqual({ label: "Above baseline", level: "strong" });
    expect(strong.change).toBe("up");
    expect(strong.changeText).toBe("Needs improvement → Above baseline");

    const weak = storage(simulate({ ability: -1.2, n: 300, rating: (i) => (i % 5) - 2, seed: 6 }), { storage: "weak" });
    expect(weak.band?.level).toBe("weak");
    expect(weak.change).toBe("same");
    expect(weak.changeText).toBe("Still Needs improvement");
  });

  it("counts recent answers more than old ones", () => {
    const wrongThenRight = [
      ...simulate({ ability: -3, n: 30, rating: () => 0, seed: 7, at: () => ago(120) }),
      ...simulate({ ability: 3, n: 30, rating: () => 0, seed: 8, at: () => ago(1) }),
    ];
    const rightThenWrong = [
      ...simulate({ ability: 3, n: 30, rating: () => 0, seed: 9, at: () => ago(120) }),
      ...simulate({ ability: -3, n: 30, rating: () => 0, seed: 10, at: () => ago(1) }),
    ];
    const up = storage(wrongThenRight);
    const down = storage(rightThenWrong);
    expect(up.accuracy).toBeGreaterThan(0.7);
    expect(down.accuracy).toBeLessThan(0.35);
    const old = storage(simulate({ ability: 0, n: 30, rating: () => 0, seed: 11, at: () => ago(90) }));
    expect(old.effectiveAnswers).toBeLessThan(30 * 0.2);
    expect(old.enough).toBe(false);
  });

  it("a partly right answer counts its share of points: between all right and all wrong", () => {
    const base = simulate({ ability: 0, n: 40, rating: () => 0, seed: 21 });
    const right = storage(base.map((a) => ({ ...a, correct: true, score: 1 })));
    const half = storage(base.map((a) => ({ ...a, correct: false, score: 0.5 })));
    const wrong = storage(base.map((a) => ({ ...a, correct: false, score: 0 })));
    expect(half.accuracy).toBeGreaterThan(wrong.accuracy + 0.2);
    expect(half.accuracy).toBeLessThan(right.accuracy - 0.2);
    // Half the points on items of the candidate's own level reads as about 50%.
    expect(half.accuracy).toBeGreaterThan(0.4);
    expect(half.accuracy).toBeLessThan(0.6);
  });

  it("follows a learning candidate to where they are now, not to their average", () => {
    // Ability rises from -0.5 to 1.5 over 300 answers in 30 days.
    const answers = simulate({
      ability: (i) => -0.5 + (2 * i) / 299,
      n: 300,
      rating: (i) => (i % 5) - 2,
      seed: 12,
      at: (i) => ago(30 - i / 10),
    });
    const est = storage(answers);
    expect(est.ability).toBeGreaterThan(0.9);
    expect(Math.abs(est.ability - 1.5)).toBeLessThan(2 * est.se + 0.1);
  });

  it("excludes same-day retries and down-weights reviews", () => {
    const base = simulate({ ability: 0.5, n: 20, rating: () => 0, seed: 13, at: () => ago(3) });
    const retries = base.map((a) => ({ ...a, correct: true, at: new Date(a.at.getTime() + 3600_000) }));
    const withRetries = storage([...base, ...retries]);
    const without = storage(base);
    expect(withRetries.ability).toBeCloseTo(without.ability, 9);
    expect(withRetries.retries).toBe(20);
    expect(withRetries.answers).toBe(20);

    const reviews = base.map((a) => ({ ...a, correct: true, at: ago(1) }));
    const withReviews = storage([...base, ...reviews]);
    expect(withReviews.reviews).toBe(20);
    expect(withReviews.effectiveAnswers - without.effectiveAnswers).toBeCloseTo(20 * REVIEW_WEIGHT * Math.pow(0.5, 1 / 30), 6);
    // 20 right reviews move the estimate far less than 20 right first attempts would.
    const firsts = storage([...base, ...reviews.map((a, i) => ({ ...a, itemId: `fresh-${i}` }))]);
    expect(withReviews.ability - without.ability).toBeLessThan((firsts.ability - without.ability) / 3);
  });

  it("weighs mock answers more than practice answers", () => {
    const practice = simulate({ ability: 2, n: 12, rating: () => 0, seed: 14 });
    const mock = practice.map((a) => ({ ...a, source: "mock" as const }));
    const p = storage(practice);
    const m = storage(mock);
    expect(m.effectiveAnswers).toBeCloseTo(p.effectiveAnswers * MOCK_WEIGHT, 9);
    expect(m.se).toBeLessThan(p.se);
    expect(m.mockAnswers).toBe(12);
  });

  it("estimates objectives, shrunk toward the domain when they have few answers", () => {
    const accounts = simulate({ ability: 1.5, n: 200, rating: (i) => (i % 5) - 2, seed: 15, objective: "storage-accounts" });
    const access = simulate({ ability: -0.5, n: 3, rating: () => 0, seed: 16, objective: "storage-access" }).map((a) => ({
      ...a,
      correct: false,
    }));
    const est = storage([...accounts, ...access]);
    const o = new Map(est.objectives.map((x) => [x.objective, x]));
    expect(o.get("storage-accounts")!.practised).toBe(true);
    expect(o.get("storage-accounts")!.enough).toBe(true);
    expect(o.get("files-blobs")!.practised).toBe(false);
    expect(est.unpractisedObjectives).toBe(1);
    // Three wrong answers pull the objective below its domain, but not to the floor.
    const acc = o.get("storage-access")!;
    expect(acc.accuracy).toBeLessThan(o.get("storage-accounts")!.accuracy);
    expect(acc.accuracy).toBeGreaterThan(0.35);
    expect(acc.band).toBeNull();
    // An unpractised objective reads like its domain, with a wider range.
    expect(o.get("files-blobs")!.high - o.get("files-blobs")!.low).toBeGreaterThan(est.high - est.low);
  });

  it("uses an objective's own difficulty mix when one is given", () => {
    const answers = simulate({ ability: 1, n: 100, rating: () => 0, seed: 17 });
    const hardMix = new Map([...ratings, [objectiveKey("storage", "storage-accounts"), [2, 2.5, 3]]]);
    const est = estimateDomains({ ...input(answers), examItemRatings: hardMix }).find((d) => d.domain === "storage")!;
    const accounts = est.objectives.find((o) => o.objective === "storage-accounts")!;
    expect(accounts.accuracy).toBeLessThan(est.accuracy - 0.2);
  });

  it("starts from the baseline band's rating", () => {
    const weak = storage([], { storage: "weak" });
    const strong = storage([], { storage: "strong" });
    expect(strong.ability).toBeGreaterThan(weak.ability);
    expect(strong.accuracy).toBeGreaterThan(weak.accuracy);
  });

  it("the method summary is short enough for the page", () => {
    expect(METHOD_SUMMARY.length).toBeLessThan(700);
    expect(METHOD_SUMMARY).toContain("20");
  });
});

describe("estimateHistory", () => {
  it("gives one point per day with answers, as of that day, thinned to maxPoints", () => {
    const answers = simulate({
      ability: (i) => -0.5 + i / 100,
      n: 200,
      rating: (i) => (i % 5) - 2,
      seed: 20,
      at: (i) => ago(40 - Math.floor(i / 5)),
    });
    const full = estimateHistory(input(answers)).get("storage")!;
    expect(full).toHaveLength(30);
    const all = estimateHistory(input(answers), { maxPoints: 100 }).get("storage")!;
    expect(all).toHaveLength(40);
    expect(all[0].date).toBe(ago(40).toISOString().slice(0, 10));
    expect(all[all.length - 1].date).toBe(ago(1).toISOString().slice(0, 10));
    expect(full[full.length - 1]).toEqual(all[all.length - 1]);
    for (let i = 1; i < all.length; i++) expect(all[i].answers).toBeGreaterThan(all[i - 1].answers);
    expect(all[all.length - 1].accuracy).toBeGreaterThan(all[0].accuracy);
    expect(all[0].high - all[0].low).toBeGreaterThan(all[all.length - 1].high - all[all.length - 1].low);
    expect(estimateHistory(input(answers)).get("compute")).toEqual([]);
  });

  it("the latest point matches the current estimate when the last answer is today", () => {
    const answers = simulate({ ability: 1, n: 50, rating: () => 0, seed: 21 });
    const point = estimateHistory(input(answers)).get("storage")!.at(-1)!;
    const est = storage(answers);
    expect(point.accuracy).toBeCloseTo(est.accuracy, 12);
  });

  it("thinIndices keeps the first and the last", () => {
    expect(thinIndices(5, 30)).toEqual([0, 1, 2, 3, 4]);
    const t = thinIndices(100, 10);
    expect(t).toHaveLength(10);
    expect(t[0]).toBe(0);
    expect(t.at(-1)).toBe(99);
    expect(thinIndices(10, 1)).toEqual([9]);
  });
});
