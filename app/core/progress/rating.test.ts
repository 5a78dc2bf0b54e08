import { describe, expect, it } from "vitest";
import { mulberry32 } from "../selector/random";
import {
  applyAnswerToRatings,
  emptyLearnerRatings,
  expectedSuccess,
  initialItemRating,
  initialLearnerRating,
  kFactor,
  LEARNER_K,
  learnerRatingFor,
  objectiveKey,
  updateAfterAnswer,
} from "./rating";

describe("Elo ratings", () => {
  it("maps authored difficulty onto the logit scale, 3 = 0, monotonic", () => {
    expect(initialItemRating(3)).toBe(0);
    const r = [1, 2, 3, 4, 5].map(initialItemRating);
    for (let i = 1; i < r.length; i++) expect(r[i]).toBeGreaterThan(r[i - 1]);
    expect(initialItemRating(9)).toBe(initialItemRating(5));
  });

  it("expected success is 0.5 at equal ratings and rises with the learner's rating", () => {
    expect(expectedSuccess(0.3, 0.3)).toBeCloseTo(0.5);
    expect(expectedSuccess(1, 0)).toBeGreaterThan(0.7);
    expect(expectedSuccess(1, 0) + expectedSuccess(0, 1)).toBeCloseTo(1);
  });

  it("starting rating follows the baseline band", () => {
    expect(initialLearnerRating("weak")).toBeLessThan(initialLearnerRating("near"));
    expect(initialLearnerRating("near")).toBeLessThan(initialLearnerRating("strong"));
    expect(initialLearnerRating(null)).toBeTypeOf("number");
  });

  it("a correct answer raises the learner and lowers the item; a wrong one the reverse", () => {
    const right = updateAfterAnswer({ learner: 0, item: 0, correct: true, learnerAnswers: 0, itemAnswers: 0 });
    expect(right.learner).toBeGreaterThan(0);
    expect(right.item).toBeLessThan(0);
    expect(right.expected).toBeCloseTo(0.5);
    const wrong = updateAfterAnswer({ learner: 0, item: 0, correct: false, learnerAnswers: 0, itemAnswers: 0 });
    expect(wrong.learner).toBeLessThan(0);
    expect(wrong.item).toBeGreaterThan(0);
  });

  it("K shrinks as answers accumulate, toward its floor", () => {
    expect(kFactor(0, LEARNER_K)).toBeCloseTo(LEARNER_K.kMax);
    expect(kFactor(10, LEARNER_K)).toBeLessThan(kFactor(1, LEARNER_K));
    expect(kFactor(10_000, LEARNER_K)).toBeCloseTo(LEARNER_K.kMin, 2);
    const early = updateAfterAnswer({ learner: 0, item: 0, correct: true, learnerAnswers: 0, itemAnswers: 0 });
    const late = updateAfterAnswer({ learner: 0, item: 0, correct: true, learnerAnswers: 200, itemAnswers: 200 });
    expect(late.learner).toBeLessThan(early.learner);
  });

  it("recovers a learner's true ability from simulated answers", () => {
    const rand = mulberry32(7);
    const trueAbility = 1.2;
    let learner = 0;
    for (let n = 0; n < 300; n++) {
      const item = initialItemRating(1 + Math.floor(rand() * 5));
      const correct = rand() < expectedSuccess(trueAbility, item);
      learner = updateAfterAnswer({ learner, item, correct, learnerAnswers: n, itemAnswers: 1000 }).learner;
    }
    expect(Math.abs(learner - trueAbility)).toBeLessThan(0.5);
  });
});

describe("per-domain and per-objective learner ratings", () => {
  it("updates the domain and the objective, shrinking the objective toward the domain", () => {
    let ratings = emptyLearnerRatings();
    const initial = initialLearnerRating("weak");
    expect(learnerRatingFor(ratings, "networking", "vnets", initial)).toBe(initial);
    let itemRating = 0;
    for (let i = 0; i < 5; i++) {
      const res = applyAnswerToRatings(ratings, { domain: "networking", objective: "vnets", itemRating, itemAnswers: i, correct: true, initial });
      ratings = res.ratings;
      itemRating = res.item;
    }
    expect(ratings.domains.networking.answers).toBe(5);
    expect(ratings.domains.networking.rating).toBeGreaterThan(initial);
    expect(ratings.objectives[objectiveKey("networking", "vnets")].answers).toBe(5);
    expect(itemRating).toBeLessThan(0);
    // Another objective of the same domain starts from the domain rating.
    expect(learnerRatingFor(ratings, "networking", "dns-load-balancing", initial)).toBe(ratings.domains.networking.rating);
    // The practised objective leans on its own evidence, but is not yet all of it.
    const own = ratings.objectives[objectiveKey("networking", "vnets")].rating;
    const blended = learnerRatingFor(ratings, "networking", "vnets", initial);
    expect(blended).toBeGreaterThan(Math.min(own, ratings.domains.networking.rating) - 1e-9);
    expect(blended).toBeLessThan(Math.max(own, ratings.domains.networking.rating) + 1e-9);
  });

  it("does not mutate its input", () => {
    const ratings = emptyLearnerRatings();
    applyAnswerToRatings(ratings, { domain: "d", objective: "o", itemRating: 0, itemAnswers: 0, correct: true, initial: 0 });
    expect(ratings).toEqual(emptyLearnerRatings());
  });
});
