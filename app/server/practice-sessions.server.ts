/**
 * Practice sessions after they start: the unfinished ones (listed, resumed, set aside), ending
 * one early, and what today's daily plan has left.
 */
import type { ExamDefinition } from "~/core/content/schema";
import { DEFAULT_MAX_REVIEWS_SHARE } from "~/core/selector/selector";
import { prisma } from "./db.server";
import { sqlDate, writeTransaction } from "./sqlite-writer.server";

const DAY_MS = 86_400_000;
export const MINUTES_PER_QUESTION = 1.5;

export type SessionKind = "daily" | "extra" | "custom" | "mistakes";

const startOfUtcDay = (now: Date) => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);

/**
 * Every session of this exam with a question still to answer, newest first: none is ever hidden
 * by starting another (each stays here until finished or ended).
 */
export async function unfinishedSessions(userId: string, examId: string) {
  const rows = await prisma.practiceSession.findMany({
    where: { userId, examId, completedAt: null, questions: { some: { answeredAt: null } } },
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, createdAt: true, questions: { select: { answeredAt: true, kind: true } } },
  });
  return rows.map((s) => ({
    id: s.id,
    kind: s.kind as SessionKind,
    createdAt: s.createdAt,
    answered: s.questions.filter((q) => q.answeredAt).length,
    total: s.questions.length,
    retries: s.questions.filter((q) => q.kind === "retry").length,
  }));
}
export type UnfinishedSession = Awaited<ReturnType<typeof unfinishedSessions>>[number];

export type EndResult = { ok: true; answered: number; returned: number } | { ok: false; message: string };

/**
 * Ends a session early: what was answered counts (it is already in the review log and on the
 * cards); the questions not answered are removed from it, so nothing marks their items seen and
 * the selector draws them again like any item not drawn. One write transaction, on the same
 * writer as answers, so an answer arriving meanwhile is either in before the end or refused.
 */
export async function endSession(userId: string, sessionId: string, now = new Date()): Promise<EndResult> {
  return writeTransaction((db) => {
    const session = db.prepare(`SELECT id, completedAt FROM PracticeSession WHERE id = ? AND userId = ?`).get(sessionId, userId) as { id: string; completedAt: string | null } | undefined;
    if (!session) return { ok: false, message: "This session is not yours or no longer exists." };
    const answered = (db.prepare(`SELECT count(*) FROM PracticeQuestion WHERE sessionId = ? AND answeredAt IS NOT NULL`).pluck().get(sessionId) as number) ?? 0;
    if (session.completedAt) return { ok: true, answered, returned: 0 };
    const returned = db.prepare(`DELETE FROM PracticeQuestion WHERE sessionId = ? AND answeredAt IS NULL`).run(sessionId).changes;
    db.prepare(`UPDATE PracticeSession SET completedAt = ?, dropped = ? WHERE id = ?`).run(sqlDate(now), returned, sessionId);
    return { ok: true, answered, returned };
  });
}

/**
 * Questions of today's daily plan answered so far (UTC day): first answers in daily sessions,
 * not retries, which come on top of the plan.
 */
export async function dailyAnsweredToday(userId: string, examId: string, now = new Date()): Promise<number> {
  return prisma.practiceQuestion.count({
    where: { answeredAt: { gte: startOfUtcDay(now) }, kind: { not: "retry" }, session: { userId, examId, kind: "daily" } },
  });
}

/**
 * What "Today" shows: what is left of today's daily plan (the candidate's session size, less
 * what daily sessions answered today), split into due reviews and new questions as the selector
 * would, and the minutes that takes. `done`: the plan is finished for today; more is extra.
 * Retries of wrong answers come on top (docs/selector.md, "Session size and retries").
 */
export async function todayPlan(userId: string, exam: Pick<ExamDefinition, "code">, now = new Date()) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionSize: true } });
  const [due, total, seen, answeredToday] = await Promise.all([
    prisma.card.count({ where: { userId, due: { lte: now }, item: { examId: exam.code, retired: false } } }),
    prisma.item.count({ where: { examId: exam.code, retired: false } }),
    prisma.card.count({ where: { userId, item: { examId: exam.code, retired: false } } }),
    dailyAnsweredToday(userId, exam.code, now),
  ]);
  const size = user.sessionSize;
  const left = Math.max(0, size - answeredToday);
  // The selector's cap on reviews is floor(size × share): the same figure here.
  const reviews = Math.min(due, Math.floor(left * DEFAULT_MAX_REVIEWS_SHARE));
  const fresh = Math.max(0, Math.min(total - seen, left - reviews));
  const count = reviews + fresh;
  return {
    due,
    reviews,
    new: fresh,
    unseen: total - seen,
    size,
    answeredToday,
    left,
    done: left === 0,
    minutes: Math.max(1, Math.round(count * MINUTES_PER_QUESTION)),
    extraMinutes: Math.max(1, Math.round(size * MINUTES_PER_QUESTION)),
  };
}
export type TodayPlan = Awaited<ReturnType<typeof todayPlan>>;
