import { Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { ratingFromAnswer, type AnswerSignal } from "./rating-from-answer";

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
