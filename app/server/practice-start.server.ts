/**
 * Starting a practice session: the selector's input (selector-data.server.ts), narrowed to a
 * custom choice or the mistakes queue, the selection stored with its presentation order.
 */
import crypto from "node:crypto";
import type { ExamDefinition } from "~/core/content/schema";
import { selectSession, type SelectorInput, type SelectedItem } from "~/core/selector/selector";
import { shuffledKeys } from "~/core/selector/random";
import { mistakeReason } from "~/core/selector/reasons";
import { prisma } from "./db.server";
import { loadSelectorInput } from "./selector-data.server";
import { dailyAnsweredToday, type SessionKind } from "./practice-sessions.server";

export type PracticeFilter = {
  domains?: string[]; // domain keys
  objectives?: string[]; // objective keys
  pool?: "new" | "due" | "wrong" | "flagged" | "all";
};

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

/** Items whose most recent answer by this candidate was wrong (the mistakes queue), with when it was given. */
async function lastAnswerWrong(userId: string, itemIds: string[]): Promise<Map<string, Date>> {
  const logs = await prisma.reviewLog.findMany({
    where: { userId, itemId: { in: itemIds } },
    orderBy: { reviewedAt: "desc" },
    select: { itemId: true, correct: true, reviewedAt: true },
  });
  const seen = new Set<string>();
  const wrong = new Map<string, Date>();
  for (const l of logs) {
    if (seen.has(l.itemId)) continue;
    seen.add(l.itemId);
    if (!l.correct) wrong.set(l.itemId, l.reviewedAt);
  }
  return wrong;
}

async function createSession(userId: string, exam: ExamDefinition, kind: SessionKind, selected: SelectedItem[], seed: number, filter?: PracticeFilter) {
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
  kind: SessionKind,
  opts: { size?: number; filter?: PracticeFilter; now?: Date } = {},
): Promise<StartResult> {
  const now = opts.now ?? new Date();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionSize: true } });
  // A daily session draws what is left of today's plan; extra practice, a whole session more.
  const size = opts.size ?? (kind === "daily" ? Math.max(0, user.sessionSize - (await dailyAnsweredToday(userId, exam.code, now))) : user.sessionSize);
  if (size === 0) return { ok: false, message: "Today's plan is done. Start extra practice for more." };
  const seed = crypto.randomInt(1, 2 ** 31 - 1);
  let input = await loadSelectorInput(userId, exam, now, size, seed);
  if (opts.filter) input = await applyFilter(userId, input, opts.filter, now);
  if (input.items.length === 0) {
    return { ok: false, message: kind === "mistakes" ? "No mistakes to practise: every question you answered last time was right." : "No questions match this choice. Choose other domains or another pool." };
  }
  let selected = selectSession(input);
  if (selected.length === 0) return { ok: false, message: "No questions match this choice right now." };
  if (opts.filter?.pool === "wrong") {
    // The mistakes queue: the reason is the wrong answer itself, and when it was given.
    const wrong = await lastAnswerWrong(userId, selected.map((s) => s.itemId));
    selected = selected.map((s) => ({ ...s, reason: mistakeReason(wrong.get(s.itemId)!.getTime(), now.getTime()) }));
  }
  return { ok: true, sessionId: await createSession(userId, exam, kind, selected, seed, opts.filter) };
}
