/**
 * Turns one answer into an FSRS rating. Multiple-choice gives no graded recall, so we follow
 * the FSRS authors' advice: correct -> Good, wrong -> Again, and Hard/Easy only from an
 * explicit signal. Mapping (first matching row wins; also in docs/scheduling.md):
 *
 * | correct | guessed | confident | quick (timeMs < expectedTimeMs) | allowEasy | rating |
 * |---------|---------|-----------|--------------------------------|-----------|--------|
 * | no      | any     | any       | any                            | any       | Again  |
 * | yes     | yes     | any       | any                            | any       | Hard   |
 * | yes     | no      | yes       | yes                            | yes       | Easy   |
 * | yes     | no      | otherwise                                  |           | Good   |
 *
 * "Guessed" wins over "confident" (a candidate who ticks both was not sure). Easy needs both
 * the candidate's confidence and a measured time under the expected time, and is off unless
 * the caller allows it (e.g. not in mock exams, where nobody rates confidence).
 */
import { Rating, type Grade } from "ts-fsrs";

export type AnswerSignal = {
  correct: boolean;
  /** The candidate said they guessed. Defaults to false (e.g. mock exams have no toggle). */
  guessed?: boolean;
  /** The candidate said they were sure. */
  confident?: boolean;
  /** Time spent on the item. */
  timeMs?: number;
  /** Typical time for the item (e.g. the exam's minutes per question). */
  expectedTimeMs?: number;
  allowEasy: boolean;
};

export function ratingFromAnswer(answer: AnswerSignal): Grade {
  if (!answer.correct) return Rating.Again;
  if (answer.guessed) return Rating.Hard;
  const quick =
    answer.timeMs !== undefined &&
    answer.expectedTimeMs !== undefined &&
    Number.isFinite(answer.timeMs) &&
    answer.timeMs >= 0 &&
    answer.timeMs < answer.expectedTimeMs;
  if (answer.allowEasy && answer.confident && quick) return Rating.Easy;
  return Rating.Good;
}
