import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BandMatch } from "../report/bands";
import { AZ104, GARDEN } from "../report/test-exams";
import { ESTIMATE_PASS_SHARE, estimateScore, scoreMock, type ScoredAnswer } from "./score";

const WEAK: BandMatch = { label: "Needs improvement", level: "weak" };
const NEAR: BandMatch = { label: "Near baseline", level: "near" };
const STRONG: BandMatch = { label: "Above baseline", level: "strong" };

/** `right` correct, `wrong` wrong and `blank` unanswered answers in a domain. */
function answers(domain: string, right: number, wrong: number, blank = 0): ScoredAnswer[] {
  return [
    ...Array.from({ length: right }, () => ({ domain, correct: true })),
    ...Array.from({ length: wrong }, () => ({ domain, correct: false })),
    ...Array.from({ length: blank }, () => ({ domain, correct: null })),
  ];
}

// A full AZ-104 mock (12 / 10 / 12 / 9 / 7), AZ-104 bands: below 45 weak, from 45 near, from 70 strong.
const FULL: ScoredAnswer[] = [
  ...answers("networking", 4, 3, 2), // 4 / 9 = 44.4%: weak; 2 unanswered count as wrong
  ...answers("identity-governance", 9, 3), // 75%: strong
  ...answers("storage", 7, 3), // 70%: strong (the threshold itself)
  ...answers("compute", 6, 6), // 50%: near
  ...answers("monitor-maintain", 5, 2), // 71.4%: strong
];

describe("scoreMock", () => {
  it("scores each domain, in blueprint order, and counts unanswered questions as wrong", () => {
    const r = scoreMock(AZ104, FULL, null);
    expect(r).toMatchObject({ total: 50, answered: 48, correct: 31, share: 31 / 50, partial: false });
    expect(r.domains.map((d) => [d.domain, d.total, d.correct, d.band.label])).toEqual([
      ["identity-governance", 12, 9, "Above baseline"],
      ["storage", 10, 7, "Above baseline"],
      ["compute", 12, 6, "Near baseline"],
      ["networking", 9, 4, "Needs improvement"],
      ["monitor-maintain", 7, 5, "Above baseline"],
    ]);
    expect(r.domains[3]).toMatchObject({
      name: "Implement and manage virtual networking",
      share: 4 / 9,
      band: WEAK,
      baseline: null,
      change: null,
      changeText: null,
    });
  });

  it("applies the exam's own band definition to the share", () => {
    const bandAt = (right: number, total: number) =>
      scoreMock(AZ104, answers("storage", right, total - right), null).domains[0].band;
    expect(bandAt(0, 10)).toEqual(WEAK);
    expect(bandAt(44, 100)).toEqual(WEAK);
    expect(bandAt(9, 20)).toEqual(NEAR); // 45% exactly
    expect(bandAt(69, 100)).toEqual(NEAR);
    expect(bandAt(7, 10)).toEqual(STRONG); // 70% exactly
    expect(bandAt(10, 10)).toEqual(STRONG);
    // Another exam's words and thresholds (GX-900: near from 40, strong from 80): 75% is only near there.
    expect(scoreMock(GARDEN, answers("soil", 3, 1), null).domains[0].band).toEqual({ label: "Sprouting", level: "near" });
    expect(scoreMock(GARDEN, answers("soil", 4, 1), null).domains[0].band).toEqual({ label: "Blooming", level: "strong" });
  });

  it("says how each domain moved against the baseline", () => {
    const baseline = new Map<string, BandMatch>([
      ["identity-governance", NEAR], // -> strong: up
      ["storage", STRONG], // -> strong: same
      ["compute", WEAK], // -> near: up
      ["networking", NEAR], // -> weak: down
      // monitor-maintain not in the report
    ]);
    const r = scoreMock(AZ104, FULL, baseline);
    expect(r.domains.map((d) => [d.domain, d.change, d.changeText])).toEqual([
      ["identity-governance", "up", "Near baseline → Above baseline"],
      ["storage", "same", "Above baseline, unchanged"],
      ["compute", "up", "Needs improvement → Near baseline"],
      ["networking", "down", "Near baseline → Needs improvement"],
      ["monitor-maintain", null, null],
    ]);
    expect(r.domains[2].baseline).toEqual(WEAK);
  });

  it("weights the domain shares by blueprint midpoints and maps them to an estimated score", () => {
    const r = scoreMock(AZ104, FULL, null);
    // (22.5 x 0.75 + 17.5 x 0.7 + 22.5 x 0.5 + 17.5 x 4/9 + 12.5 x 5/7) / 92.5
    const expected = (22.5 * 0.75 + 17.5 * 0.7 + 22.5 * 0.5 + 17.5 * (4 / 9) + 12.5 * (5 / 7)) / 92.5;
    expect(r.weightedShare).toBeCloseTo(expected, 12);
    // (16.875 + 12.25 + 11.25 + 7.778 + 8.929) / 92.5 = 0.6171 < 0.7: 1 + 699 x 0.6171 / 0.7 = 617.2
    expect(r.estimatedScore).toBe(Math.round(1 + (699 * expected) / ESTIMATE_PASS_SHARE));
    expect(r.estimatedScore).toBe(617);
    expect(r.passedEstimate).toBe(false);
  });

  it("maps 0 to the minimum, the pass share to the pass mark and 1 to the maximum, linearly between", () => {
    const score = AZ104.score; // 1 / 700 / 1000
    expect(estimateScore(score, 0)).toBe(1);
    expect(estimateScore(score, 0.35)).toBe(351); // 350.5
    expect(estimateScore(score, ESTIMATE_PASS_SHARE)).toBe(700);
    expect(estimateScore(score, 0.85)).toBe(850);
    expect(estimateScore(score, 1)).toBe(1000);
    expect(estimateScore(GARDEN.score, 0.7)).toBe(600);
    const all = scoreMock(
      AZ104,
      FULL.map((a) => ({ ...a, correct: true })),
      null,
    );
    expect(all).toMatchObject({ estimatedScore: 1000, passedEstimate: true, weightedShare: 1 });
    const none = scoreMock(
      AZ104,
      FULL.map((a) => ({ ...a, correct: null })),
      null,
    );
    expect(none).toMatchObject({ estimatedScore: 1, passedEstimate: false, answered: 0, correct: 0 });
    // Exactly at the pass share: 7 of 10 right in every domain.
    const pass = scoreMock(
      AZ104,
      AZ104.domains.flatMap((d) => answers(d.id, 7, 3)),
      null,
    );
    expect(pass).toMatchObject({ estimatedScore: 700, passedEstimate: true });
  });

  it("never lowers the estimate when a wrong or unanswered question becomes right (property)", () => {
    const answer = fc.record({
      domain: fc.constantFrom(...AZ104.domains.map((d) => d.id)),
      correct: fc.constantFrom<boolean | null>(true, false, null),
    });
    fc.assert(
      fc.property(fc.array(answer, { minLength: 1, maxLength: 60 }), fc.nat(), (list, pick) => {
        const wrong = list.map((a, i) => (a.correct === true ? -1 : i)).filter((i) => i >= 0);
        if (!wrong.length) return;
        const flip = wrong[pick % wrong.length];
        const before = scoreMock(AZ104, list, null);
        const after = scoreMock(
          AZ104,
          list.map((a, i) => (i === flip ? { ...a, correct: true } : a)),
          null,
        );
        expect(after.correct).toBe(before.correct + 1);
        expect(after.weightedShare).toBeGreaterThan(before.weightedShare);
        expect(after.estimatedScore).toBeGreaterThanOrEqual(before.estimatedScore);
        expect(after.estimatedScore).toBeGreaterThanOrEqual(AZ104.score.min);
        expect(after.estimatedScore).toBeLessThanOrEqual(AZ104.score.max);
      }),
      { numRuns: 300 },
    );
  });

  it("marks a mock that left out domains as partial and weights only the domains it covered", () => {
    const r = scoreMock(AZ104, [...answers("storage", 3, 1), ...answers("networking", 1, 3)], null);
    expect(r.partial).toBe(true);
    expect(r.domains.map((d) => d.domain)).toEqual(["storage", "networking"]);
    expect(r.weightedShare).toBeCloseTo(0.5, 12); // equal weights 17.5 and 17.5
    expect(r.method).toContain("only the domains this mock covered");
    expect(scoreMock(AZ104, [], null)).toMatchObject({
      total: 0,
      share: 0,
      weightedShare: 0,
      estimatedScore: 1,
      partial: true,
      domains: [],
    });
  });

  it("counts answers of a domain the exam no longer has only in the raw totals", () => {
    const r = scoreMock(AZ104, [...answers("storage", 2, 0), ...answers("retired-domain", 0, 2)], null);
    expect(r).toMatchObject({ total: 4, correct: 2, share: 0.5, weightedShare: 1 });
    expect(r.domains.map((d) => d.domain)).toEqual(["storage"]);
  });

  it("explains the estimate in one sentence and is plain JSON", () => {
    const r = scoreMock(AZ104, FULL, new Map([["storage", WEAK]]));
    expect(r.method).toBe(
      "An estimate from practice questions, not an official score: Microsoft does not publish how it scales answers to 1-1000, " +
        "so we weight each domain's share correct by the blueprint and map 0-70% linearly to 1-700 and 70%-100% to 700-1000.",
    );
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  describe("multi-part items: fractional points", () => {
    it("counts each answer's score as its points, instead of right / wrong", () => {
      const list: ScoredAnswer[] = [
        { domain: "storage", correct: true, score: 1 },
        { domain: "storage", correct: false, score: 0.5 }, // one of two blanks
        { domain: "storage", correct: false, score: 2 / 3 }, // two of three statements
        { domain: "storage", correct: false, score: 0 },
        { domain: "storage", correct: null, score: null }, // unanswered
        { domain: "compute", correct: true }, // single answer: no score
        { domain: "compute", correct: false, score: null },
      ];
      const r = scoreMock(AZ104, list, null);
      expect(r).toMatchObject({ total: 7, answered: 6, partial: true });
      expect(r.correct).toBeCloseTo(1 + 0.5 + 2 / 3 + 1, 8);
      expect(r.share).toBeCloseTo((1 + 0.5 + 2 / 3 + 1) / 7, 8);
      expect(r.domains.map((d) => [d.domain, d.total])).toEqual([
        ["storage", 5],
        ["compute", 2],
      ]);
      expect(r.domains[0].correct).toBeCloseTo(13 / 6, 8);
      expect(r.domains[0].share).toBeCloseTo(13 / 30, 8); // 43.3%: weak
      expect(r.domains[0].band).toEqual(WEAK);
      expect(r.domains[1]).toMatchObject({ correct: 1, share: 0.5, band: NEAR });
    });

    it("a score wins over `correct` when both are given", () => {
      expect(scoreMock(AZ104, [{ domain: "storage", correct: true, score: 0.25 }], null).correct).toBe(0.25);
      expect(scoreMock(AZ104, [{ domain: "storage", correct: false, score: 1 }], null).correct).toBe(1);
    });

    it("a share exactly on a band threshold gets that band despite float sums", () => {
      // 1 + 0.4 + 0.2 + 0.2 = 1.8 of 4 = 45% (near from 45); in floating point the sum is 1.7999999999999998.
      const near = scoreMock(AZ104, [1, 0.4, 0.2, 0.2].map((score) => ({ domain: "storage", correct: score === 1, score })), null);
      expect(near.domains[0]).toMatchObject({ correct: 1.8, band: NEAR });
      expect(near.domains[0].share).toBeCloseTo(0.45, 12);
      expect(near.correct).toBe(1.8);
      // 7 of 10 = 70% (strong from 70); summed in floating point, 6.999999999999999.
      const scores = [1, 0.75, 0.25, 0.8, 0.8, 0.8, 0.8, 0.8, 0, 1];
      const strong = scoreMock(AZ104, scores.map((score) => ({ domain: "storage", correct: score === 1, score })), null);
      expect(strong.domains[0]).toMatchObject({ correct: 7, share: 0.7, band: STRONG });
    });

    it("points stay within 0..total, and the estimate within the exam's range (property)", () => {
      const answer = fc.record({
        domain: fc.constantFrom(...AZ104.domains.map((d) => d.id)),
        correct: fc.constantFrom<boolean | null>(true, false, null),
        score: fc.option(fc.constantFrom(0, 1 / 5, 1 / 4, 1 / 3, 2 / 5, 1 / 2, 3 / 5, 2 / 3, 3 / 4, 4 / 5, 1), { nil: undefined }),
      });
      fc.assert(
        fc.property(fc.array(answer, { maxLength: 60 }), (list) => {
          const r = scoreMock(AZ104, list, null);
          expect(r.correct).toBeGreaterThanOrEqual(0);
          expect(r.correct).toBeLessThanOrEqual(r.total);
          for (const d of r.domains) expect(d.share).toBeLessThanOrEqual(1);
          expect(r.estimatedScore).toBeGreaterThanOrEqual(AZ104.score.min);
          expect(r.estimatedScore).toBeLessThanOrEqual(AZ104.score.max);
          expect(JSON.parse(JSON.stringify(r))).toEqual(r);
        }),
        { numRuns: 300 },
      );
    });
  });
});
