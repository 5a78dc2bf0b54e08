/**
 * Readiness calibration inside the learning benchmark: at a point before the simulated exam,
 * the progress page's own functions (estimateDomains + readiness, app/core/progress/) are given
 * only what the app would know about a baseline candidate (answers with the items' current Elo
 * ratings, the report's bands, the FSRS cards, the bank's rating mix, the exam date) and their
 * pass probability is set beside the true one from the simulated candidate.
 */
import type { BandLevel, ExamDefinition } from "../../app/core/content/schema";
import { estimateDomains, type EvidenceAnswer } from "../../app/core/progress/estimate";
import { readiness, type ReadinessCard } from "../../app/core/progress/readiness";
import type { AppState } from "./strategies";

export type CalibrationPoint = { predicted: number; truth: number };
export type CalibrationResult = {
  points: number;
  logLoss: number;
  rmseBins: number;
  bins: { from: number; to: number; n: number; predicted: number | null; observed: number | null; truth: number | null }[];
};

export function calibrate(exam: ExamDefinition, app: AppState, bands: Record<string, BandLevel>, now: Date, examDate: Date, truth: number, _seed: number): CalibrationPoint {
  const domainOf = new Map(app.ctx.bank.items.map((i) => [i.id, i.domain]));
  const answers: EvidenceAnswer[] = app.answers.map((a) => ({
    itemId: a.itemId,
    domain: a.domain,
    objective: a.objective ?? null,
    correct: a.correct,
    at: a.at,
    itemRating: app.itemRating.get(a.itemId)!,
    source: "practice",
  }));
  const examItemRatings = new Map<string, number[]>(exam.domains.map((d) => [d.id, []]));
  for (const it of app.ctx.bank.items) examItemRatings.get(it.domain)!.push(app.itemRating.get(it.id)!);
  const baseline = new Map<string, BandLevel>(Object.entries(bands));
  const estimates = estimateDomains({ exam, answers, baseline, examItemRatings, now });
  const cards: ReadinessCard[] = [...app.cards].map(([id, c]) => ({ domain: domainOf.get(id)!, stability: c.stability, lastReview: c.last_review, state: c.state }));
  const r = readiness({ exam, estimates, cards, mocks: [], examItemRatings, examDate, now });
  return { predicted: r.pPass, truth };
}
