/**
 * The one code path for recording an answer to an item, used by practice sessions and (later)
 * mock exams: grade it, update the FSRS card, write the review log, move the Elo ratings.
 *
 * Synchronous, on the writer connection (sqlite-writer.server.ts), inside the caller's
 * writeTransaction: `writeTransaction((db) => recordAnswer(db, input))`, or together with the
 * caller's own writes (answerQuestion in practice.server.ts). Values are stored exactly as Prisma
 * stores them, since Prisma reads these rows (see sqlite-writer.server.ts).
 */
import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { initialLearnerRating, updateAfterAnswer } from "~/core/progress/rating";
import { ratingFromAnswer } from "~/core/scheduling/rating-from-answer";
import { createScheduler, type CardState } from "~/core/scheduling/scheduler";
import type { BandLevel } from "~/core/content/schema";
import { scoreAnswer, type Score } from "~/core/scoring/score";
import { cachedStatements, fromSqlDate, fromSqlDateOrNull, sqlDate, sqlDateOrNull } from "./sqlite-writer.server";

export type AnswerInput = {
  userId: string;
  itemId: string;
  selected: string[];
  guessed: boolean;
  durationMs: number | null;
  source: "practice" | "mock";
  now: Date;
};

export type AnswerOutcome = { correct: boolean; correctKeys: string[]; dueAfter: Date; rating: number; score: Score };

/** Exactly the correct set: no missing and no extra options. */
export function isCorrect(selected: readonly string[], correctKeys: readonly string[]): boolean {
  const s = new Set(selected);
  return s.size === correctKeys.length && correctKeys.every((k) => s.has(k));
}

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
  type: string;
  scoring: string;
  correctOrder: string | null;
  /** JSON array of { key, correct, blank } in authored order. */
  optionsJson: string;
  desiredRetention: number;
  /** Boolean as Prisma stores it: 1 or 0. */
  allowEasy: number;
  cardId: string | null;
  // DateTime columns as stored: ISO text (or epoch milliseconds), see fromSqlDate.
  due: string | number | null;
  stability: number | null;
  difficulty: number | null;
  scheduledDays: number | null;
  learningSteps: number | null;
  reps: number | null;
  lapses: number | null;
  state: number | null;
  lastReview: string | number | null;
  plannedDate: string | number | null;
  learnerRating: number | null;
  learnerAnswers: number | null;
  /** Band level of the domain on the candidate's latest score report for the exam. */
  baselineLevel: string | null;
};

function prepareStatements(db: Database.Database) {
  return {
    // The item with its correct keys, the candidate's settings, card, retake date, domain rating
    // and report band.
    context: db.prepare<[string, string], AnswerContext>(`
      SELECT i.examId, i.domainId, i.rating AS itemRating, i.ratingCount,
        (SELECT json_group_array(o.key) FROM ItemOption o WHERE o.itemId = i.id AND o.correct = 1) AS correctKeys,
        i.type, i.scoring, i.correctOrder,
        (SELECT json_group_array(json_object('key', o.key, 'correct', o.correct, 'blank', o.blank)) FROM (SELECT * FROM ItemOption WHERE itemId = i.id ORDER BY position) o) AS optionsJson,
        u.desiredRetention, u.allowEasy,
        c.id AS cardId, c.due, c.stability, c.difficulty, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.state, c.lastReview,
        p.plannedDate, lr.rating AS learnerRating, lr.answers AS learnerAnswers,
        (SELECT r.level FROM ReportDomainResult r JOIN ScoreReport s ON s.id = r.reportId
          WHERE r.domainId = i.domainId AND s.userId = u.id AND s.examId = i.examId
          ORDER BY s.takenAt DESC, s.createdAt DESC LIMIT 1) AS baselineLevel
      FROM Item i
      JOIN User u ON u.id = ?
      LEFT JOIN Card c ON c.userId = u.id AND c.itemId = i.id
      LEFT JOIN ExamPlan p ON p.userId = u.id AND p.examId = i.examId
      LEFT JOIN LearnerRating lr ON lr.userId = u.id AND lr.domainId = i.domainId
      WHERE i.id = ?`),
    // updatedAt as Prisma's @updatedAt sets it (the practice cache reads cards changed since).
    updateCard: db.prepare(`
      UPDATE Card SET due = ?, stability = ?, difficulty = ?, scheduledDays = ?, learningSteps = ?, reps = ?,
        lapses = ?, state = ?, lastReview = ?, updatedAt = ?
      WHERE id = ?`),
    // Every column, as Prisma's card.create would: the SQL default of updatedAt is CURRENT_TIMESTAMP,
    // another text format than Prisma's, which the practice cache would never pick up.
    insertCard: db.prepare(`
      INSERT INTO Card (id, userId, itemId, due, stability, difficulty, scheduledDays, learningSteps, reps, lapses, state, lastReview, updatedAt)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertLog: db.prepare(`
      INSERT INTO ReviewLog (id, cardId, userId, itemId, source, correct, rating, durationMs, reviewedAt, stateBefore, dueBefore,
        stateAfter, dueAfter, stabilityAfter, difficultyAfter, elapsedDays, scheduledDays, score)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    upsertLearnerRating: db.prepare(`
      INSERT INTO LearnerRating (userId, domainId, rating, answers) VALUES (?, ?, ?, 1)
      ON CONFLICT (userId, domainId) DO UPDATE SET rating = excluded.rating, answers = answers + 1`),
    // updatedAt: as for the card above.
    updateItemRating: db.prepare(`UPDATE Item SET rating = ?, ratingCount = ratingCount + 1, updatedAt = ? WHERE id = ?`),
  };
}

/**
 * Grades the answer and writes its card, review log and ratings, on the writer connection `db`,
 * which must be inside a write transaction (writeTransaction). Throws, writing nothing, when the
 * item or the user does not exist.
 */
export function recordAnswer(db: Database.Database, input: AnswerInput): AnswerOutcome {
  if (!db.inTransaction) throw new Error("recordAnswer: call it inside writeTransaction");
  const { userId, itemId, now } = input;
  const st = cachedStatements(db, prepareStatements);
  const ctx = st.context.get(userId, itemId);
  if (!ctx) throw new Error(`recordAnswer: no item ${itemId} or no user ${userId}`);
  const correctKeys = JSON.parse(ctx.correctKeys) as string[];
  const score = scoreAnswer(
    {
      type: ctx.type,
      scoring: ctx.scoring,
      order: ctx.correctOrder ? (JSON.parse(ctx.correctOrder) as string[]) : null,
      options: (JSON.parse(ctx.optionsJson) as { key: string; correct: number | boolean; blank: string | null }[]).map((o) => ({ key: o.key, correct: Boolean(o.correct), blank: o.blank })),
    },
    input.selected,
  );
  const correct = score.full;

  const rating = ratingFromAnswer({
    correct,
    score: score.max > 1 ? score.score : undefined,
    guessed: input.guessed,
    allowEasy: Boolean(ctx.allowEasy) && input.source === "practice",
    confident: !input.guessed,
    timeMs: input.durationMs ?? undefined,
    expectedTimeMs: 30_000,
  });
  const scheduler = createScheduler({ desiredRetention: ctx.desiredRetention, retakeDate: fromSqlDateOrNull(ctx.plannedDate) });
  const before: CardState | null = ctx.cardId
    ? {
        due: fromSqlDate(ctx.due!),
        stability: ctx.stability!,
        difficulty: ctx.difficulty!,
        scheduled_days: ctx.scheduledDays!,
        learning_steps: ctx.learningSteps!,
        reps: ctx.reps!,
        lapses: ctx.lapses!,
        state: ctx.state!,
        last_review: fromSqlDateOrNull(ctx.lastReview),
      }
    : null;
  const { card, log } = scheduler.schedule(before, rating, now);
  const cardValues = [
    sqlDate(card.due),
    card.stability,
    card.difficulty,
    card.scheduled_days,
    card.learning_steps,
    card.reps,
    card.lapses,
    card.state,
    sqlDateOrNull(card.last_review),
  ];
  const stamp = sqlDate(new Date()); // updatedAt, wall clock as Prisma's @updatedAt
  let cardId = ctx.cardId;
  if (cardId) {
    st.updateCard.run(...cardValues, stamp, cardId);
  } else {
    cardId = cuid();
    st.insertCard.run(cardId, userId, itemId, ...cardValues, stamp);
  }
  st.insertLog.run(
    cuid(),
    cardId,
    userId,
    itemId,
    input.source,
    correct ? 1 : 0,
    rating,
    input.durationMs,
    sqlDate(now),
    log.state_before,
    sqlDateOrNull(log.due_before),
    log.state_after,
    sqlDate(log.due_after),
    log.stability_after,
    log.difficulty_after,
    log.elapsed_days,
    log.scheduled_days,
    score.score,
  );

  // Elo: the learner's domain ability and the item's difficulty move by the surprise.
  const initial = ctx.learnerRating ?? initialLearnerRating((ctx.baselineLevel as BandLevel | null) ?? null);
  const step = updateAfterAnswer({
    learner: initial,
    item: ctx.itemRating,
    correct,
    score: score.max > 1 ? score.score : undefined,
    learnerAnswers: ctx.learnerAnswers ?? 0,
    itemAnswers: ctx.ratingCount,
  });
  st.upsertLearnerRating.run(userId, ctx.domainId, step.learner);
  st.updateItemRating.run(step.item, stamp, itemId);
  return { correct, correctKeys, dueAfter: card.due, rating, score };
}
