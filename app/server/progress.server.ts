/**
 * Progress against the baseline: reads what the candidate did in an exam (answers with the
 * items' difficulty, cards, mocks, the latest report, the retake plan) in a few queries and hands
 * it to the framework-free estimators in core/progress (estimate.ts, readiness.ts, srs-health.ts).
 * The progress page and the printable report both call `loadProgress`.
 */
import type { BandLevel, ExamDefinition } from "~/core/content/schema";
import { estimateDomains, estimateHistory, type EvidenceAnswer } from "~/core/progress/estimate";
import { readiness, recommend, type MockEvidence, type ReadinessCard } from "~/core/progress/readiness";
import { objectiveKey } from "~/core/progress/rating";
import { srsHealth } from "~/core/progress/srs-health";
import { retakeStatus } from "~/core/report/retake-policy";
import { prisma } from "./db.server";
import { listMocks } from "./mock.server";
import { getPlan, listReports } from "./reports.server";

const DAY_MS = 86_400_000;
/** Days over which the candidate's pace (questions a day) is measured. */
export const PACE_WINDOW_DAYS = 14;

const keyOf = (rowId: string) => rowId.slice(rowId.lastIndexOf("/") + 1);

export async function loadProgress(userId: string, exam: ExamDefinition, now = new Date()) {
  const [user, reports, plan, logs, bank, cards, mocks] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true, desiredRetention: true, sessionSize: true } }),
    listReports(userId, exam.code),
    getPlan(userId, exam.code),
    prisma.reviewLog.findMany({
      where: { userId, item: { examId: exam.code } },
      orderBy: { reviewedAt: "asc" },
      select: {
        itemId: true,
        correct: true,
        score: true,
        reviewedAt: true,
        source: true,
        stateBefore: true,
        dueBefore: true,
        item: { select: { domainId: true, objectiveId: true, rating: true } },
      },
    }),
    prisma.item.findMany({ where: { examId: exam.code, retired: false }, select: { domainId: true, objectiveId: true, rating: true } }),
    prisma.card.findMany({
      where: { userId, item: { examId: exam.code } },
      select: { state: true, due: true, stability: true, lastReview: true, item: { select: { domainId: true, retired: true } } },
    }),
    listMocks(userId, exam.code, now),
  ]);

  const domains = new Set(exam.domains.map((d) => d.id));
  const active = reports[0] ?? null;
  const baseline = active ? new Map<string, BandLevel>(active.results.map((r) => [r.domain.key, r.level as BandLevel])) : null;

  const answers: EvidenceAnswer[] = logs
    .filter((l) => domains.has(keyOf(l.item.domainId)))
    .map((l) => ({
      itemId: l.itemId,
      domain: keyOf(l.item.domainId),
      objective: l.item.objectiveId ? keyOf(l.item.objectiveId) : null,
      correct: l.correct,
      score: l.score,
      at: l.reviewedAt,
      itemRating: l.item.rating,
      source: l.source === "mock" ? "mock" : "practice",
    }));

  // The exam's difficulty mix: the active bank's item ratings, per domain and per objective.
  const mix = new Map<string, number[]>();
  const push = (k: string, v: number) => {
    const list = mix.get(k);
    if (list) list.push(v);
    else mix.set(k, [v]);
  };
  for (const item of bank) {
    const d = keyOf(item.domainId);
    push(d, item.rating);
    if (item.objectiveId) push(objectiveKey(d, keyOf(item.objectiveId)), item.rating);
  }

  const input = { exam, answers, baseline, examItemRatings: mix, now };
  const estimates = estimateDomains(input);
  const history = estimateHistory(input);

  const status = reports.length ? retakeStatus(exam.retakePolicy, reports.map((r) => ({ date: r.takenAt, passed: r.passed === true })), now) : null;
  const earliestAttempt = status && !status.passed ? (status.nextAllowedAt && status.nextAllowedAt > now ? status.nextAllowedAt : now) : null;
  const plannedDate = plan?.plannedDate ?? null;
  // Readiness is asked for the planned date; without one, for tomorrow morning (or the earliest allowed attempt).
  const tomorrow = new Date(now.getTime() + DAY_MS);
  const examDate = plannedDate && plannedDate > now ? plannedDate : earliestAttempt && earliestAttempt > tomorrow ? earliestAttempt : tomorrow;

  const readinessCards: ReadinessCard[] = cards
    .filter((c) => !c.item.retired && domains.has(keyOf(c.item.domainId)))
    .map((c) => ({ domain: keyOf(c.item.domainId), stability: c.stability, lastReview: c.lastReview, state: c.state }));
  const mockEvidence: MockEvidence[] = mocks
    .filter((m) => m.submittedAt && m.result)
    .map((m) => ({
      at: m.submittedAt!,
      weightedShare: m.result!.weightedShare,
      full: m.kind === "full",
      domains: m.result!.domains.map((d) => ({ domain: d.domain, total: d.total, correct: d.correct })),
    }));
  const ready = readiness({ exam, estimates, cards: readinessCards, mocks: mockEvidence, examItemRatings: mix, examDate, now });

  const since = now.getTime() - PACE_WINDOW_DAYS * DAY_MS;
  const recent = logs.filter((l) => l.reviewedAt.getTime() >= since).length;
  const questionsPerDay = recent / PACE_WINDOW_DAYS;
  const recommendation = recommend({ exam, readiness: ready, estimates, history, questionsPerDay, earliestAttempt, plannedDate, now });

  const health = srsHealth({
    cards: cards.filter((c) => !c.item.retired).map((c) => ({ state: c.state, due: c.due, stability: c.stability, lastReview: c.lastReview })),
    logs: logs.map((l) => ({ reviewedAt: l.reviewedAt, correct: l.correct, stateBefore: l.stateBefore, dueBefore: l.dueBefore })),
    desiredRetention: user.desiredRetention,
    retakeDate: plannedDate,
    now,
  });

  return {
    user: { name: user.name, email: user.email },
    baselineReport: active ? { takenAt: active.takenAt, score: active.score, passed: active.passed } : null,
    plannedDate,
    examDate,
    earliestAttempt,
    retakeStatus: status,
    estimates,
    history,
    readiness: ready,
    recommendation,
    health,
    questionsPerDay,
    mocks: mocks.filter((m) => m.submittedAt && m.result),
    answers: answers.length,
  };
}
export type Progress = Awaited<ReturnType<typeof loadProgress>>;
