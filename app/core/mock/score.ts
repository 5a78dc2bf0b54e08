/**
 * Scoring a finished mock: share correct per domain, the exam's band for that share, the change
 * against the candidate's baseline, and an estimated scaled score. The estimate is our rule,
 * not the vendor's (its conversion is not published): docs/mock-exams.md, "Scoring and the estimate".
 * The result is plain data (no Map, Date or NaN) because it is stored as JSON.
 */
import type { ExamDefinition } from "../content/schema";
import { bandForBarLength, levelRank, type BandMatch } from "../report/bands";

/** correct null = unanswered, which counts as wrong (no penalty for guessing on the real exam, so a blank is simply a lost point). */
export type ScoredAnswer = {
  domain: string;
  correct: boolean | null;
  /** Share of the item's points earned (multi-part items); counts instead of `correct` when given. */
  score?: number | null;
};
/** Points an answer earns: its score, else 1 when correct. */
const pointsOf = (a: ScoredAnswer) => (a.score !== undefined && a.score !== null ? a.score : a.correct === true ? 1 : 0);
/**
 * A sum of fractional points without float noise (1 + 0.4 + 0.2 + 0.2 is 1.7999999999999998, which
 * would put an exact 45% below a 45% threshold). Scores are fractions with small denominators, so
 * nine decimals lose nothing; whole numbers are unchanged.
 */
const tidy = (x: number) => Math.round(x * 1e9) / 1e9;
export type DomainChange = "up" | "down" | "same";
export type DomainResult = {
  domain: string;
  name: string;
  total: number;
  correct: number;
  /** correct / total, 0..1. */
  share: number;
  band: BandMatch;
  baseline: BandMatch | null;
  change: DomainChange | null;
  changeText: string | null;
};
export type MockResult = {
  total: number;
  answered: number;
  correct: number;
  share: number;
  weightedShare: number;
  estimatedScore: number;
  passedEstimate: boolean;
  partial: boolean;
  /** Domains that had questions in the mock, in blueprint order. */
  domains: DomainResult[];
  method: string;
};

/** Weighted share correct that maps to the passing score: our assumption, not a published figure. */
export const ESTIMATE_PASS_SHARE = 0.7;

const midpoint = (w: { min: number; max: number }) => (w.min + w.max) / 2;
const percent = (x: number) => `${Math.round(x * 100)}%`;

/** Piecewise linear: [0, ESTIMATE_PASS_SHARE] -> [min, passing], [ESTIMATE_PASS_SHARE, 1] -> [passing, max]. */
export function estimateScore(score: ExamDefinition["score"], weightedShare: number): number {
  const s = Math.min(1, Math.max(0, weightedShare));
  const value =
    s <= ESTIMATE_PASS_SHARE
      ? score.min + ((score.passing - score.min) * s) / ESTIMATE_PASS_SHARE
      : score.passing + ((score.max - score.passing) * (s - ESTIMATE_PASS_SHARE)) / (1 - ESTIMATE_PASS_SHARE);
  return Math.round(value);
}

function changeOf(band: BandMatch, baseline: BandMatch | null): { change: DomainChange | null; changeText: string | null } {
  if (!baseline) return { change: null, changeText: null };
  const diff = levelRank(band.level) - levelRank(baseline.level);
  if (diff === 0) return { change: "same", changeText: `${band.label}, unchanged` };
  return { change: diff > 0 ? "up" : "down", changeText: `${baseline.label} → ${band.label}` };
}

/**
 * Scores a mock. Answers of a domain the exam no longer has count in the raw totals but in no
 * domain (there is no band or weight for them). `baseline`: the band per domain id from the
 * candidate's latest report, or null.
 */
export function scoreMock(
  exam: ExamDefinition,
  answers: readonly ScoredAnswer[],
  baseline: ReadonlyMap<string, BandMatch> | null,
): MockResult {
  const tally = new Map<string, { total: number; correct: number }>();
  for (const a of answers) {
    const t = tally.get(a.domain) ?? { total: 0, correct: 0 };
    t.total++;
    t.correct += pointsOf(a);
    tally.set(a.domain, t);
  }
  const domains: DomainResult[] = [];
  let weighted = 0;
  let weightSum = 0;
  let plainSum = 0;
  for (const d of exam.domains) {
    const found = tally.get(d.id);
    if (!found) continue;
    const t = { total: found.total, correct: tidy(found.correct) };
    const share = t.correct / t.total;
    // A share is a bar length in the report's terms: the exam's own thresholds say which band it falls in.
    // correct * 100 / total, not share * 100: 29 / 50 * 100 is 57.99999999999999 in floating point.
    const band = bandForBarLength(exam, tidy((t.correct * 100) / t.total))!;
    const base = baseline?.get(d.id) ?? null;
    domains.push({
      domain: d.id,
      name: d.name,
      total: t.total,
      correct: t.correct,
      share,
      band,
      baseline: base,
      ...changeOf(band, base),
    });
    weighted += midpoint(d.weight) * share;
    weightSum += midpoint(d.weight);
    plainSum += share;
  }
  const total = answers.length;
  const correct = tidy(answers.reduce((s, a) => s + pointsOf(a), 0));
  const weightedShare = weightSum > 0 ? weighted / weightSum : domains.length ? plainSum / domains.length : 0;
  const estimatedScore = estimateScore(exam.score, weightedShare);
  const { min, max, passing } = exam.score;
  const partial = exam.domains.some((d) => !tally.has(d.id));
  return {
    total,
    answered: answers.filter((a) => a.correct !== null).length,
    correct,
    share: total ? correct / total : 0,
    weightedShare,
    estimatedScore,
    passedEstimate: estimatedScore >= passing,
    partial,
    domains,
    method:
      `An estimate from practice questions, not an official score: ${exam.vendor} does not publish how it scales answers to ` +
      `${min}-${max}, so we weight each domain's share correct by the blueprint and map 0-${percent(ESTIMATE_PASS_SHARE)} ` +
      `linearly to ${min}-${passing} and ${percent(ESTIMATE_PASS_SHARE)}-100% to ${passing}-${max}` +
      `${partial ? ", over only the domains this mock covered" : ""}.`,
  };
}
