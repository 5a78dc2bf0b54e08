/**
 * The one code path for recording an answer to an item, used by practice sessions and (later)
 * mock exams: grade it, update the FSRS card, write the review log, move the Elo ratings.
 */
import crypto from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { initialLearnerRating, updateAfterAnswer } from "~/core/progress/rating";
import { ratingFromAnswer } from "~/core/scheduling/rating-from-answer";
import { createScheduler, type CardState } from "~/core/scheduling/scheduler";
import type { BandLevel } from "~/core/content/schema";

export type AnswerInput = {
  userId: string;
  itemId: string;
  selected: string[];
  guessed: boolean;
  durationMs: number | null;
  source: "practice" | "mock";
  now: Date;
};

export type AnswerOutcome = { correct: boolean; correctKeys: string[]; dueAfter: Date; rating: number };

/** Exactly the correct set: no missing and no extra options. */
export function isCorrect(selected: readonly string[], correctKeys: readonly string[]): boolean {
  const s = new Set(selected);
  return s.size === correctKeys.length && correctKeys.every((k) => s.has(k));
}

type Tx = Prisma.TransactionClient;

// Ids for rows written with raw SQL, in the layout of Prisma's cuid() (v1), which the schema's
// @default(cuid()) would have generated: "c", time, counter, process fingerprint, random (base 36).
let cuidCounter = crypto.randomInt(0, 36 ** 4);
const CUID_FINGERPRINT = (process.pid.toString(36) + crypto.randomBytes(4).readUInt32BE(0).toString(36)).slice(-4).padStart(4, "0");
export function cuid(): string {
  cuidCounter = (cuidCounter + 1) % 36 ** 4;
  const random = crypto.randomBytes(6).readUIntBE(0, 6).toString(36).padStart(8, "0").slice(-8);
  return `c${Date.now().toString(36).padStart(8, "0")}${cuidCounter.toString(36).padStart(4, "0")}${CUID_FINGERPRINT}${random}`;
}

/** Everything recordAnswer reads, in one row (one query instead of six round trips). */
type AnswerContext = {
  examId: string;
  domainId: string;
  itemRating: number;
  ratingCount: number;
  /** JSON array of the keys of the correct options. */
  correctKeys: string;
  desiredRetention: number;
  allowEasy: boolean;
  cardId: string | null;
  due: Date | null;
  stability: number | null;
  difficulty: number | null;
  scheduledDays: number | null;
  learningSteps: number | null;
  reps: number | null;
  lapses: number | null;
  state: number | null;
  lastReview: Date | null;
  plannedDate: Date | null;
  learnerRating: number | null;
  learnerAnswers: number | null;
  /** Band level of the domain on the candidate's latest score report for the exam. */
  baselineLevel: string | null;
};

export async function recordAnswer(tx: Tx, input: AnswerInput): Promise<AnswerOutcome> {
  const { userId, itemId, now } = input;
  // The item with its correct keys, the candidate's settings, card, retake date, domain rating
  // and report band. Raw SQL: each Prisma query costs ~0.5-1.5 ms of overhead, the SQL microseconds.
  const [ctx] = await tx.$queryRaw<AnswerContext[]>`
    SELECT i.examId, i.domainId, i.rating AS itemRating, i.ratingCount,
      (SELECT json_group_array(o.key) FROM ItemOption o WHERE o.itemId = i.id AND o.correct = 1) AS correctKeys,
      u.desiredRetention, u.allowEasy,
      c.id AS cardId, c.due, c.stability, c.difficulty, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.state, c.lastReview,
      p.plannedDate, lr.rating AS learnerRating, lr.answers AS learnerAnswers,
      (SELECT r.level FROM ReportDomainResult r JOIN ScoreReport s ON s.id = r.reportId
        WHERE r.domainId = i.domainId AND s.userId = u.id AND s.examId = i.examId
        ORDER BY s.takenAt DESC, s.createdAt DESC LIMIT 1) AS baselineLevel
    FROM Item i
    JOIN User u ON u.id = ${userId}
    LEFT JOIN Card c ON c.userId = u.id AND c.itemId = i.id
    LEFT JOIN ExamPlan p ON p.userId = u.id AND p.examId = i.examId
    LEFT JOIN LearnerRating lr ON lr.userId = u.id AND lr.domainId = i.domainId
    WHERE i.id = ${itemId}`;
  if (!ctx) throw new Error(`recordAnswer: no item ${itemId} or no user ${userId}`);
  const correctKeys = JSON.parse(ctx.correctKeys) as string[];
  const correct = isCorrect(input.selected, correctKeys);

  const rating = ratingFromAnswer({
    correct,
    guessed: input.guessed,
    allowEasy: ctx.allowEasy && input.source === "practice",
    confident: !input.guessed,
    timeMs: input.durationMs ?? undefined,
    expectedTimeMs: 30_000,
  });
  const scheduler = createScheduler({ desiredRetention: ctx.desiredRetention, retakeDate: ctx.plannedDate ?? null });
  const before: CardState | null = ctx.cardId
    ? {
        due: ctx.due!,
        stability: ctx.stability!,
        difficulty: ctx.difficulty!,
        scheduled_days: ctx.scheduledDays!,
        learning_steps: ctx.learningSteps!,
        reps: ctx.reps!,
        lapses: ctx.lapses!,
        state: ctx.state!,
        last_review: ctx.lastReview,
      }
    : null;
  const { card, log } = scheduler.schedule(before, rating, now);
  const cardData = {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.last_review,
  };
  let cardId = ctx.cardId;
  if (cardId) {
    // updatedAt as Prisma's @updatedAt sets it (the practice cache reads cards changed since).
    await tx.$executeRaw`
      UPDATE Card SET due = ${cardData.due}, stability = ${cardData.stability}, difficulty = ${cardData.difficulty},
        scheduledDays = ${cardData.scheduledDays}, learningSteps = ${cardData.learningSteps}, reps = ${cardData.reps},
        lapses = ${cardData.lapses}, state = ${cardData.state}, lastReview = ${cardData.lastReview}, updatedAt = ${new Date()}
      WHERE id = ${cardId}`;
  } else {
    cardId = (await tx.card.create({ data: { userId, itemId, ...cardData }, select: { id: true } })).id;
  }
  await tx.$executeRaw`
    INSERT INTO ReviewLog (id, cardId, userId, itemId, source, correct, rating, durationMs, reviewedAt, stateBefore, dueBefore,
      stateAfter, dueAfter, stabilityAfter, difficultyAfter, elapsedDays, scheduledDays)
    VALUES (${cuid()}, ${cardId}, ${userId}, ${itemId}, ${input.source}, ${correct}, ${rating}, ${input.durationMs}, ${now},
      ${log.state_before}, ${log.due_before}, ${log.state_after}, ${log.due_after}, ${log.stability_after}, ${log.difficulty_after},
      ${log.elapsed_days}, ${log.scheduled_days})`;

  // Elo: the learner's domain ability and the item's difficulty move by the surprise.
  const initial = ctx.learnerRating ?? initialLearnerRating((ctx.baselineLevel as BandLevel | null) ?? null);
  const step = updateAfterAnswer({
    learner: initial,
    item: ctx.itemRating,
    correct,
    learnerAnswers: ctx.learnerAnswers ?? 0,
    itemAnswers: ctx.ratingCount,
  });
  await tx.$executeRaw`
    INSERT INTO LearnerRating (userId, domainId, rating, answers) VALUES (${userId}, ${ctx.domainId}, ${step.learner}, 1)
    ON CONFLICT (userId, domainId) DO UPDATE SET rating = excluded.rating, answers = answers + 1`;
  // updatedAt: as for the card above.
  await tx.$executeRaw`UPDATE Item SET rating = ${step.item}, ratingCount = ratingCount + 1, updatedAt = ${new Date()} WHERE id = ${itemId}`;
  return { correct, correctKeys, dueAfter: card.due, rating };
}
