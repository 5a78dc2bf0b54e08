import { Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { PARTIAL_HARD_FROM, ratingFromAnswer, type AnswerSignal } from "./rating-from-answer";

const quick = { timeMs: 20_000, expectedTimeMs: 60_000 };
const slow = { timeMs: 90_000, expectedTimeMs: 60_000 };

describe("ratingFromAnswer: the mapping table", () => {
  const rows: [string, AnswerSignal, Rating][] = [
    ["wrong", { correct: false, guessed: false, allowEasy: true }, Rating.Again],
    ["wrong, even if confident and quick", { correct: false, guessed: false, confident: true, ...quick, allowEasy: true }, Rating.Again],
    ["wrong and guessed", { correct: false, guessed: true, allowEasy: true }, Rating.Again],
    ["right", { correct: true, guessed: false, allowEasy: true }, Rating.Good],
    ["right, guessed", { correct: true, guessed: true, allowEasy: true }, Rating.Hard],
    ["right, guessed and 'confident' (guess wins)", { correct: true, guessed: true, confident: true, ...quick, allowEasy: true }, Rating.Hard],
    ["right, confident, quick, Easy allowed", { correct: true, guessed: false, confident: true, ...quick, allowEasy: true }, Rating.Easy],
    ["right, confident, quick, Easy not allowed", { correct: true, guessed: false, confident: true, ...quick, allowEasy: false }, Rating.Good],
    ["right, confident, slow", { correct: true, guessed: false, confident: true, ...slow, allowEasy: true }, Rating.Good],
    ["right, confident, exactly the expected time", { correct: true, guessed: false, confident: true, timeMs: 60_000, expectedTimeMs: 60_000, allowEasy: true }, Rating.Good],
    ["right, confident, no timing", { correct: true, guessed: false, confident: true, allowEasy: true }, Rating.Good],
    ["right, quick but not confident", { correct: true, guessed: false, ...quick, allowEasy: true }, Rating.Good],
    ["right, no guess toggle (mock exam)", { correct: true, allowEasy: false }, Rating.Good],
    ["right, confident, bogus negative time", { correct: true, guessed: false, confident: true, timeMs: -5, expectedTimeMs: 60_000, allowEasy: true }, Rating.Good],
  ];
  it.each(rows)("%s", (_label, signal, expected) => {
    expect(ratingFromAnswer(signal)).toBe(expected);
  });
});

describe("ratingFromAnswer: partly right multi-part items (score)", () => {
  const rows: [string, AnswerSignal, Rating][] = [
    ["half the points -> Hard", { correct: false, score: 0.5, allowEasy: true }, Rating.Hard],
    ["two of three -> Hard", { correct: false, score: 2 / 3, allowEasy: true }, Rating.Hard],
    ["just under half -> Again", { correct: false, score: 0.49, allowEasy: true }, Rating.Again],
    ["one of three -> Again", { correct: false, score: 1 / 3, allowEasy: true }, Rating.Again],
    ["no points -> Again", { correct: false, score: 0, allowEasy: true }, Rating.Again],
    ["partly right and guessed -> still Hard", { correct: false, guessed: true, score: 0.75, allowEasy: true }, Rating.Hard],
    ["partly right, confident and quick -> still Hard", { correct: false, confident: true, ...quick, score: 0.75, allowEasy: true }, Rating.Hard],
    ["a bogus score -> Again", { correct: false, score: Number.NaN, allowEasy: true }, Rating.Again],
    ["fully right: the score does not matter (Good)", { correct: true, score: 1, allowEasy: true }, Rating.Good],
    ["fully right, guessed -> Hard", { correct: true, guessed: true, score: 1, allowEasy: true }, Rating.Hard],
    ["fully right, confident, quick -> Easy", { correct: true, confident: true, ...quick, score: 1, allowEasy: true }, Rating.Easy],
  ];
  it.each(rows)("%s", (_label, signal, expected) => {
    expect(ratingFromAnswer(signal)).toBe(expected);
  });
  it("the threshold is PARTIAL_HARD_FROM", () => {
    expect(PARTIAL_HARD_FROM).toBe(0.5);
    expect(ratingFromAnswer({ correct: false, score: PARTIAL_HARD_FROM, allowEasy: false })).toBe(Rating.Hard);
    expect(ratingFromAnswer({ correct: false, score: PARTIAL_HARD_FROM - Number.EPSILON, allowEasy: false })).toBe(Rating.Again);
  });
});
