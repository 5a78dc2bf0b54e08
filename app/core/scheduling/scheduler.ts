/**
 * FSRS card updates (ts-fsrs 5, FSRS-6), with a retake-date cap: once the candidate has a
 * retake booked, no item's next review may fall after the exam. Practice answers and mock-exam
 * answers go through the same `schedule` call. See docs/scheduling.md.
 */
import {
  createEmptyCard,
  default_w,
  forgetting_curve,
  fsrs,
  generatorParameters,
  Rating,
  State,
  type Card,
  type Grade,
  type StepUnit,
} from "ts-fsrs";

export { Rating, State };
export type { Grade };

/** The fields to persist per (candidate, item). Plain data: numbers, Dates and null. */
export type CardState = {
  due: Date;
  stability: number;
  difficulty: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  /** 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: State;
  last_review: Date | null;
};

/** One row of the review log: enough to audit a schedule and to re-fit FSRS parameters later. */
export type ReviewLogEntry = {
  rating: Grade;
  reviewed_at: Date;
  state_before: State;
  state_after: State;
  /** null on the first answer (there was no card). */
  due_before: Date | null;
  due_after: Date;
  stability_before: number;
  difficulty_before: number;
  stability_after: number;
  difficulty_after: number;
  /** Predicted recall probability at the moment of review; null for a new card. */
  retrievability_before: number | null;
  /** Days since the previous review (fractional); 0 on the first answer. */
  elapsed_days: number;
  /** Whole days from this review to `due_after` (after any retake cap). */
  scheduled_days: number;
  /** True when the retake date pulled `due_after` earlier than FSRS proposed. */
  capped: boolean;
  /** FSRS's own proposal, kept when capped so the cap can be audited. */
  uncapped_due: Date | null;
};

export type SchedulerOptions = {
  /** Target probability of recall at the due date, 0 < r < 1. Default 0.9. */
  desiredRetention?: number;
  /** The booked retake; due dates are capped before it. */
  retakeDate?: Date | null;
  /** Spread intervals slightly so reviews do not bunch (deterministic per card). Default false. */
  enableFuzz?: boolean;
  /** Longest interval in days. Default 36500 (ts-fsrs default). */
  maximumInterval?: number;
  /** How long before the retake the last review should fall. Default 1 day. */
  retakeMarginDays?: number;
  /** A capped due date is never sooner than this after the answer. Default 10 minutes. */
  minimumStepMinutes?: number;
  /** Fitted FSRS parameters (w); default: ts-fsrs defaults. */
  parameters?: readonly number[];
  /**
   * Same-day steps for new and lapsed cards. Default [] (FSRS schedules in days from the first
   * answer): re-asking a multiple-choice item minutes after it was answered right tests
   * recognition, not recall, and a wrong answer already comes back the same day as a selector
   * "retry". Pass ts-fsrs's own ["1m", "10m"] / ["10m"] for flashcard-style steps.
   */
  learningSteps?: readonly StepUnit[];
  relearningSteps?: readonly StepUnit[];
};

export type Scheduler = {
  schedule(card: CardState | null, rating: Grade, now: Date): { card: CardState; log: ReviewLogEntry };
  retrievability(card: CardState | null, now: Date): number;
  /** The latest allowed due date for an answer at `now`, or null when nothing caps it. */
  dueCap(now: Date): Date | null;
  readonly options: Readonly<Required<Omit<SchedulerOptions, "retakeDate" | "parameters" | "learningSteps" | "relearningSteps">>> & {
    retakeDate: Date | null;
  };
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export const SCHEDULER_DEFAULTS = {
  desiredRetention: 0.9,
  enableFuzz: false,
  maximumInterval: 36500,
  retakeMarginDays: 1,
  minimumStepMinutes: 10,
  learningSteps: [] as readonly StepUnit[],
  relearningSteps: [] as readonly StepUnit[],
};

export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const desiredRetention = options.desiredRetention ?? SCHEDULER_DEFAULTS.desiredRetention;
  if (!(desiredRetention > 0 && desiredRetention < 1)) {
    throw new RangeError(`desiredRetention must be between 0 and 1 (exclusive), got ${desiredRetention}`);
  }
  const retakeDate = options.retakeDate ?? null;
  if (retakeDate && Number.isNaN(retakeDate.getTime())) throw new RangeError("retakeDate is not a valid date");
  const resolved = {
    desiredRetention,
    enableFuzz: options.enableFuzz ?? SCHEDULER_DEFAULTS.enableFuzz,
    maximumInterval: options.maximumInterval ?? SCHEDULER_DEFAULTS.maximumInterval,
    retakeMarginDays: options.retakeMarginDays ?? SCHEDULER_DEFAULTS.retakeMarginDays,
    minimumStepMinutes: options.minimumStepMinutes ?? SCHEDULER_DEFAULTS.minimumStepMinutes,
    retakeDate,
  };
  const w = options.parameters ?? default_w;
  const f = fsrs(
    generatorParameters({
      request_retention: desiredRetention,
      maximum_interval: resolved.maximumInterval,
      enable_fuzz: resolved.enableFuzz,
      w: [...w],
      learning_steps: [...(options.learningSteps ?? SCHEDULER_DEFAULTS.learningSteps)],
      relearning_steps: [...(options.relearningSteps ?? SCHEDULER_DEFAULTS.relearningSteps)],
    }),
  );
  const fittedW = f.parameters.w;

  function dueCap(now: Date): Date | null {
    if (!retakeDate) return null;
    const nowMs = now.getTime();
    const retakeMs = retakeDate.getTime();
    if (nowMs >= retakeMs) return null; // exam is over: plain FSRS
    const minStepMs = resolved.minimumStepMinutes * MINUTE_MS;
    const lastReviewBy = retakeMs - resolved.retakeMarginDays * DAY_MS;
    if (nowMs < lastReviewBy) return new Date(Math.max(lastReviewBy, nowMs + minStepMs));
    // Inside the margin (exam eve): one more look halfway to the exam.
    return new Date(nowMs + Math.max(minStepMs, (retakeMs - nowMs) / 2));
  }

  function schedule(card: CardState | null, rating: Grade, now: Date) {
    if (rating < Rating.Again || rating > Rating.Easy) throw new RangeError(`rating must be 1..4, got ${rating}`);
    // A clock that went backwards must not produce negative elapsed time.
    const at = card?.last_review && now < card.last_review ? card.last_review : now;
    const before: Card = card ? toFsrsCard(card) : createEmptyCard(at);
    const next = f.next(before, at, rating).card;

    let due = next.due;
    let scheduledDays = next.scheduled_days;
    // ts-fsrs keeps Easy at least a day beyond Good, which can pass maximum_interval; hold the line.
    const longest = at.getTime() + resolved.maximumInterval * DAY_MS;
    if (due.getTime() > longest) {
      due = new Date(longest);
      scheduledDays = resolved.maximumInterval;
    }
    let capped = false;
    const cap = dueCap(at);
    if (cap && due.getTime() > cap.getTime()) {
      due = cap;
      scheduledDays = Math.floor((cap.getTime() - at.getTime()) / DAY_MS);
      capped = true;
    }
    const after: CardState = {
      due,
      stability: next.stability,
      difficulty: next.difficulty,
      scheduled_days: scheduledDays,
      learning_steps: next.learning_steps,
      reps: next.reps,
      lapses: next.lapses,
      state: next.state,
      last_review: next.last_review ?? at,
    };
    const log: ReviewLogEntry = {
      rating,
      reviewed_at: at,
      state_before: card ? card.state : State.New,
      state_after: after.state,
      due_before: card ? card.due : null,
      due_after: due,
      stability_before: card ? card.stability : 0,
      difficulty_before: card ? card.difficulty : 0,
      stability_after: after.stability,
      difficulty_after: after.difficulty,
      retrievability_before: card && card.state !== State.New ? retrievabilityWith(fittedW, card, at) : null,
      elapsed_days: card?.last_review ? (at.getTime() - card.last_review.getTime()) / DAY_MS : 0,
      scheduled_days: scheduledDays,
      capped,
      uncapped_due: capped ? next.due : null,
    };
    return { card: after, log };
  }

  return {
    schedule,
    retrievability: (card, now) => retrievabilityWith(fittedW, card, now),
    dueCap,
    options: resolved,
  };
}

/**
 * Probability of recall now (FSRS-6 forgetting curve, default parameters), using fractional
 * days since the last review. 0 for a card never answered.
 */
export function retrievability(card: CardState | null, now: Date): number {
  return retrievabilityWith(default_w, card, now);
}

function retrievabilityWith(w: readonly number[], card: CardState | null, now: Date): number {
  if (!card || card.state === State.New || !card.last_review || !(card.stability > 0)) return 0;
  const t = Math.max(0, (now.getTime() - card.last_review.getTime()) / DAY_MS);
  return forgetting_curve(w, t, card.stability);
}

function toFsrsCard(card: CardState): Card {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review ?? undefined,
  };
}

/** Rebuilds a CardState from JSON (dates as ISO strings or epoch ms), e.g. from a cache or an API. */
export function cardStateFromJson(raw: {
  due: string | number | Date;
  stability: number;
  difficulty: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: string | number | Date | null | undefined;
}): CardState {
  const due = new Date(raw.due);
  if (Number.isNaN(due.getTime())) throw new RangeError("card due is not a valid date");
  if (!(raw.state in State)) throw new RangeError(`card state must be 0..3, got ${raw.state}`);
  return {
    due,
    stability: raw.stability,
    difficulty: raw.difficulty,
    scheduled_days: raw.scheduled_days,
    learning_steps: raw.learning_steps,
    reps: raw.reps,
    lapses: raw.lapses,
    state: raw.state as State,
    last_review: raw.last_review == null ? null : new Date(raw.last_review),
  };
}
