/**
 * Exam-level accuracy per domain and objective, from practice and mock answers, corrected for
 * how practice differs from the exam. Method, parameters and their reasons: docs/progress.md.
 *
 * Model (1-parameter IRT, the Elo scale of rating.ts): P(correct) = logistic(ability − itemRating).
 * Per domain, the ability is the maximum of a weighted log-likelihood plus a normal prior from
 * the score-report band (a Laplace approximation gives its standard error), with a learning
 * trend so the estimate describes the candidate at the latest answer. Each answer weighs
 * source × kind × recency: mock answers 1.5, practice first attempts 1, reviews 0.1, retries
 * (same item within 24 h) 0; recency halves the weight every 30 days. The exam-level accuracy
 * is the mean chance of a right answer over the exam's own difficulty mix (the active bank's
 * item ratings), averaged over the ability's uncertainty; its 80% interval maps the ability's.
 */
import type { BandLevel, ExamDefinition } from "../content/schema";
import { bandForBarLength, bandForLevel, levelRank, type BandMatch } from "../report/bands";
import { answerCredit } from "./mastery";
import { initialLearnerRating, ITEM_RATING_PER_DIFFICULTY_STEP, objectiveKey } from "./rating";

export type EvidenceAnswer = {
  itemId: string;
  domain: string;
  objective: string | null;
  correct: boolean;
  /** Share of points earned (0..1) on items scored by parts; absent: all or nothing. */
  score?: number | null;
  at: Date;
  /** Logit difficulty on the Elo scale of rating.ts (the item's current rating). */
  itemRating: number;
  source: "practice" | "mock";
};

export type AnswerKind = "first" | "review" | "retry";

export type AbilityEstimate = {
  /** Logit ability (Elo scale): the posterior mode. */
  ability: number;
  /** Posterior standard deviation of the ability (logits). */
  se: number;
  /** Answers the estimate uses (same-day retries excluded). */
  answers: number;
  /** Sum of the answers' weights (source × kind × recency): fresh first-attempt equivalents. */
  effectiveAnswers: number;
  enough: boolean;
};

export type AccuracyEstimate = AbilityEstimate & {
  /** Expected share right on the exam's difficulty mix, averaged over the ability's uncertainty. */
  accuracy: number;
  /** 80% interval of that accuracy (10th and 90th percentiles). */
  low: number;
  high: number;
  /** Band of `accuracy` (bar length = accuracy × 100); null until there are enough answers. */
  band: BandMatch | null;
};

export type ObjectiveEstimate = AccuracyEstimate & { objective: string; name: string; practised: boolean };

export type DomainEstimate = AccuracyEstimate & {
  domain: string;
  name: string;
  short: string | null;
  /** Blueprint weight midpoint, % of the exam. */
  weight: number;
  baseline: BandMatch | null;
  /** Current band against the baseline band; null when either is missing. */
  change: "up" | "down" | "same" | null;
  /** "Needs improvement → Near baseline", "Still Near baseline"; null when `change` is null. */
  changeText: string | null;
  objectives: ObjectiveEstimate[];
  unpractisedObjectives: number;
  /** Counts behind the estimate, for "rests on" lines. */
  reviews: number;
  retries: number;
  mockAnswers: number;
  lastAnsweredAt: Date | null;
};

export type EstimateInput = {
  exam: ExamDefinition;
  answers: readonly EvidenceAnswer[];
  baseline: ReadonlyMap<string, BandLevel> | null;
  /**
   * Per domain id, the item ratings of the exam's active bank: the exam's difficulty mix. An
   * entry under `objectiveKey(domain, objective)` (rating.ts) is used for that objective.
   */
  examItemRatings: ReadonlyMap<string, readonly number[]>;
  now: Date;
};

export type HistoryPoint = {
  /** YYYY-MM-DD (UTC): the estimate as of the end of this day. */
  date: string;
  accuracy: number;
  low: number;
  high: number;
  /** Answers the estimate used by then (retries excluded). */
  answers: number;
  ability: number;
  se: number;
  effectiveAnswers: number;
  enough: boolean;
};

// ---- Parameters (docs/progress.md explains each) ----

/** Effective answers (fresh first-attempt equivalents) before a band is shown. */
export const ENOUGH_EFFECTIVE_ANSWERS = 20;
/** Prior sd around the baseline band's starting rating: worth about five answers. */
export const PRIOR_SD = 1.0;
/** Days after which an answer counts half: candidates learn, old answers describe an older self. */
export const RECENCY_HALF_LIFE_DAYS = 30;
/** An answer under exam conditions (timed, no feedback) counts as this many practice first attempts. */
export const MOCK_WEIGHT = 1.5;
/** A later answer to an item seen on an earlier day: mostly memory of that item (FSRS aims at 90% recall), little about the domain. */
export const REVIEW_WEIGHT = 0.1;
/** A repeat within this many hours of the previous answer to the same item is a retry (weight 0). */
export const RETRY_WINDOW_HOURS = 24;
/** Answers per unit of the learning trend (its slope is in logits per this many answers). */
export const TREND_UNIT_ANSWERS = 100;
/** Prior sd of the trend (logits per 100 answers): fast learning is allowed, none is assumed. */
export const TREND_PRIOR_SD = 1.0;
/** How far an objective's ability may sit from its domain's (prior sd of the difference). */
export const OBJECTIVE_SPREAD_SD = 0.5;
/** z for the 80% intervals (10th/90th percentiles). */
export const Z80 = 1.2815515655446004;

/** Shown on the progress page; docs/progress.md opens with the same words. */
export const METHOD_SUMMARY =
  "Each domain's estimate is the share of questions you would get right on the real exam's mix of easy and hard " +
  "questions, not your practice score: practice serves questions you are likely to get right, so each answer is " +
  `judged against its question's difficulty. First attempts count fully, mock-exam answers ${MOCK_WEIGHT} times, ` +
  `reviews a tenth (you may remember the question), and a question repeated within ${RETRY_WINDOW_HOURS} hours not at all; ` +
  `an answer counts half after ${RECENCY_HALF_LIFE_DAYS} days, and the estimate follows your trend, so it describes you now. ` +
  `The range holds your accuracy 8 times in 10; until about ${ENOUGH_EFFECTIVE_ANSWERS} answers it is wide and no band is ` +
  "shown, because the estimate still leans on your score report.";

const DAY_MS = 86_400_000;

// ---- Shared maths (used by readiness.ts too) ----

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Gauss-Hermite nodes and weights for E[f(Z)], Z ~ N(0, 1) (Numerical Recipes' gauher, then
 * rescaled): deterministic quadrature, exact for polynomials up to degree 2n − 1.
 */
function gaussHermite(n: number): { x: number[]; w: number[] } {
  const x = new Array<number>(n).fill(0);
  const w = new Array<number>(n).fill(0);
  const PIM4 = Math.pow(Math.PI, -0.25);
  const m = (n + 1) >> 1;
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-14) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i];
  }
  return { x: x.map((v) => v * Math.SQRT2), w: w.map((v) => v / Math.sqrt(Math.PI)) };
}

/** 20-node rule for expectations over a normal ability posterior. */
export const NORMAL_QUADRATURE = gaussHermite(20);

/** Difficulty mix when the bank gives none: authored difficulties 1-5 in equal parts. */
export const DEFAULT_DIFFICULTY_MIX: readonly number[] = [-2, -1, 0, 1, 2].map((s) => s * ITEM_RATING_PER_DIFFICULTY_STEP);

/** Points a mix is reduced to: the mean accuracy over 48 quantiles is within ~0.1 point of the full bank's. */
const MIX_POINTS = 48;
const mixCache = new WeakMap<readonly number[], number[]>();

/** The bank's ratings as at most 48 midpoint quantiles (sorted); the default mix when empty. */
export function compressMix(ratings: readonly number[] | undefined): number[] {
  if (!ratings || ratings.length === 0) return [...DEFAULT_DIFFICULTY_MIX];
  const cached = mixCache.get(ratings);
  if (cached) return cached;
  const sorted = ratings.filter((r) => Number.isFinite(r)).sort((a, b) => a - b);
  let out: number[];
  if (sorted.length === 0) out = [...DEFAULT_DIFFICULTY_MIX];
  else if (sorted.length <= MIX_POINTS) out = sorted;
  else {
    out = [];
    for (let k = 0; k < MIX_POINTS; k++) {
      const pos = ((k + 0.5) / MIX_POINTS) * sorted.length - 0.5;
      const lo = Math.floor(pos);
      const f = pos - lo;
      out.push(sorted[lo] * (1 - f) + sorted[Math.min(sorted.length - 1, lo + 1)] * f);
    }
  }
  mixCache.set(ratings, out);
  return out;
}

/** Expected share right on a random item of the mix for a given ability. */
export function accuracyOnMix(ability: number, mix: readonly number[]): number {
  let s = 0;
  for (const b of mix) s += logistic(ability - b);
  return s / mix.length;
}

/** d accuracy / d ability, for the delta method. */
export function accuracySlopeOnMix(ability: number, mix: readonly number[]): number {
  let s = 0;
  for (const b of mix) {
    const p = logistic(ability - b);
    s += p * (1 - p);
  }
  return s / mix.length;
}

/** The ability whose expected accuracy on the mix is `accuracy` (bisection; accuracy clamped to (0, 1)). */
export function abilityForAccuracy(accuracy: number, mix: readonly number[]): number {
  const target = Math.min(1 - 1e-6, Math.max(1e-6, accuracy));
  let lo = -20;
  let hi = 20;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (accuracyOnMix(mid, mix) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Posterior mean accuracy and its 80% interval for ability ~ N(ability, se²). */
export function accuracyWithRange(
  ability: number,
  se: number,
  mix: readonly number[],
): { accuracy: number; low: number; high: number } {
  const { x, w } = NORMAL_QUADRATURE;
  let mean = 0;
  for (let k = 0; k < x.length; k++) mean += w[k] * accuracyOnMix(ability + se * x[k], mix);
  return {
    accuracy: mean,
    low: accuracyOnMix(ability - Z80 * se, mix),
    high: accuracyOnMix(ability + Z80 * se, mix),
  };
}

// ---- Evidence preparation ----

/** One answer ready for fitting: time in ms, base weight (source × kind) before recency. */
export type PreparedAnswer = {
  domain: string;
  objective: string | null;
  correct: boolean;
  /** The outcome fitted: 1 or 0, or the share of points of a partly right answer. */
  credit: number;
  t: number;
  b: number;
  kind: AnswerKind;
  source: "practice" | "mock";
  baseWeight: number;
  /** Position among the domain's first attempts and reviews in time order, for the learning trend. */
  seq: number;
};

/**
 * Sorts by time and classifies each answer: the first answer to an item is a first attempt; a
 * later one within RETRY_WINDOW_HOURS of the previous answer to that item is a retry (the
 * explanation was just read); any other later one is a review. Answers with an invalid date or
 * rating are dropped.
 */
export function prepareAnswers(answers: readonly EvidenceAnswer[]): PreparedAnswer[] {
  const valid = answers.filter((a) => a.at instanceof Date && Number.isFinite(a.at.getTime()) && Number.isFinite(a.itemRating));
  const sorted = valid
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at.getTime() - y.a.at.getTime() || x.i - y.i)
    .map((x) => x.a);
  const lastSeen = new Map<string, number>();
  const seqs = new Map<string, number>();
  const out: PreparedAnswer[] = [];
  const retryMs = RETRY_WINDOW_HOURS * 3600_000;
  for (const a of sorted) {
    const t = a.at.getTime();
    const prev = lastSeen.get(a.itemId);
    const kind: AnswerKind = prev === undefined ? "first" : t - prev < retryMs ? "retry" : "review";
    lastSeen.set(a.itemId, t);
    const kindWeight = kind === "first" ? 1 : kind === "review" ? REVIEW_WEIGHT : 0;
    const sourceWeight = a.source === "mock" ? MOCK_WEIGHT : 1;
    // Retries leave the learning index alone too: they are excluded from everything.
    const seq = seqs.get(a.domain) ?? 0;
    if (kindWeight > 0) seqs.set(a.domain, seq + 1);
    out.push({
      domain: a.domain,
      objective: a.objective,
      correct: a.correct,
      credit: answerCredit(a),
      t,
      b: a.itemRating,
      kind,
      source: a.source,
      baseWeight: kindWeight * sourceWeight,
      seq,
    });
  }
  return out;
}

/** The `domainAnswers` argument of fitAbility for a domain's answers up to a cutoff. */
export function countsForTrend(answers: readonly PreparedAnswer[]): number {
  let n = 0;
  for (const a of answers) if (a.baseWeight > 0) n++;
  return n;
}

export function recencyWeight(t: number, nowMs: number): number {
  const ageDays = Math.max(0, nowMs - t) / DAY_MS;
  return Math.pow(0.5, ageDays / RECENCY_HALF_LIFE_DAYS);
}

export type FitPrior = {
  /** Normal prior on the ability. */
  mean: number;
  sd: number;
  /** The prior describes the ability before the first answer (a score report), not the ability now. */
  atStart: boolean;
  /** Normal prior on the learning trend, logits per TREND_UNIT_ANSWERS answers. */
  slopeMean: number;
  slopeSd: number;
};

export type AbilityFit = AbilityEstimate & { slope: number; slopeSe: number };

/**
 * Weighted Rasch MAP of the ability now and its trend: P(correct) = logistic(ability +
 * slope × x − itemRating), x = −(domain answers after this one) / TREND_UNIT_ANSWERS, so the
 * ability is the one at the latest answer, not a lagging average of the past weeks. Newton's
 * method on a strictly concave log-posterior (steps capped at 1 logit); se from the inverse
 * curvature at the mode (the trend's uncertainty included). `domainAnswers`: the domain's first
 * attempts and reviews up to the cutoff (see `countsForTrend`).
 */
export function fitAbility(
  answers: readonly PreparedAnswer[],
  prior: FitPrior,
  nowMs: number,
  domainAnswers: number,
): AbilityFit {
  const ws: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const bs: number[] = [];
  let effective = 0;
  for (const a of answers) {
    if (a.baseWeight <= 0) continue;
    const w = a.baseWeight * recencyWeight(a.t, nowMs);
    ws.push(w);
    xs.push(Math.min(0, (a.seq + 1 - domainAnswers) / TREND_UNIT_ANSWERS));
    ys.push(a.credit);
    bs.push(a.b);
    effective += w;
  }
  const xStart = prior.atStart ? -domainAnswers / TREND_UNIT_ANSWERS : 0;
  const p0 = 1 / (prior.sd * prior.sd);
  const pS = 1 / (prior.slopeSd * prior.slopeSd);
  let theta = prior.mean - prior.slopeMean * xStart;
  let slope = prior.slopeMean;
  // Information matrix [[a, b], [b, c]] and gradient at (theta, slope).
  const curvature = () => {
    let a = p0;
    let b = p0 * xStart;
    let c = p0 * xStart * xStart + pS;
    const off = theta + slope * xStart - prior.mean;
    let gT = -off * p0;
    let gS = -off * p0 * xStart - (slope - prior.slopeMean) * pS;
    for (let i = 0; i < ws.length; i++) {
      const p = logistic(theta + slope * xs[i] - bs[i]);
      const r = ws[i] * (ys[i] - p);
      const v = ws[i] * p * (1 - p);
      gT += r;
      gS += r * xs[i];
      a += v;
      b += v * xs[i];
      c += v * xs[i] * xs[i];
    }
    return { a, b, c, gT, gS };
  };
  for (let it = 0; it < 60; it++) {
    const { a, b, c, gT, gS } = curvature();
    const det = a * c - b * b;
    let dT = (c * gT - b * gS) / det;
    let dS = (a * gS - b * gT) / det;
    const big = Math.max(Math.abs(dT), Math.abs(dS));
    if (big > 1) {
      dT /= big;
      dS /= big;
    }
    theta += dT;
    slope += dS;
    if (big < 1e-10) break;
  }
  const { a, b, c } = curvature();
  const det = a * c - b * b;
  return {
    ability: theta,
    se: Math.sqrt(c / det),
    slope,
    slopeSe: Math.sqrt(a / det),
    answers: ws.length,
    effectiveAnswers: effective,
    enough: effective >= ENOUGH_EFFECTIVE_ANSWERS,
  };
}

function plain(fit: AbilityFit): AbilityEstimate {
  return { ability: fit.ability, se: fit.se, answers: fit.answers, effectiveAnswers: fit.effectiveAnswers, enough: fit.enough };
}

function toAccuracy(exam: ExamDefinition, est: AbilityEstimate, mix: readonly number[]): AccuracyEstimate {
  const r = accuracyWithRange(est.ability, est.se, mix);
  return { ...est, ...r, band: est.enough ? bandForBarLength(exam, r.accuracy * 100) : null };
}

function domainPrior(input: EstimateInput, domain: string): FitPrior {
  return {
    mean: initialLearnerRating(input.baseline?.get(domain) ?? null),
    sd: PRIOR_SD,
    atStart: true,
    slopeMean: 0,
    slopeSd: TREND_PRIOR_SD,
  };
}

function compareBands(baseline: BandMatch | null, current: BandMatch | null): Pick<DomainEstimate, "change" | "changeText"> {
  if (!baseline || !current) return { change: null, changeText: null };
  const d = levelRank(current.level) - levelRank(baseline.level);
  if (d === 0) return { change: "same", changeText: `Still ${current.label}` };
  return { change: d > 0 ? "up" : "down", changeText: `${baseline.label} → ${current.label}` };
}

function groupByDomain(prepared: readonly PreparedAnswer[]): Map<string, PreparedAnswer[]> {
  const by = new Map<string, PreparedAnswer[]>();
  for (const a of prepared) {
    const list = by.get(a.domain);
    if (list) list.push(a);
    else by.set(a.domain, [a]);
  }
  return by;
}

/**
 * Per blueprint domain (in blueprint order): the exam-level accuracy estimate beside the
 * baseline band, with one estimate per objective. An objective's prior is its domain's
 * estimate from the other objectives' answers, widened by OBJECTIVE_SPREAD_SD, so an objective
 * with few answers reads close to its domain instead of swinging on two answers.
 */
export function estimateDomains(input: EstimateInput): DomainEstimate[] {
  const nowMs = input.now.getTime();
  const byDomain = groupByDomain(prepareAnswers(input.answers));
  return input.exam.domains.map((d) => {
    const answers = byDomain.get(d.id) ?? [];
    const mix = compressMix(input.examItemRatings.get(d.id));
    const prior = domainPrior(input, d.id);
    const counted = countsForTrend(answers);
    const domainFit = fitAbility(answers, prior, nowMs, counted);
    const est = toAccuracy(input.exam, plain(domainFit), mix);
    const baselineLevel = input.baseline?.get(d.id) ?? null;
    const baseline = baselineLevel ? bandForLevel(input.exam, baselineLevel) : null;

    const objectives: ObjectiveEstimate[] = d.objectives.map((o) => {
      const own = answers.filter((a) => a.objective === o.id);
      const others = own.length
        ? fitAbility(
            answers.filter((a) => a.objective !== o.id),
            prior,
            nowMs,
            counted,
          )
        : domainFit;
      const objPrior: FitPrior = {
        mean: others.ability,
        sd: Math.sqrt(others.se * others.se + OBJECTIVE_SPREAD_SD ** 2),
        atStart: false,
        slopeMean: others.slope,
        slopeSd: TREND_PRIOR_SD,
      };
      const objMix = compressMix(input.examItemRatings.get(objectiveKey(d.id, o.id)) ?? input.examItemRatings.get(d.id));
      const fit = fitAbility(own, objPrior, nowMs, counted);
      return { ...toAccuracy(input.exam, plain(fit), objMix), objective: o.id, name: o.name, practised: own.length > 0 };
    });

    let last: number | null = null;
    for (const a of answers) if (last === null || a.t > last) last = a.t;
    return {
      ...est,
      domain: d.id,
      name: d.name,
      short: d.short ?? null,
      weight: (d.weight.min + d.weight.max) / 2,
      baseline,
      ...compareBands(baseline, est.band),
      objectives,
      unpractisedObjectives: objectives.filter((o) => !o.practised).length,
      reviews: answers.filter((a) => a.kind === "review").length,
      retries: answers.filter((a) => a.kind === "retry").length,
      mockAnswers: answers.filter((a) => a.source === "mock" && a.baseWeight > 0).length,
      lastAnsweredAt: last === null ? null : new Date(last),
    };
  });
}

function utcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Evenly spaced indices into n items, always keeping the first and the last. */
export function thinIndices(n: number, maxPoints: number): number[] {
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  if (maxPoints <= 1) return [n - 1];
  const out = new Set<number>();
  for (let k = 0; k < maxPoints; k++) out.add(Math.round((k * (n - 1)) / (maxPoints - 1)));
  return [...out].sort((a, b) => a - b);
}

/**
 * Per domain with answers: the estimate as of the end of each UTC day on which it had answers
 * (answers up to then, recency measured from then), thinned to `maxPoints` (default 30) evenly
 * spaced days keeping the first and the latest. Today's point is taken at `now`.
 */
export function estimateHistory(input: EstimateInput, opts: { maxPoints?: number } = {}): Map<string, HistoryPoint[]> {
  const maxPoints = Math.max(1, Math.floor(opts.maxPoints ?? 30));
  const nowMs = input.now.getTime();
  const byDomain = groupByDomain(prepareAnswers(input.answers));
  const out = new Map<string, HistoryPoint[]>();
  for (const d of input.exam.domains) {
    const answers = byDomain.get(d.id) ?? [];
    const days = [...new Set(answers.filter((a) => a.t <= nowMs).map((a) => utcDay(a.t)))];
    const mix = compressMix(input.examItemRatings.get(d.id));
    const prior = domainPrior(input, d.id);
    const points: HistoryPoint[] = thinIndices(days.length, maxPoints).map((i) => {
      const endOfDay = Date.parse(`${days[i]}T00:00:00Z`) + DAY_MS - 1;
      const asOf = Math.min(endOfDay, nowMs);
      const upTo = answers.filter((a) => a.t <= asOf);
      const fit = fitAbility(upTo, prior, asOf, countsForTrend(upTo));
      const r = accuracyWithRange(fit.ability, fit.se, mix);
      return {
        date: days[i],
        ...r,
        answers: fit.answers,
        ability: fit.ability,
        se: fit.se,
        effectiveAnswers: fit.effectiveAnswers,
        enough: fit.enough,
      };
    });
    out.set(d.id, points);
  }
  return out;
}
