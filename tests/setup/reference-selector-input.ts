/**
 * loadSelectorInput as first written: six Prisma queries with relation filters, no cache. The
 * behaviour any faster loader must keep; bench/practice.bench.ts times it ("original Prisma
 * form") and compares the server's loader with it, app/server/practice-cache.server.test.ts uses
 * it as the oracle for the selector data cache.
 *
 * The review-log window is newest first. The original query ordered by `reviewedAt` only, so
 * answers stored in the same millisecond came back in an unspecified order; with
 * `tieBreakFile` (the SQLite file), ties are broken as the cache documents and keeps (later row,
 * higher rowid, first), at the cost of reading all the candidate's logs: exact enough to compare
 * orders, not a fair figure to time.
 */
import Database from "better-sqlite3";
import type { BandLevel, ExamDefinition } from "../../app/core/content/schema";
import { domainMastery } from "../../app/core/progress/mastery";
import type { SelectorInput } from "../../app/core/selector/selector";
import type { PrismaClient } from "../../app/generated/prisma/client";

const DAY = 86_400_000;
/** practice.server.ts REVIEW_LOG_WINDOW (not imported: that module opens the app's database). */
export const REFERENCE_LOG_WINDOW = 5_000;

export async function referenceSelectorInput(
  prisma: PrismaClient,
  userId: string,
  exam: ExamDefinition,
  now: Date,
  size: number,
  seed: number,
  opts: { tieBreakFile?: string } = {},
): Promise<SelectorInput> {
  const keyOf = (domainId: string) => domainId.slice(domainId.indexOf("/") + 1);
  const objectiveKeyOf = (objectiveId: string | null) => (objectiveId ? objectiveId.split("/")[2] : undefined);
  const startOfDay = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const [items, cards, fetchedLogs, ratings, report, plan] = await Promise.all([
    prisma.item.findMany({ where: { examId: exam.code, retired: false }, select: { id: true, domainId: true, objectiveId: true, rating: true } }),
    prisma.card.findMany({ where: { userId, item: { examId: exam.code } }, select: { itemId: true, due: true, stability: true, state: true, lastReview: true, item: { select: { objectiveId: true } } } }),
    prisma.reviewLog.findMany({
      where: { userId, item: { examId: exam.code } },
      ...(opts.tieBreakFile ? {} : { orderBy: { reviewedAt: "desc" as const }, take: REFERENCE_LOG_WINDOW }),
      select: { id: true, itemId: true, correct: true, score: true, reviewedAt: true, item: { select: { domainId: true } } },
    }),
    prisma.learnerRating.findMany({ where: { userId, domain: { examId: exam.code } }, select: { domainId: true, rating: true } }),
    prisma.scoreReport.findFirst({
      where: { userId, examId: exam.code },
      orderBy: [{ takenAt: "desc" }, { createdAt: "desc" }],
      select: { results: { select: { band: true, level: true, domain: { select: { key: true } } } } },
    }),
    prisma.examPlan.findUnique({ where: { userId_examId: { userId, examId: exam.code } }, select: { plannedDate: true } }),
  ]);
  let logs = fetchedLogs;
  if (opts.tieBreakFile) {
    const sqlite = new Database(opts.tieBreakFile, { readonly: true, fileMustExist: true });
    const rowids = new Map((sqlite.prepare(`SELECT id, rowid AS r FROM ReviewLog WHERE userId = ?`).all(userId) as { id: string; r: number }[]).map((x) => [x.id, x.r]));
    sqlite.close();
    logs = fetchedLogs
      .slice()
      .sort((a, b) => b.reviewedAt.getTime() - a.reviewedAt.getTime() || rowids.get(b.id)! - rowids.get(a.id)!)
      .slice(0, REFERENCE_LOG_WINDOW);
  }
  const mastery = domainMastery(
    logs.map((l) => ({ itemId: l.itemId, domain: keyOf(l.item.domainId), correct: l.correct, score: l.score, at: l.reviewedAt })),
    now,
  );
  return {
    domains: exam.domains.map((d) => ({ id: d.id, name: d.name, short: d.short, weight: d.weight, objectives: d.objectives })),
    baseline: report ? Object.fromEntries(report.results.map((r) => [r.domain.key, { level: r.level as BandLevel, label: r.band }])) : null,
    mastery: Object.fromEntries([...mastery].map(([k, m]) => [k, { answered: m.answered, accuracy: m.accuracy }])),
    learnerRatings: Object.fromEntries(ratings.map((r) => [keyOf(r.domainId), r.rating])),
    items: items.map((i) => ({ id: i.id, domain: keyOf(i.domainId), objective: objectiveKeyOf(i.objectiveId), rating: i.rating })),
    cards: cards.map((c) => ({ itemId: c.itemId, due: c.due, stability: c.stability, state: c.state, lastReview: c.lastReview })),
    answeredToday: logs.filter((l) => l.reviewedAt >= startOfDay).map((l) => ({ itemId: l.itemId, correct: l.correct, at: l.reviewedAt })),
    // Objectives with an answered card on any of the exam's items (retired ones too).
    practisedObjectives: new Set(cards.filter((c) => c.state !== 0).flatMap((c) => objectiveKeyOf(c.item.objectiveId) ?? [])),
    size,
    retakeDate: plan?.plannedDate ?? null,
    now,
    seed,
  };
}
