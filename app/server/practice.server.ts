/**
 * Practice sessions: gathers what the selector needs in a few queries, stores the chosen items
 * with their presentation order, and records answers through answers.server.ts.
 */
import Database from "better-sqlite3";
import { shuffledKeys } from "~/core/selector/random";
import { prisma } from "./db.server";
import { domainRowId } from "./content-import.server";
import { answerProblem } from "~/core/scoring/score";
import { cuid, recordAnswer } from "./answers.server";
import { cachedStatements, sqlDate, WriteBusyError, writeTransaction } from "./sqlite-writer.server";

// Split by concept; the names stay importable from here.
export { loadSelectorInput, REVIEW_LOG_WINDOW, resetSelectorCache, selectorCacheStats } from "./selector-data.server";
export { applyFilter, startPractice, type PracticeFilter, type StartResult } from "./practice-start.server";
export { endSession, MINUTES_PER_QUESTION, todayPlan, unfinishedSessions } from "./practice-sessions.server";

const DAY_MS = 86_400_000;

const questionSelect = {
  id: true,
  position: true,
  kind: true,
  reason: true,
  optionOrder: true,
  selected: true,
  correct: true,
  score: true,
  guessed: true,
  answeredAt: true,
  item: {
    select: {
      id: true,
      type: true,
      choose: true,
      correctOrder: true,
      scoring: true,
      caseStudyId: true,
      stem: true,
      explanation: true,
      references: true,
      domain: { select: { key: true, name: true, short: true } },
      objective: { select: { name: true } },
      options: { select: { key: true, text: true, correct: true, rationale: true, blank: true } },
    },
  },
} as const;

export async function getSession(userId: string, sessionId: string) {
  return prisma.practiceSession.findFirst({
    where: { id: sessionId, userId },
    select: { id: true, examId: true, kind: true, createdAt: true, completedAt: true, dropped: true, questions: { orderBy: { position: "asc" }, select: questionSelect } },
  });
}
/** Whether the practice session exists and is this candidate's (every action checks before it writes). */
export async function ownsSession(userId: string, sessionId: string): Promise<boolean> {
  return (await prisma.practiceSession.count({ where: { id: sessionId, userId } })) === 1;
}
export type SessionData = NonNullable<Awaited<ReturnType<typeof getSession>>>;

/** A case study's title and scenario (items name it by caseStudyId), or null. */
export async function getCaseStudy(id: string | null) {
  if (!id) return null;
  return prisma.caseStudy.findUnique({ where: { id }, select: { id: true, title: true, scenario: true } });
}

export type AnswerResult = { ok: true } | { ok: false; code?: "already-answered"; message: string };

export const ALREADY_ANSWERED =
  "This question was already answered with a different choice (in another tab or window). The first answer counts; it is shown below.";

type QuestionRow = { id: string; itemId: string; answeredAt: string | null; optionOrder: string; position: number; selected: string | null };

function answerStatements(db: Database.Database) {
  return {
    // The session's questions, with the ownership check.
    questions: db.prepare<[string, string], QuestionRow>(`
      SELECT q.id, q.itemId, q.answeredAt, q.optionOrder, q.position, q.selected
      FROM PracticeQuestion q JOIN PracticeSession s ON s.id = q.sessionId
      WHERE q.sessionId = ? AND s.userId = ?`),
    answered: db.prepare(`UPDATE PracticeQuestion SET selected = ?, correct = ?, score = ?, guessed = ?, durationMs = ?, answeredAt = ? WHERE id = ?`),
    // The item's type and options, to check the answer's shape before anything is written.
    itemShape: db.prepare<[string], { type: string; optionsJson: string }>(`
      SELECT i.type, (SELECT json_group_array(json_object('key', o.key, 'correct', o.correct, 'blank', o.blank)) FROM ItemOption o WHERE o.itemId = i.id) AS optionsJson
      FROM Item i WHERE i.id = ?`),
    // Every column, with the schema's defaults, as Prisma's practiceQuestion.create would.
    retry: db.prepare(`
      INSERT INTO PracticeQuestion (id, sessionId, itemId, position, kind, reason, optionOrder, selected, correct, guessed, durationMs, answeredAt)
      VALUES (?, ?, ?, ?, 'retry', ?, ?, NULL, NULL, 0, NULL, NULL)`),
    complete: db.prepare(`UPDATE PracticeSession SET completedAt = ? WHERE id = ?`),
  };
}

/**
 * Records the answer to one question of a session. A question answered already keeps its first
 * answer: the same answer again (a double submit, a retried request) is a success that writes
 * nothing; a different one (two tabs, a race) is refused as "already-answered", so the losing
 * request is never told its answer was saved.
 */
export async function answerQuestion(
  userId: string,
  sessionId: string,
  questionId: string,
  selected: string[],
  guessed: boolean,
  durationMs: number | null,
  now = new Date(),
  opts: { maxWaitMs?: number } = {},
): Promise<AnswerResult> {
  // One synchronous write transaction on the writer connection, outside Prisma: this runs on every
  // answer and Prisma's interactive transaction cost ~1 ms per round trip (docs/benchmarks.md,
  // docs/decisions/006-answer-writes-outside-prisma.md).
  try {
    return await writeTransaction((db) => answerInTransaction(db, { userId, sessionId, questionId, selected, guessed, durationMs, now }), opts);
  } catch (e) {
    // Nothing was written (the transaction rolled back); the page keeps the candidate's choice.
    if (e instanceof WriteBusyError) {
      console.error(`answerQuestion: ${e.message}`);
      return { ok: false, message: "Your answer could not be saved just now: the database was busy. Your choice is still selected: submit it again." };
    }
    throw e;
  }
}

type AnswerRequest = { userId: string; sessionId: string; questionId: string; selected: string[]; guessed: boolean; durationMs: number | null; now: Date };

function answerInTransaction(db: Database.Database, { userId, sessionId, questionId, selected, guessed, durationMs, now }: AnswerRequest): AnswerResult {
  const st = cachedStatements(db, answerStatements);
  // The session's questions, read once: this transaction is the only writer until it ends.
  const questions = st.questions.all(sessionId, userId);
  const q = questions.find((x) => x.id === questionId);
  if (!q) return { ok: false, message: "This question is not part of your session." };
  const shape = st.itemShape.get(q.itemId);
  if (q.answeredAt) {
    const first = q.selected ? (JSON.parse(q.selected) as string[]) : [];
    return sameAnswer(first, selected, shape?.type === "order") ? { ok: true } : { ok: false, code: "already-answered", message: ALREADY_ANSWERED };
  }
  const allowed = new Set(JSON.parse(q.optionOrder) as string[]);
  const options = shape ? (JSON.parse(shape.optionsJson) as { key: string; correct: number; blank: string | null }[]).filter((o) => allowed.has(o.key)) : [];
  const problem = answerProblem({ type: shape?.type ?? "single", options: options.map((o) => ({ key: o.key, correct: Boolean(o.correct), blank: o.blank })) }, selected);
  if (problem) return { ok: false, message: problem };
  const outcome = recordAnswer(db, { userId, itemId: q.itemId, selected, guessed, durationMs, source: "practice", now });
  st.answered.run(JSON.stringify(selected), outcome.correct ? 1 : 0, outcome.score.score, guessed ? 1 : 0, durationMs, sqlDate(now), q.id);
  let open = questions.filter((x) => !x.answeredAt && x.id !== q.id).length;
  // A wrong answer comes back later in this session, after at least three other questions.
  if (!outcome.correct) {
    const rest = questions.filter((r) => r.position > q.position);
    const unanswered = rest.filter((r) => !r.answeredAt).length;
    const alreadyQueued = rest.some((r) => r.itemId === q.itemId);
    if (unanswered >= 3 && !alreadyQueued) {
      const last = Math.max(q.position, ...rest.map((r) => r.position));
      const order = shuffledKeys([...allowed], now.getTime() % 2_000_000_000);
      st.retry.run(cuid(), sessionId, q.itemId, last + 1, "Retry: answered wrongly earlier in this session", JSON.stringify(order));
      open += 1;
    }
  }
  if (open === 0) st.complete.run(sqlDate(now), sessionId);
  return { ok: true };
}

/** Order matters only for build lists; otherwise the same choices in any order are the same answer. */
function sameAnswer(a: readonly string[], b: readonly string[], ordered: boolean): boolean {
  const key = (x: readonly string[]) => JSON.stringify(ordered ? x : [...x].sort());
  return key(a) === key(b);
}

/**
 * Stores a candidate's report of a problem with an item, from one of their own practice
 * sessions: false (nothing stored) when the session is not theirs or the item is not in it.
 */
export async function flagItem(userId: string, sessionId: string, itemId: string, reason: string, comment: string | null): Promise<boolean> {
  const inSession = await prisma.practiceQuestion.findFirst({ where: { itemId, session: { id: sessionId, userId } }, select: { id: true } });
  if (!inSession) return false;
  await prisma.itemFlag.create({ data: { userId, itemId, reason, comment } });
  return true;
}

/** Cards due tomorrow (for the end-of-session summary). */
export async function dueTomorrow(userId: string, examId: string, now = new Date()) {
  const endOfTomorrow = new Date((Math.floor(now.getTime() / DAY_MS) + 2) * DAY_MS);
  return prisma.card.count({ where: { userId, due: { lte: endOfTomorrow }, item: { examId, retired: false } } });
}

export { domainRowId };
