/**
 * The candidate's account: settings, password change, export of everything that is theirs, and
 * deletion of the account with all its data (every table cascades from User).
 */
import { prisma } from "./db.server";
import { hashPassword, verifyPassword } from "./password.server";
import { endSessions } from "./session.server";

export async function updatePracticeSettings(userId: string, data: { sessionSize: number; desiredRetention: number; allowEasy: boolean }) {
  await prisma.user.update({ where: { id: userId }, data });
}

async function passwordMatches(userId: string, password: string): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(user) && (await verifyPassword(user!.passwordHash, password));
}

/** Changes the password (argon2id as at signup) and ends every other session of the candidate. */
export async function changePassword(userId: string, currentSessionId: string, current: string, next: string): Promise<{ ok: true; endedSessions: number } | { ok: false }> {
  if (!(await passwordMatches(userId, current))) return { ok: false };
  await prisma.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next) } });
  return { ok: true, endedSessions: await endSessions(userId, { except: currentSessionId }) };
}

/** Deletes the account and, by cascade, all its reports, answers, cards, mocks, flags and sessions. */
export async function deleteAccount(userId: string, password: string): Promise<boolean> {
  if (!(await passwordMatches(userId, password))) return false;
  await prisma.user.delete({ where: { id: userId } });
  return true;
}

/** Everything stored for the candidate, as plain JSON (no password hash, no session tokens). */
export async function exportAccount(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true, createdAt: true, desiredRetention: true, sessionSize: true, allowEasy: true },
  });
  const where = { userId };
  const [reports, plans, cards, reviews, ratings, practiceSessions, mockExams, flags, sessions] = await Promise.all([
    prisma.scoreReport.findMany({ where, include: { results: { include: { domain: { select: { key: true, name: true } } } } }, orderBy: { takenAt: "asc" } }),
    prisma.examPlan.findMany({ where }),
    prisma.card.findMany({ where, orderBy: { itemId: "asc" } }),
    prisma.reviewLog.findMany({ where, orderBy: { reviewedAt: "asc" } }),
    prisma.learnerRating.findMany({ where }),
    prisma.practiceSession.findMany({ where, include: { questions: { orderBy: { position: "asc" } } }, orderBy: { createdAt: "asc" } }),
    prisma.mockExam.findMany({ where, include: { questions: { orderBy: { position: "asc" } } }, orderBy: { startedAt: "asc" } }),
    prisma.itemFlag.findMany({ where, orderBy: { createdAt: "asc" } }),
    prisma.session.findMany({ where, select: { createdAt: true, lastSeenAt: true, expiresAt: true } }),
  ]);
  return { exportedAt: new Date().toISOString(), user, reports, plans, cards, reviews, ratings, practiceSessions, mockExams, flags, sessions };
}
