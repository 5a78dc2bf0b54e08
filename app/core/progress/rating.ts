/**
 * Elo-style adaptive difficulty (after Maths Garden: Klinkenberg, Straatemeier & van der Maas
 * 2011). Learner and item share one logit scale: the expected chance of a correct answer is
 * the logistic of (learner - item). After every answer both move by K × (observed - expected),
 * with a K that shrinks as answers accumulate, so new learners and new items move fast and
 * settled ratings stay put.
 *
 * Learner ratings are kept per domain, and optionally per objective (shrunk toward the domain
 * rating until the objective has its own evidence).
 */
import type { BandLevel } from "../content/schema";

/** Logits per authored difficulty step: difficulty 3 = 0 (a typical exam item). */
export const ITEM_RATING_PER_DIFFICULTY_STEP = 0.8;

/**
 * Starting learner rating by score-report band. 0 means 50% on a typical (difficulty 3) item;
 * a candidate who failed near the pass mark gets roughly two in three typical items right.
 */
export const INITIAL_LEARNER_RATING: Record<BandLevel | "unknown", number> = {
  weak: 0,
  near: 0.6,
  strong: 1.4,
  unknown: 0.5,
};

export type KFactorOptions = {
  /** K for the first answer. */
  kMax: number;
  /** K once the rating is settled. */
  kMin: number;
  /** Answers after which K is halfway between kMax and kMin. */
  halfwayAnswers: number;
};

export const LEARNER_K: KFactorOptions = { kMax: 0.5, kMin: 0.12, halfwayAnswers: 10 };
export const ITEM_K: KFactorOptions = { kMax: 0.4, kMin: 0.03, halfwayAnswers: 30 };

/** Answers in an objective at which its own rating counts as much as the domain rating. */
export const OBJECTIVE_SHRINKAGE_ANSWERS = 8;

/** Item rating from the authored difficulty (1 easy .. 5 hard), before any answers. */
export function initialItemRating(difficulty: number): number {
  const d = Math.min(5, Math.max(1, difficulty));
  return (d - 3) * ITEM_RATING_PER_DIFFICULTY_STEP;
}

/** Learner rating before any answers in a domain, from the band the score report gave it. */
export function initialLearnerRating(level?: BandLevel | null): number {
  return INITIAL_LEARNER_RATING[level ?? "unknown"];
}

/** Probability that a learner with `learnerRating` answers an item rated `itemRating` correctly. */
export function expectedSuccess(learnerRating: number, itemRating: number): number {
  return 1 / (1 + Math.exp(itemRating - learnerRating));
}

/** K after `answers` earlier answers: kMax at 0, falling hyperbolically toward kMin. */
export function kFactor(answers: number, options: KFactorOptions): number {
  const n = Math.max(0, answers);
  return options.kMin + ((options.kMax - options.kMin) * options.halfwayAnswers) / (options.halfwayAnswers + n);
}

export type RatingUpdate = {
  learner: number;
  item: number;
  correct: boolean;
  /** Share of the item's points earned (0..1) for multi-part items; the outcome instead of `correct` when given. */
  score?: number;
  /** Answers the learner had given (in this domain/objective) before this one. */
  learnerAnswers: number;
  /** Answers the item had received (from everyone) before this one. */
  itemAnswers: number;
  learnerK?: KFactorOptions;
  itemK?: KFactorOptions;
};

/** One Elo step. Returns the new ratings and the expectation they were judged against. */
export function updateAfterAnswer(update: RatingUpdate): { learner: number; item: number; expected: number } {
  const expected = expectedSuccess(update.learner, update.item);
  const outcome = update.score !== undefined && Number.isFinite(update.score) ? Math.min(1, Math.max(0, update.score)) : update.correct ? 1 : 0;
  const surprise = outcome - expected;
  return {
    learner: update.learner + kFactor(update.learnerAnswers, update.learnerK ?? LEARNER_K) * surprise,
    item: update.item - kFactor(update.itemAnswers, update.itemK ?? ITEM_K) * surprise,
    expected,
  };
}

export type RatingEntry = { rating: number; answers: number };

/** A learner's ratings in one exam: per domain id, and per `objectiveKey(domain, objective)`. */
export type LearnerRatings = {
  domains: Record<string, RatingEntry>;
  objectives: Record<string, RatingEntry>;
};

export function objectiveKey(domain: string, objective: string): string {
  return `${domain}/${objective}`;
}

export function emptyLearnerRatings(): LearnerRatings {
  return { domains: {}, objectives: {} };
}

/**
 * The rating to judge an item against: the objective's own rating shrunk toward the domain
 * rating by how little evidence the objective has. `initial` is used for an unseen domain.
 */
export function learnerRatingFor(
  ratings: LearnerRatings,
  domain: string,
  objective: string | undefined,
  initial: number,
): number {
  const d = ratings.domains[domain];
  const domainRating = d ? d.rating : initial;
  if (!objective) return domainRating;
  const o = ratings.objectives[objectiveKey(domain, objective)];
  if (!o) return domainRating;
  const w = o.answers / (o.answers + OBJECTIVE_SHRINKAGE_ANSWERS);
  return w * o.rating + (1 - w) * domainRating;
}

export type AnswerForRatings = {
  domain: string;
  objective?: string;
  itemRating: number;
  itemAnswers: number;
  correct: boolean;
  /** Learner rating for a domain never answered in before (e.g. from the baseline band). */
  initial: number;
};

/**
 * Applies one answer to a learner's domain and objective ratings (returns a new object) and
 * gives the item's new rating. The item moves against the best estimate of the learner
 * (objective blended with domain).
 */
export function applyAnswerToRatings(
  ratings: LearnerRatings,
  answer: AnswerForRatings,
): { ratings: LearnerRatings; item: number } {
  const domainEntry = ratings.domains[answer.domain] ?? { rating: answer.initial, answers: 0 };
  const domainStep = updateAfterAnswer({
    learner: domainEntry.rating,
    item: answer.itemRating,
    correct: answer.correct,
    learnerAnswers: domainEntry.answers,
    itemAnswers: answer.itemAnswers,
  });
  const domains = { ...ratings.domains, [answer.domain]: { rating: domainStep.learner, answers: domainEntry.answers + 1 } };
  if (!answer.objective) {
    return { ratings: { domains, objectives: ratings.objectives }, item: domainStep.item };
  }
  const key = objectiveKey(answer.domain, answer.objective);
  const blended = learnerRatingFor(ratings, answer.domain, answer.objective, answer.initial);
  const objectiveEntry = ratings.objectives[key] ?? { rating: blended, answers: 0 };
  const objectiveStep = updateAfterAnswer({
    learner: blended,
    item: answer.itemRating,
    correct: answer.correct,
    learnerAnswers: objectiveEntry.answers,
    itemAnswers: answer.itemAnswers,
  });
  // The objective's own rating moves by the same surprise as the blended estimate did.
  const objectiveRating = objectiveEntry.rating + (objectiveStep.learner - blended);
  return {
    ratings: {
      domains,
      objectives: { ...ratings.objectives, [key]: { rating: objectiveRating, answers: objectiveEntry.answers + 1 } },
    },
    item: objectiveStep.item,
  };
}
