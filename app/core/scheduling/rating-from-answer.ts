/**
 * Turns one answer into an FSRS rating. Multiple-choice gives no graded recall, so we follow
 * the FSRS authors' advice: correct -> Good, wrong -> Again, and Hard/Easy only from an
 * explicit signal. Mapping (first matching row wins; also in docs/scheduling.md):
 *
 * | correct | guessed | confident | quick (timeMs < expectedTimeMs) | allowEasy | rating |
 * |---------|---------|-----------|--------------------------------|-----------|--------|
 * | no, but a multi-part item with >= half its points | any | any | any | any | Hard |
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
  /**
   * Share of the points earned on a multi-part item (statement series, ordering, drop-downs).
   * Not fully right: half or more of the points -> Hard, less -> Again (docs/content-format.md).
   */
  score?: number;
};

/** Partly right at or above this share of the points: Hard rather than Again. */
export const PARTIAL_HARD_FROM = 0.5;

export function ratingFromAnswer(answer: AnswerSignal): Grade {
  if (!answer.correct) return answer.score !== undefined && answer.score >= PARTIAL_HARD_FROM ? Rating.Hard : Rating.Again;
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
