/**
 * Mock exams: assembly (core/mock/assemble.ts) stored with a snapshot of every item, answers
 * saved one by one as given, and a deadline owned by the server. Nothing that matters lives in
 * process memory: a restarted server, a second tab or another app process reads the same rows.
 *
 * Writes that happen while a candidate sits the exam (answer, flag) and the submission run on
 * the writer connection in one synchronous transaction each (sqlite-writer.server.ts), like
 * practice answers: fast, and never interleaved with another request's write.
 *
 * Expiry needs no timer: every read of a mock first finalises it when its deadline has passed
 * (`finaliseInTransaction`), scored as of the deadline. Submitting twice, or a submit racing the
 * expiry, gives one result: finalising a mock that has `submittedAt` does nothing.
 */
import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { ExamSchema, type BandLevel, type ExamDefinition } from "~/core/content/schema";
import { assembleMock, planMock, type MockBankItem, type MockRequest, type PlanResult } from "~/core/mock/assemble";
import { canSaveAnswer, mockDeadline, mockStatus, submissionTime } from "~/core/mock/deadline";
import { scoreMock, type MockResult } from "~/core/mock/score";
import { bandForLevel, type BandMatch } from "~/core/report/bands";
import { prisma } from "./db.server";
import { recordAnswer } from "./answers.server";
import { answerUsesItsOptions, scoreAnswer } from "~/core/scoring/score";
import { cachedStatements, fromSqlDate, fromSqlDateOrNull, sqlDate, WriteBusyError, writeTransaction } from "./sqlite-writer.server";

/** How many of the candidate's latest mocks count as "recent": their items are avoided in the next one. */
export const RECENT_MOCKS = 3;

/** The item as the candidate sees it in this mock, frozen at assembly. */
export type MockSnapshot = {
  type: "single" | "multiple" | "yesno" | "order" | "dropdown";
  choose: number;
  /** order items: the right sequence. */
  order?: string[] | null;
  scoring?: string;
  /** The case study the item uses, as it was at assembly. */
  caseStudy?: { id: string; title: string; scenario: string } | null;
  difficulty: number;
  stem: string;
  explanation: string;
  references: string[];
  domain: { key: string; name: string };
  objective: { key: string; name: string } | null;
  options: { key: string; text: string; correct: boolean; rationale: string; blank?: string | null }[];
};

const keyOf = (rowId: string) => rowId.slice(rowId.lastIndexOf("/") + 1);

/** The exam's active items, as the assembler needs them. */
async function mockBank(examId: string): Promise<MockBankItem[]> {
  const rows = await prisma.item.findMany({
    where: { examId, retired: false },
    orderBy: { id: "asc" },
    select: { id: true, domainId: true, objectiveId: true, difficulty: true, caseStudyId: true, options: { orderBy: { position: "asc" }, select: { key: true } } },
  });
  return rows.map((r) => ({
    caseStudy: r.caseStudyId,
    id: r.id,
    domain: keyOf(r.domainId),
    objective: r.objectiveId ? keyOf(r.objectiveId) : null,
    difficulty: r.difficulty,
    optionKeys: r.options.map((o) => o.key),
  }));
}

async function recentItemIds(userId: string, examId: string): Promise<Set<string>> {
  const mocks = await prisma.mockExam.findMany({
    where: { userId, examId },
    orderBy: { startedAt: "desc" },
    take: RECENT_MOCKS,
    select: { questions: { select: { itemId: true } } },
  });
  return new Set(mocks.flatMap((m) => m.questions.map((q) => q.itemId)));
}

/** Whether the bank fills the requested mock, before the candidate starts it. */
export async function planForCandidate(exam: ExamDefinition, request?: MockRequest): Promise<PlanResult> {
  return planMock(exam, await mockBank(exam.code), request);
}

export type StartMockResult = { ok: true; mockId: string } | { ok: false; message: string; largest?: number };

/** Assembles and stores a new mock; its deadline starts now. An open mock of the exam is resumed instead. */
export async function startMock(userId: string, exam: ExamDefinition, request: MockRequest, now = new Date()): Promise<StartMockResult> {
  const open = await openMock(userId, exam.code, now);
  if (open) return { ok: true, mockId: open.id };
  const [bank, recent] = await Promise.all([mockBank(exam.code), recentItemIds(userId, exam.code)]);
  const seed = crypto.randomInt(1, 2 ** 31 - 1);
  const assembled = assembleMock(exam, bank, request, { seed, recentItemIds: recent });
  if (!assembled.ok) return { ok: false, message: assembled.message, largest: assembled.largest };
  const ids = assembled.mock.questions.map((q) => q.itemId);
  const items = await prisma.item.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      type: true,
      choose: true,
      correctOrder: true,
      scoring: true,
      caseStudyId: true,
      difficulty: true,
      stem: true,
      explanation: true,
      references: true,
      domain: { select: { key: true, name: true } },
      objective: { select: { key: true, name: true } },
      options: { orderBy: { position: "asc" }, select: { key: true, text: true, correct: true, rationale: true, blank: true } },
    },
  });
  const byId = new Map(items.map((i) => [i.id, i]));
  const caseIds = [...new Set(items.map((i) => i.caseStudyId).filter((x): x is string => Boolean(x)))];
  const cases = new Map((await prisma.caseStudy.findMany({ where: { id: { in: caseIds } }, select: { id: true, title: true, scenario: true } })).map((c) => [c.id, c]));
  const full = !request.domains || request.domains.length === 0;
  const mock = await prisma.mockExam.create({
    data: {
      userId,
      examId: exam.code,
      kind: full ? "full" : "domains",
      domains: full ? null : JSON.stringify(request.domains),
      seed,
      durationMinutes: assembled.mock.minutes,
      startedAt: now,
      deadline: mockDeadline(now, assembled.mock.minutes),
      questions: {
        create: assembled.mock.questions.map((q, position) => {
          const item = byId.get(q.itemId)!;
          const snapshot: MockSnapshot = {
            type: (["single", "multiple", "yesno", "order", "dropdown"].includes(item.type) ? item.type : "single") as MockSnapshot["type"],
            choose: item.choose,
            order: item.correctOrder ? (JSON.parse(item.correctOrder) as string[]) : null,
            scoring: item.scoring,
            caseStudy: item.caseStudyId ? (cases.get(item.caseStudyId) ?? null) : null,
            difficulty: item.difficulty,
            stem: item.stem,
            explanation: item.explanation,
            references: JSON.parse(item.references) as string[],
            domain: item.domain,
            objective: item.objective,
            options: item.options,
          };
          return { itemId: q.itemId, position, domainKey: item.domain.key, snapshot: JSON.stringify(snapshot), optionOrder: JSON.stringify(q.optionOrder) };
        }),
      },
    },
    select: { id: true },
  });
  return { ok: true, mockId: mock.id };
}

/** The candidate's mock of this exam that is still running (not submitted, deadline ahead), if any. */
export async function openMock(userId: string, examId: string, now = new Date()) {
  await finaliseExpired(userId, now);
  return prisma.mockExam.findFirst({
    where: { userId, examId, submittedAt: null, deadline: { gt: now } },
    orderBy: { startedAt: "desc" },
    select: { id: true, deadline: true, durationMinutes: true, kind: true, _count: { select: { questions: true } } },
  });
}

const mockSelect = {
  id: true,
  examId: true,
  kind: true,
  domains: true,
  durationMinutes: true,
  startedAt: true,
  deadline: true,
  submittedAt: true,
  result: true,
  closedSections: true,
  questions: {
    orderBy: { position: "asc" },
    select: { id: true, itemId: true, position: true, domainKey: true, snapshot: true, optionOrder: true, selected: true, flagged: true, correct: true, answeredAt: true },
  },
} as const;

/** The candidate's mock with its questions (null when it is not theirs); finalised first if its time ran out. */
/** Whether the mock exam exists and is this candidate's (actions check before they read the form further). */
export async function ownsMock(userId: string, mockId: string): Promise<boolean> {
  return (await prisma.mockExam.count({ where: { id: mockId, userId } })) === 1;
}

export async function getMock(userId: string, mockId: string, now = new Date()) {
  await finaliseIfExpired(userId, mockId, now);
  const mock = await prisma.mockExam.findFirst({ where: { id: mockId, userId }, select: mockSelect });
  if (!mock) return null;
  return {
    ...mock,
    status: mockStatus(mock, now),
    result: mock.result ? (JSON.parse(mock.result) as StoredResult) : null,
    closedSections: mock.closedSections ? (JSON.parse(mock.closedSections) as string[]) : [],
    questions: mock.questions.map((q) => ({
      ...q,
      snapshot: JSON.parse(q.snapshot) as MockSnapshot,
      optionOrder: JSON.parse(q.optionOrder) as string[],
      selected: q.selected ? (JSON.parse(q.selected) as string[]) : [],
    })),
  };
}
export type MockData = NonNullable<Awaited<ReturnType<typeof getMock>>>;

/** The result as stored: the score and the baseline it was compared with. */
export type StoredResult = MockResult & { baselineReportTakenAt: string | null };

/** The candidate's mocks of an exam, newest first, with their results (for the history and the trend). */
export async function listMocks(userId: string, examId: string, now = new Date()) {
  await finaliseExpired(userId, now);
  const rows = await prisma.mockExam.findMany({
    where: { userId, examId },
    orderBy: { startedAt: "desc" },
    select: { id: true, kind: true, durationMinutes: true, startedAt: true, deadline: true, submittedAt: true, result: true, _count: { select: { questions: true } } },
  });
  return rows.map((r) => ({ ...r, questions: r._count.questions, result: r.result ? (JSON.parse(r.result) as StoredResult) : null }));
}

export type SaveResult =
  | { ok: true; savedAt: Date }
  | { ok: false; reason: "not-found" | "expired" | "submitted" | "invalid" | "busy"; message: string };

type MockRow = { id: string; examId: string; deadline: string | number; submittedAt: string | number | null; recordedAt: string | number | null; closedSections: string | null };
type QuestionRow = { id: string; itemId: string; position: number; snapshot: string; optionOrder: string; selected: string | null; flagged: number; answeredAt: string | number | null };

function mockStatements(db: Database.Database) {
  return {
    mock: db.prepare<[string, string], MockRow>(`SELECT id, examId, deadline, submittedAt, recordedAt, closedSections FROM MockExam WHERE id = ? AND userId = ?`),
    closeSections: db.prepare(`UPDATE MockExam SET closedSections = ? WHERE id = ?`),
    question: db.prepare<[string, number], QuestionRow>(
      `SELECT id, itemId, position, snapshot, optionOrder, selected, flagged, answeredAt FROM MockQuestion WHERE mockId = ? AND position = ?`,
    ),
    questions: db.prepare<[string], QuestionRow>(
      `SELECT id, itemId, position, snapshot, optionOrder, selected, flagged, answeredAt FROM MockQuestion WHERE mockId = ? ORDER BY position`,
    ),
    saveAnswer: db.prepare(`UPDATE MockQuestion SET selected = ?, answeredAt = ? WHERE id = ?`),
    saveFlag: db.prepare(`UPDATE MockQuestion SET flagged = ? WHERE id = ?`),
    grade: db.prepare(`UPDATE MockQuestion SET correct = ?, score = ? WHERE id = ?`),
    finish: db.prepare(`UPDATE MockExam SET submittedAt = ?, recordedAt = ?, result = ? WHERE id = ?`),
    definition: db.prepare<[string], { definition: string }>(`SELECT definition FROM Exam WHERE id = ?`),
    // The candidate's latest score report of the exam: the baseline a mock is compared with.
    baseline: db.prepare<[string, string], { takenAt: string | number; key: string; level: string; band: string }>(`
      SELECT s.takenAt, d.key, r.level, r.band FROM ScoreReport s
      JOIN ReportDomainResult r ON r.reportId = s.id JOIN Domain d ON d.id = r.domainId
      WHERE s.id = (SELECT id FROM ScoreReport WHERE userId = ? AND examId = ? ORDER BY takenAt DESC, createdAt DESC LIMIT 1)`),
    expired: db.prepare<[string, string], { id: string }>(`SELECT id FROM MockExam WHERE userId = ? AND submittedAt IS NULL AND deadline <= ?`),
  };
}

function timing(row: MockRow) {
  return { deadline: fromSqlDate(row.deadline), submittedAt: fromSqlDateOrNull(row.submittedAt) };
}

async function write<T>(fn: (db: Database.Database) => T, label: string): Promise<T | { ok: false; reason: "busy"; message: string }> {
  try {
    return await writeTransaction(fn as (db: Database.Database) => never);
  } catch (e) {
    // Nothing was written; the page keeps the answer and retries.
    if (e instanceof WriteBusyError) {
      console.error(`${label}: ${e.message}`);
      return { ok: false, reason: "busy", message: "The server is busy and could not save this just now. It is kept on this page and will be sent again." };
    }
    throw e;
  }
}

/**
 * Saves the answer to the question at `position` (an empty selection clears it). Refused after
 * the deadline or the submission, with a message that says so; an expired mock is finalised.
 */
export async function saveMockAnswer(
  userId: string,
  mockId: string,
  position: number,
  selected: string[],
  now = new Date(),
  opts: { flagged?: boolean } = {},
): Promise<SaveResult> {
  return write((db): SaveResult => {
    const st = cachedStatements(db, mockStatements);
    const mock = openForWrite(db, userId, mockId, now);
    if ("ok" in mock) return mock;
    const q = st.question.get(mockId, position);
    if (!q) return { ok: false, reason: "invalid", message: "This question is not part of your mock exam." };
    const snap = JSON.parse(q.snapshot) as MockSnapshot;
    if (snap.caseStudy && closedOf(mock).includes(snap.caseStudy.id)) {
      return { ok: false, reason: "invalid", message: "You have left this case study: its answers can no longer be changed." };
    }
    // A mock keeps partial answers (some statements or blanks still open): only the options' own values are checked.
    if (!answerUsesItsOptions({ type: snap.type, options: snap.options }, selected)) {
      return { ok: false, reason: "invalid", message: "That answer is not one of the options." };
    }
    st.saveAnswer.run(selected.length ? JSON.stringify(selected) : null, selected.length ? sqlDate(now) : null, q.id);
    if (opts.flagged !== undefined) st.saveFlag.run(opts.flagged ? 1 : 0, q.id);
    return { ok: true, savedAt: now };
  }, "saveMockAnswer");
}

/**
 * The candidate's mock, if it still takes writes (answers, flags, closing a section); otherwise
 * the refusal to return. A mock whose time ran out is finalised on the way.
 */
function openForWrite(db: Database.Database, userId: string, mockId: string, now: Date): MockRow | (SaveResult & { ok: false }) {
  const mock = cachedStatements(db, mockStatements).mock.get(mockId, userId);
  if (!mock) return { ok: false, reason: "not-found", message: "This mock exam was not found." };
  const allowed = canSaveAnswer(timing(mock), now);
  if (!allowed.ok) {
    finaliseInTransaction(db, userId, mock, now);
    return { ok: false, reason: allowed.reason, message: allowed.message };
  }
  return mock;
}

const closedOf = (mock: Pick<MockRow, "closedSections">): string[] => (mock.closedSections ? (JSON.parse(mock.closedSections) as string[]) : []);

/**
 * Closes a case-study section of the mock: as on the exam, once the candidate leaves a case
 * study its answers are final (saves to its questions are refused). Idempotent.
 */
export async function closeMockSection(userId: string, mockId: string, caseStudyId: string, now = new Date()): Promise<SaveResult> {
  return write((db): SaveResult => {
    const st = cachedStatements(db, mockStatements);
    const mock = openForWrite(db, userId, mockId, now);
    if ("ok" in mock) return mock;
    const inMock = st.questions.all(mockId).some((q) => (JSON.parse(q.snapshot) as MockSnapshot).caseStudy?.id === caseStudyId);
    if (!inMock) return { ok: false, reason: "invalid", message: "This mock has no such case study." };
    const closed = closedOf(mock);
    if (!closed.includes(caseStudyId)) st.closeSections.run(JSON.stringify([...closed, caseStudyId]), mockId);
    return { ok: true, savedAt: now };
  }, "closeMockSection");
}

export async function setMockFlag(userId: string, mockId: string, position: number, flagged: boolean, now = new Date()): Promise<SaveResult> {
  return write((db): SaveResult => {
    const st = cachedStatements(db, mockStatements);
    const mock = openForWrite(db, userId, mockId, now);
    if ("ok" in mock) return mock;
    const q = st.question.get(mockId, position);
    if (!q) return { ok: false, reason: "invalid", message: "This question is not part of your mock exam." };
    st.saveFlag.run(flagged ? 1 : 0, q.id);
    return { ok: true, savedAt: now };
  }, "setMockFlag");
}

export type SubmitResult = { ok: true } | { ok: false; reason: "not-found" | "busy"; message: string };

/** Submits the mock (once: a second submit, or one after expiry, keeps the first result). */
export async function submitMock(userId: string, mockId: string, now = new Date()): Promise<SubmitResult> {
  return write((db): SubmitResult => {
    const st = cachedStatements(db, mockStatements);
    const mock = st.mock.get(mockId, userId);
    if (!mock) return { ok: false, reason: "not-found", message: "This mock exam was not found." };
    finaliseInTransaction(db, userId, mock, now);
    return { ok: true };
  }, "submitMock");
}

async function finaliseIfExpired(userId: string, mockId: string, now: Date) {
  await write((db) => {
    const st = cachedStatements(db, mockStatements);
    const mock = st.mock.get(mockId, userId);
    if (mock && mockStatus(timing(mock), now) === "expired") finaliseInTransaction(db, userId, mock, now);
    return null;
  }, "finaliseIfExpired");
}

/** Finalises every mock of the candidate whose time ran out while they were away. */
export async function finaliseExpired(userId: string, now = new Date()) {
  // A cheap read first: most requests find nothing to do and need no write lock.
  const expired = await prisma.mockExam.count({ where: { userId, submittedAt: null, deadline: { lte: now } } });
  if (expired === 0) return;
  await write((db) => {
    const st = cachedStatements(db, mockStatements);
    for (const { id } of st.expired.all(userId, sqlDate(now))) {
      const mock = st.mock.get(id, userId);
      if (mock) finaliseInTransaction(db, userId, mock, now);
    }
    return null;
  }, "finaliseExpired");
}

/**
 * Scores the mock as of min(now, deadline), grades each question against its snapshot, and feeds
 * every answered question to the cards, review log and ratings through the practice answer path
 * (source "mock"), once. Does nothing for a mock already submitted.
 */
function finaliseInTransaction(db: Database.Database, userId: string, mock: MockRow, now: Date): void {
  if (mock.submittedAt !== null) return;
  const st = cachedStatements(db, mockStatements);
  const at = submissionTime(timing(mock), now);
  const exam = ExamSchema.parse(JSON.parse(st.definition.get(mock.examId)!.definition)) as ExamDefinition;
  const questions = st.questions.all(mock.id);
  const answers = questions.map((q) => {
    const snap = JSON.parse(q.snapshot) as MockSnapshot;
    const selected = q.selected ? (JSON.parse(q.selected) as string[]) : [];
    const scored = selected.length ? scoreAnswer({ type: snap.type, scoring: snap.scoring, order: snap.order, options: snap.options }, selected) : null;
    const correct = scored ? scored.full : null;
    st.grade.run(correct === null ? null : correct ? 1 : 0, scored ? scored.score : null, q.id);
    return { q, selected, correct, score: scored ? scored.score : null, domain: snap.domain.key };
  });
  if (mock.recordedAt === null) {
    for (const a of answers) {
      if (a.correct === null) continue;
      recordAnswer(db, { userId, itemId: a.q.itemId, selected: a.selected, guessed: false, durationMs: null, source: "mock", now: at });
    }
  }
  const baselineRows = st.baseline.all(userId, mock.examId);
  const baseline = baselineRows.length ? new Map<string, BandMatch>(baselineRows.map((r) => [r.key, { label: r.band, level: r.level as BandLevel }])) : null;
  // A band label from an old report may no longer be the exam's wording: show the exam's own label for its level.
  if (baseline) for (const [k, b] of baseline) baseline.set(k, exam.bands.some((x) => x.label === b.label) ? b : bandForLevel(exam, b.level));
  const scored = scoreMock(exam, answers.map((a) => ({ domain: a.domain, correct: a.correct, score: a.score })), baseline);
  const result: StoredResult = { ...scored, baselineReportTakenAt: baselineRows.length ? fromSqlDate(baselineRows[0].takenAt).toISOString().slice(0, 10) : null };
  st.finish.run(sqlDate(at), sqlDate(at), JSON.stringify(result), mock.id);
}
