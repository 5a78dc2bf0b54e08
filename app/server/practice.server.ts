/**
 * Practice sessions: gathers what the selector needs in a few queries, stores the chosen items
 * with their presentation order, and records answers through answers.server.ts.
 */
import crypto from "node:crypto";
import type { BandLevel, ExamDefinition } from "~/core/content/schema";
import { domainMastery } from "~/core/progress/mastery";
import { selectSession, type SelectorInput, type SelectedItem } from "~/core/selector/selector";
import { mulberry32 } from "~/core/selector/random";
import { prisma } from "./db.server";
import { domainRowId } from "./content-import.server";
import { recordAnswer } from "./answers.server";

const DAY_MS = 86_400_000;
export const REVIEW_LOG_WINDOW = 5_000; // most recent answers used for measured mastery
export const MINUTES_PER_QUESTION = 1.5;

const keyOf = (domainId: string) => domainId.slice(domainId.indexOf("/") + 1);
const objectiveKeyOf = (objectiveId: string | null) => (objectiveId ? objectiveId.split("/")[2] : undefined);

export type PracticeFilter = {
  domains?: string[]; // domain keys
  objectives?: string[]; // objective keys
  pool?: "new" | "due" | "wrong" | "flagged" | "all";
};

/** Everything the selector needs for one candidate and exam, in six queries. */
export async function loadSelectorInput(userId: string, exam: ExamDefinition, now: Date, size: number, seed: number): Promise<SelectorInput> {
  const startOfDay = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const [items, cards, logs, ratings, report, plan] = await Promise.all([
    prisma.item.findMany({ where: { examId: exam.code, retired: false }, select: { id: true, domainId: true, objectiveId: true, rating: true } }),
    prisma.card.findMany({ where: { userId, item: { examId: exam.code } }, select: { itemId: true, due: true, stability: true, state: true, lastReview: true } }),
    prisma.reviewLog.findMany({
      where: { userId, item: { examId: exam.code } },
      orderBy: { reviewedAt: "desc" },
      take: REVIEW_LOG_WINDOW,
      select: { itemId: true, correct: true, reviewedAt: true, item: { select: { domainId: true } } },
    }),
    prisma.learnerRating.findMany({ where: { userId, domain: { examId: exam.code } }, select: { domainId: true, rating: true } }),
    prisma.scoreReport.findFirst({
      where: { userId, examId: exam.code },
      orderBy: [{ takenAt: "desc" }, { createdAt: "desc" }],
      select: { results: { select: { band: true, level: true, domain: { select: { key: true } } } } },
    }),
    prisma.examPlan.findUnique({ where: { userId_examId: { userId, examId: exam.code } }, select: { plannedDate: true } }),
  ]);
  const mastery = domainMastery(
    logs.map((l) => ({ itemId: l.itemId, domain: keyOf(l.item.domainId), correct: l.correct, at: l.reviewedAt })),
    now,
  );
  const lastSeen: Record<string, Date> = {};
  for (const c of cards) if (c.lastReview) lastSeen[c.itemId] = c.lastReview;
  return {
    domains: exam.domains.map((d) => ({ id: d.id, name: d.name, short: d.short, weight: d.weight, objectives: d.objectives })),
    baseline: report ? Object.fromEntries(report.results.map((r) => [r.domain.key, { level: r.level as BandLevel, label: r.band }])) : null,
    mastery: Object.fromEntries([...mastery].map(([k, m]) => [k, { answered: m.answered, accuracy: m.accuracy }])),
    learnerRatings: Object.fromEntries(ratings.map((r) => [keyOf(r.domainId), r.rating])),
    items: items.map((i) => ({ id: i.id, domain: keyOf(i.domainId), objective: objectiveKeyOf(i.objectiveId), rating: i.rating })),
    cards: cards.map((c) => ({ itemId: c.itemId, due: c.due, stability: c.stability, state: c.state, lastReview: c.lastReview })),
    answeredToday: logs.filter((l) => l.reviewedAt >= startOfDay).map((l) => ({ itemId: l.itemId, correct: l.correct, at: l.reviewedAt })),
    lastSeen,
    size,
    retakeDate: plan?.plannedDate ?? null,
    now,
    seed,
  };
}

/** Narrows the selector's input to a custom-practice choice (domains/objectives and pool). */
export async function applyFilter(userId: string, input: SelectorInput, filter: PracticeFilter, now: Date): Promise<SelectorInput> {
  let items = input.items;
  if (filter.domains?.length) items = items.filter((i) => filter.domains!.includes(i.domain));
  if (filter.objectives?.length) items = items.filter((i) => i.objective && filter.objectives!.includes(i.objective));
  const carded = new Set(input.cards.map((c) => c.itemId));
  const pool = filter.pool ?? "all";
  if (pool === "new") items = items.filter((i) => !carded.has(i.id));
  if (pool === "due") {
    const due = new Set(input.cards.filter((c) => c.due <= now).map((c) => c.itemId));
    items = items.filter((i) => due.has(i.id));
  }
  if (pool === "wrong") {
    const wrong = await lastAnswerWrong(userId, items.map((i) => i.id));
    items = items.filter((i) => wrong.has(i.id));
  }
  if (pool === "flagged") {
    const flagged = await prisma.itemFlag.findMany({ where: { userId, itemId: { in: items.map((i) => i.id) } }, select: { itemId: true } });
    const set = new Set(flagged.map((f) => f.itemId));
    items = items.filter((i) => set.has(i.id));
  }
  const ids = new Set(items.map((i) => i.id));
  // An explicit pool (due, mistakes, flagged) is what the candidate asked to see now: reviews are
  // not capped and items answered earlier today are not held back.
  const explicit = pool === "due" || pool === "wrong" || pool === "flagged";
  return {
    ...input,
    items,
    cards: input.cards.filter((c) => ids.has(c.itemId)),
    answeredToday: explicit ? [] : input.answeredToday,
    maxReviewsShare: explicit ? 1 : input.maxReviewsShare,
  };
}

/** Items whose most recent answer by this candidate was wrong: the mistakes queue. */
async function lastAnswerWrong(userId: string, itemIds: string[]): Promise<Set<string>> {
  const logs = await prisma.reviewLog.findMany({
    where: { userId, itemId: { in: itemIds } },
    orderBy: { reviewedAt: "desc" },
    select: { itemId: true, correct: true },
  });
  const seen = new Set<string>();
  const wrong = new Set<string>();
  for (const l of logs) {
    if (seen.has(l.itemId)) continue;
    seen.add(l.itemId);
    if (!l.correct) wrong.add(l.itemId);
  }
  return wrong;
}

function shuffledKeys(keys: string[], seed: number): string[] {
  const rnd = mulberry32(seed);
  const out = [...keys];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function createSession(userId: string, exam: ExamDefinition, kind: "daily" | "custom" | "mistakes", selected: SelectedItem[], seed: number, filter?: PracticeFilter) {
  const options = await prisma.itemOption.findMany({
    where: { itemId: { in: selected.map((s) => s.itemId) } },
    orderBy: { position: "asc" },
    select: { itemId: true, key: true },
  });
  const keysByItem = new Map<string, string[]>();
  for (const o of options) keysByItem.set(o.itemId, [...(keysByItem.get(o.itemId) ?? []), o.key]);
  const session = await prisma.practiceSession.create({
    data: {
      userId,
      examId: exam.code,
      kind,
      seed,
      filters: filter ? JSON.stringify(filter) : null,
      questions: {
        create: selected.map((s, position) => ({
          itemId: s.itemId,
          position,
          kind: s.kind,
          reason: s.reason,
          optionOrder: JSON.stringify(shuffledKeys(keysByItem.get(s.itemId) ?? [], seed + position * 7919)),
        })),
      },
    },
    select: { id: true },
  });
  return session.id;
}

export type StartResult = { ok: true; sessionId: string } | { ok: false; message: string };

export async function startPractice(
  userId: string,
  exam: ExamDefinition,
  kind: "daily" | "custom" | "mistakes",
  opts: { size?: number; filter?: PracticeFilter; now?: Date } = {},
): Promise<StartResult> {
  const now = opts.now ?? new Date();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionSize: true } });
  const size = opts.size ?? user.sessionSize;
  const seed = crypto.randomInt(1, 2 ** 31 - 1);
  let input = await loadSelectorInput(userId, exam, now, size, seed);
  if (opts.filter) input = await applyFilter(userId, input, opts.filter, now);
  if (input.items.length === 0) {
    return { ok: false, message: kind === "mistakes" ? "No mistakes to practise: every question you answered last time was right." : "No questions match this choice. Choose other domains or another pool." };
  }
  const selected = selectSession(input);
  if (selected.length === 0) return { ok: false, message: "No questions match this choice right now." };
  return { ok: true, sessionId: await createSession(userId, exam, kind, selected, seed, opts.filter) };
}

/** The session in progress today, if one is unfinished (so "Start" resumes instead). */
export async function unfinishedSession(userId: string, examId: string) {
  return prisma.practiceSession.findFirst({
    where: { userId, examId, completedAt: null, questions: { some: { answeredAt: null } } },
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, _count: { select: { questions: true } }, questions: { where: { answeredAt: { not: null } }, select: { id: true } } },
  });
}

/** What "Today" shows: due reviews, new questions, estimated minutes, for the next daily session. */
export async function todayPlan(userId: string, exam: Pick<ExamDefinition, "code">, now = new Date()) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionSize: true } });
  const [due, total, seen] = await Promise.all([
    prisma.card.count({ where: { userId, due: { lte: now }, item: { examId: exam.code, retired: false } } }),
    prisma.item.count({ where: { examId: exam.code, retired: false } }),
    prisma.card.count({ where: { userId, item: { examId: exam.code, retired: false } } }),
  ]);
  const size = user.sessionSize;
  const reviews = Math.min(due, Math.round(size * 0.6));
  const fresh = Math.min(total - seen, size - reviews);
  const count = reviews + Math.max(0, fresh);
  return { due, reviews, new: Math.max(0, fresh), unseen: total - seen, size, minutes: Math.max(1, Math.round(count * MINUTES_PER_QUESTION)) };
}

const questionSelect = {
  id: true,
  position: true,
  kind: true,
  reason: true,
  optionOrder: true,
  selected: true,
  correct: true,
  guessed: true,
  answeredAt: true,
  item: {
    select: {
      id: true,
      type: true,
      choose: true,
      stem: true,
      explanation: true,
      references: true,
      domain: { select: { key: true, name: true, short: true } },
      objective: { select: { name: true } },
      options: { select: { key: true, text: true, correct: true, rationale: true } },
    },
  },
} as const;

export async function getSession(userId: string, sessionId: string) {
  return prisma.practiceSession.findFirst({
    where: { id: sessionId, userId },
    select: { id: true, examId: true, kind: true, createdAt: true, completedAt: true, questions: { orderBy: { position: "asc" }, select: questionSelect } },
  });
}
export type SessionData = NonNullable<Awaited<ReturnType<typeof getSession>>>;

export type AnswerResult = { ok: true } | { ok: false; message: string };

/**
 * Records the answer to one question of a session. Idempotent: a question answered already
 * keeps its first answer (a double submit or a retried request never counts twice).
 */
export async function answerQuestion(
  userId: string,
  sessionId: string,
  questionId: string,
  selected: string[],
  guessed: boolean,
  durationMs: number | null,
  now = new Date(),
): Promise<AnswerResult> {
  return prisma.$transaction(async (tx) => {
    const q = await tx.practiceQuestion.findFirst({
      where: { id: questionId, sessionId, session: { userId } },
      select: { id: true, itemId: true, answeredAt: true, optionOrder: true, position: true },
    });
    if (!q) return { ok: false, message: "This question is not part of your session." };
    if (q.answeredAt) return { ok: true };
    const allowed = new Set(JSON.parse(q.optionOrder) as string[]);
    if (selected.length === 0) return { ok: false, message: "Choose an answer first." };
    if (selected.some((s) => !allowed.has(s))) return { ok: false, message: "That answer is not one of the options." };
    const outcome = await recordAnswer(tx, { userId, itemId: q.itemId, selected, guessed, durationMs, source: "practice", now });
    await tx.practiceQuestion.update({
      where: { id: q.id },
      data: { selected: JSON.stringify(selected), correct: outcome.correct, guessed, durationMs, answeredAt: now },
    });
    // A wrong answer comes back later in this session, after at least three other questions.
    if (!outcome.correct) {
      const rest = await tx.practiceQuestion.findMany({ where: { sessionId, position: { gt: q.position } }, select: { position: true, itemId: true, answeredAt: true } });
      const unanswered = rest.filter((r) => !r.answeredAt).length;
      const alreadyQueued = rest.some((r) => r.itemId === q.itemId);
      if (unanswered >= 3 && !alreadyQueued) {
        const last = Math.max(q.position, ...rest.map((r) => r.position));
        const order = shuffledKeys([...allowed], now.getTime() % 2_000_000_000);
        await tx.practiceQuestion.create({
          data: { sessionId, itemId: q.itemId, position: last + 1, kind: "retry", reason: "Retry: answered wrongly earlier in this session", optionOrder: JSON.stringify(order) },
        });
      }
    }
    const open = await tx.practiceQuestion.count({ where: { sessionId, answeredAt: null } });
    if (open === 0) await tx.practiceSession.update({ where: { id: sessionId }, data: { completedAt: now } });
    return { ok: true };
  });
}

export async function flagItem(userId: string, itemId: string, reason: string, comment: string | null) {
  await prisma.itemFlag.create({ data: { userId, itemId, reason, comment } });
}

/** Cards due tomorrow (for the end-of-session summary). */
export async function dueTomorrow(userId: string, examId: string, now = new Date()) {
  const endOfTomorrow = new Date((Math.floor(now.getTime() / DAY_MS) + 2) * DAY_MS);
  return prisma.card.count({ where: { userId, due: { lte: endOfTomorrow }, item: { examId, retired: false } } });
}

export { domainRowId };
