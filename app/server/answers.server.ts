/**
 * The one code path for recording an answer to an item, used by practice sessions and (later)
 * mock exams: grade it, update the FSRS card, write the review log, move the Elo ratings.
 */
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

export async function recordAnswer(tx: Tx, input: AnswerInput): Promise<AnswerOutcome> {
  const { userId, itemId, now } = input;
  const [item, user, existing] = await Promise.all([
    tx.item.findUniqueOrThrow({
      where: { id: itemId },
      select: { examId: true, domainId: true, rating: true, ratingCount: true, options: { where: { correct: true }, select: { key: true } } },
    }),
    tx.user.findUniqueOrThrow({ where: { id: userId }, select: { desiredRetention: true, allowEasy: true } }),
    tx.card.findUnique({ where: { userId_itemId: { userId, itemId } } }),
  ]);
  const correctKeys = item.options.map((o) => o.key);
  const correct = isCorrect(input.selected, correctKeys);

  const [plan, learner] = await Promise.all([
    tx.examPlan.findUnique({ where: { userId_examId: { userId, examId: item.examId } }, select: { plannedDate: true } }),
    tx.learnerRating.findUnique({ where: { userId_domainId: { userId, domainId: item.domainId } }, select: { rating: true, answers: true } }),
  ]);

  const rating = ratingFromAnswer({
    correct,
    guessed: input.guessed,
    allowEasy: user.allowEasy && input.source === "practice",
    confident: !input.guessed,
    timeMs: input.durationMs ?? undefined,
    expectedTimeMs: 30_000,
  });
  const scheduler = createScheduler({ desiredRetention: user.desiredRetention, retakeDate: plan?.plannedDate ?? null });
  const before: CardState | null = existing
    ? {
        due: existing.due,
        stability: existing.stability,
        difficulty: existing.difficulty,
        scheduled_days: existing.scheduledDays,
        learning_steps: existing.learningSteps,
        reps: existing.reps,
        lapses: existing.lapses,
        state: existing.state,
        last_review: existing.lastReview,
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
  const saved = existing
    ? await tx.card.update({ where: { id: existing.id }, data: cardData, select: { id: true } })
    : await tx.card.create({ data: { userId, itemId, ...cardData }, select: { id: true } });
  await tx.reviewLog.create({
    data: {
      cardId: saved.id,
      userId,
      itemId,
      source: input.source,
      correct,
      rating,
      durationMs: input.durationMs,
      reviewedAt: now,
      stateBefore: log.state_before,
      dueBefore: log.due_before,
      stateAfter: log.state_after,
      dueAfter: log.due_after,
      stabilityAfter: log.stability_after,
      difficultyAfter: log.difficulty_after,
      elapsedDays: log.elapsed_days,
      scheduledDays: log.scheduled_days,
    },
  });

  // Elo: the learner's domain ability and the item's difficulty move by the surprise.
  let initial = learner?.rating;
  if (initial === undefined) {
    const level = await baselineLevel(tx, userId, item.examId, item.domainId);
    initial = initialLearnerRating(level);
  }
  const step = updateAfterAnswer({
    learner: initial,
    item: item.rating,
    correct,
    learnerAnswers: learner?.answers ?? 0,
    itemAnswers: item.ratingCount,
  });
  await tx.learnerRating.upsert({
    where: { userId_domainId: { userId, domainId: item.domainId } },
    create: { userId, domainId: item.domainId, rating: step.learner, answers: 1 },
    update: { rating: step.learner, answers: { increment: 1 } },
  });
  await tx.item.update({ where: { id: itemId }, data: { rating: step.item, ratingCount: { increment: 1 } } });
  return { correct, correctKeys, dueAfter: card.due, rating };
}

async function baselineLevel(tx: Tx, userId: string, examId: string, domainId: string): Promise<BandLevel | null> {
  const r = await tx.reportDomainResult.findFirst({
    where: { domainId, report: { userId, examId } },
    orderBy: [{ report: { takenAt: "desc" } }, { report: { createdAt: "desc" } }],
    select: { level: true },
  });
  return (r?.level as BandLevel | undefined) ?? null;
}
