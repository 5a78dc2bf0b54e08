import { describe, expect, it } from "vitest";
import { answerCredit, domainMastery, MASTERY_DEFAULTS, type MasteryAnswer } from "./mastery";

const DAY = 86_400_000;
const now = new Date("2026-05-10T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const answer = (domain: string, correct: boolean, daysAgo: number, i = 0): MasteryAnswer => ({
  itemId: `${domain}-${i}`,
  domain,
  objective: null,
  correct,
  at: ago(daysAgo),
});

describe("domainMastery", () => {
  it("one right answer is not 100%", () => {
    const m = domainMastery([answer("storage", true, 0)], now).get("storage")!;
    expect(m.answered).toBe(1);
    expect(m.correct).toBe(1);
    expect(m.accuracy).toBeLessThan(0.8);
    expect(m.accuracy).toBeGreaterThan(MASTERY_DEFAULTS.priorMean);
    expect(m.recentAccuracy).toBe(1);
  });

  it("converges to the observed share with enough fresh evidence", () => {
    const answers = Array.from({ length: 200 }, (_, i) => answer("compute", i % 5 !== 0, 0, i));
    const m = domainMastery(answers, now).get("compute")!;
    expect(m.accuracy).toBeCloseTo(0.8, 1);
    expect(m.evidence).toBeCloseTo(200, 5);
  });

  it("weighs recent answers more: old mistakes fade", () => {
    const answers = [
      ...Array.from({ length: 10 }, (_, i) => answer("networking", false, 60, i)),
      ...Array.from({ length: 10 }, (_, i) => answer("networking", true, 1, 10 + i)),
    ];
    const m = domainMastery(answers, now).get("networking")!;
    expect(m.correct / m.answered).toBe(0.5);
    expect(m.accuracy).toBeGreaterThan(0.7);
    expect(m.recentAccuracy).toBe(1); // the last 10 answers were all right
    expect(m.lastAnsweredAt).toEqual(ago(1));
  });

  it("recentAccuracy uses the latest answers whatever order they arrive in", () => {
    const answers = [
      ...Array.from({ length: 5 }, (_, i) => answer("storage", true, 1, i)),
      ...Array.from({ length: 20 }, (_, i) => answer("storage", false, 30, 10 + i)),
      ...Array.from({ length: 5 }, (_, i) => answer("storage", false, 2, 40 + i)),
    ];
    expect(domainMastery(answers, now, { recentCount: 10 }).get("storage")!.recentAccuracy).toBe(0.5);
  });

  it("keeps domains apart and omits domains without answers", () => {
    const m = domainMastery([answer("a", true, 0), answer("b", false, 0)], now);
    expect([...m.keys()].sort()).toEqual(["a", "b"]);
    expect(m.get("a")!.accuracy).toBeGreaterThan(m.get("b")!.accuracy);
    expect(domainMastery([], now).size).toBe(0);
  });

  it("an item scored by parts counts its share of points, not a wrong answer", () => {
    // Ten statement series, each 2 of 3 statements right: not fully correct, but 2/3 of the points.
    const partly = Array.from({ length: 10 }, (_, i) => ({ ...answer("storage", false, 0, i), score: 2 / 3 }));
    const allWrong = Array.from({ length: 10 }, (_, i) => answer("storage", false, 0, i));
    const m = domainMastery(partly, now).get("storage")!;
    expect(m.correct).toBe(0);
    expect(m.recentAccuracy).toBeCloseTo(2 / 3, 10);
    const { priorMean, priorStrength } = MASTERY_DEFAULTS;
    expect(m.accuracy).toBeCloseTo((10 * (2 / 3) + priorStrength * priorMean) / (10 + priorStrength), 10);
    expect(m.accuracy).toBeGreaterThan(domainMastery(allWrong, now).get("storage")!.accuracy);
  });

  it("answerCredit: the score when given (clamped), else right or wrong", () => {
    expect(answerCredit({ correct: true })).toBe(1);
    expect(answerCredit({ correct: false, score: null })).toBe(0);
    expect(answerCredit({ correct: false, score: 0.5 })).toBe(0.5);
    expect(answerCredit({ correct: true, score: 1.2 })).toBe(1);
    expect(answerCredit({ correct: false, score: Number.NaN })).toBe(0);
  });
});
