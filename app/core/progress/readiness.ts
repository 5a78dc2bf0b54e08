/**
 * Readiness: the probability of passing if the exam were taken on a given date, and a plain
 * recommendation from it. One function (`readiness`) serves the progress page, the printable
 * report and the calibration benchmark. Method and parameters: docs/progress.md.
 *
 * Pass model: the exam's questions are split over domains by blueprint midpoints (largest
 * remainder); each question is a random item of the domain's difficulty mix, so given the
 * abilities the number right in a domain is binomial. The candidate passes with at least
 * ceil(PASS_SHARE × questions) right. pPass integrates over each domain's ability posterior
 * (20-node Gauss-Hermite) and the exam's sampling noise (exact binomial convolution).
 * Forgetting: half the part of accuracy above guessing shrinks with the domain's mean FSRS
 * retrievability at the exam date over its mean retrievability now (FORGETTING_SHARE).
 */
import { default_w, forgetting_curve } from "ts-fsrs";
import type { ExamDefinition } from "../content/schema";
import { bandForBarLength, bandForLevel, levelOrder, levelRank } from "../report/bands";
import {
  abilityForAccuracy,
  accuracyOnMix,
  accuracySlopeOnMix,
  compressMix,
  NORMAL_QUADRATURE,
  PRIOR_SD,
  Z80,
  type DomainEstimate,
  type HistoryPoint,
} from "./estimate";
import { initialLearnerRating } from "./rating";

/**
 * Share right on a blueprint-weighted exam taken as the pass line. Microsoft reports a scaled
 * score (700 of 1000) whose conversion from answers is unpublished, so 70% right is an
 * assumption, not a fact about the exam.
 */
export const PASS_SHARE = 0.7;
/** Chance of a right answer with nothing remembered (four options): forgetting falls back to it. */
export const GUESS_FLOOR = 0.25;
/** Verdict thresholds (docs/progress.md). */
export const READY_P = 0.8;
export const READY_LOW = 0.6;
export const MOCK_CONFIRM_P = 0.65;
/** A mock counts as full when it had at least this share of the exam's questions. */
export const FULL_MOCK_SHARE = 0.9;
/** suggestedDate looks this far ahead at most: a straight-line trend says little beyond it. */
export const PROJECTION_DAYS = 120;
/** Points of history the trend is fitted on (the most recent ones with enough answers). */
export const TREND_POINTS = 10;

export type ReadinessCard = { domain: string; stability: number; lastReview: Date | null; state: number };
export type MockEvidence = {
  at: Date;
  weightedShare: number;
  domains: { domain: string; total: number; correct: number }[];
  /** A full-length mock of the whole blueprint; when absent, judged from its question count (FULL_MOCK_SHARE). */
  full?: boolean;
};

export type ReadinessInput = {
  exam: ExamDefinition;
  estimates: readonly DomainEstimate[];
  cards: readonly ReadinessCard[];
  mocks: readonly MockEvidence[];
  examItemRatings: ReadonlyMap<string, readonly number[]>;
  examDate: Date;
  now: Date;
  /** Default exam.mock.questions. */
  examQuestions?: number;
};

export type ReadinessDomain = {
  domain: string;
  /** Questions of this domain on the modelled exam. */
  questions: number;
  ability: number;
  se: number;
  /** Posterior mean accuracy on the exam date (after forgetting). */
  expectedAccuracy: number;
  /** The same today. */
  accuracyNow: number;
  /** accuracyNow − expectedAccuracy. */
  forgettingLoss: number;
  /** Mean retrievability at the exam date over mean retrievability now (1 with no cards). */
  retention: number;
  /** The domain's exam difficulty mix (quantiles), so recommend can project without the bank. */
  mix: number[];
};

export type Readiness = {
  pPass: number;
  /** 80% credible interval of the pass probability from the ability uncertainty (docs/progress.md). */
  low: number;
  high: number;
  /** Expected share right on the exam date. */
  expectedShare: number;
  restsOn: { answers: number; effectiveAnswers: number; mocks: number; fullMocks: number };
  /** Every domain on the exam has enough answers for its own estimate. */
  enough: boolean;
  examDate: Date;
  questions: number;
  /** Right answers needed. */
  passMark: number;
  perDomain: ReadinessDomain[];
};

const DAY_MS = 86_400_000;

/** Questions per domain for an exam of `total` questions: blueprint midpoints, largest remainder. */
export function examQuestionsPerDomain(exam: ExamDefinition, total: number): Map<string, number> {
  const shares = exam.domains.map((d) => (d.weight.min + d.weight.max) / 2);
  const sum = shares.reduce((s, x) => s + x, 0);
  const out = new Map<string, number>(exam.domains.map((d) => [d.id, 0]));
  if (total <= 0 || sum <= 0) return out;
  const exact = shares.map((s) => (s / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, x) => s + x, 0);
  const order = exact
    .map((q, i) => ({ i, rem: q - Math.floor(q) }))
    .sort((a, b) => b.rem - a.rem || shares[b.i] - shares[a.i] || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k].i]++;
  exam.domains.forEach((d, i) => out.set(d.id, counts[i]));
  return out;
}

export function passMarkFor(questions: number): number {
  return Math.ceil(PASS_SHARE * questions - 1e-9);
}

/**
 * Share of the accuracy above guessing taken to follow the cards' forgetting curve; the rest is
 * treated as durable skill (a first attempt on an unseen item rests on more than the memory of
 * other items). An assumption until real retake outcomes can fit it.
 */
export const FORGETTING_SHARE = 0.5;

/** Accuracy after forgetting: FORGETTING_SHARE of the part above guessing scales with retention. */
export function forgetAccuracy(accuracy: number, retention: number): number {
  if (accuracy <= GUESS_FLOOR) return accuracy;
  return GUESS_FLOOR + (accuracy - GUESS_FLOOR) * (1 - FORGETTING_SHARE * (1 - retention));
}

/** d forgetAccuracy / d accuracy. */
function forgetSlope(accuracy: number, retention: number): number {
  return accuracy > GUESS_FLOOR ? 1 - FORGETTING_SHARE * (1 - retention) : 1;
}

/**
 * Mean FSRS-6 retrievability (default parameters) of the domain's learned cards at the exam
 * date over the same now; 1 when there are none (nothing to say about forgetting).
 */
export function domainRetention(cards: readonly ReadinessCard[], now: Date, examDate: Date): number {
  const nowMs = now.getTime();
  const examMs = Math.max(nowMs, examDate.getTime());
  let rNow = 0;
  let rExam = 0;
  for (const c of cards) {
    if (c.state === 0 || !c.lastReview || !(c.stability > 0)) continue;
    const last = c.lastReview.getTime();
    rNow += forgetting_curve(default_w, Math.max(0, nowMs - last) / DAY_MS, c.stability);
    rExam += forgetting_curve(default_w, Math.max(0, examMs - last) / DAY_MS, c.stability);
  }
  return rNow > 0 ? Math.min(1, rExam / rNow) : 1;
}

export type PassDomain = { questions: number; ability: number; se: number; mix: readonly number[]; retention: number };

function binomialPmf(n: number, p: number): Float64Array {
  let dist = new Float64Array(n + 1);
  dist[0] = 1;
  for (let i = 0; i < n; i++) {
    const next = new Float64Array(n + 1);
    for (let k = 0; k <= i; k++) {
      next[k] += dist[k] * (1 - p);
      next[k + 1] += dist[k] * p;
    }
    dist = next;
  }
  return dist;
}

function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  }
  return out;
}

function tail(dist: Float64Array, from: number): number {
  let s = 0;
  for (let k = Math.max(0, from); k < dist.length; k++) s += dist[k];
  return Math.min(1, Math.max(0, s));
}

/** Distribution of the number right in one domain, mixed over its ability posterior. */
function domainCounts(d: PassDomain): Float64Array {
  const { x, w } = NORMAL_QUADRATURE;
  const out = new Float64Array(d.questions + 1);
  for (let k = 0; k < x.length; k++) {
    const p = forgetAccuracy(accuracyOnMix(d.ability + d.se * x[k], d.mix), d.retention);
    const pmf = binomialPmf(d.questions, p);
    for (let j = 0; j <= d.questions; j++) out[j] += w[k] * pmf[j];
  }
  return out;
}

/** P(at least passMark right), integrating ability uncertainty and exam sampling noise. */
export function passProbability(domains: readonly PassDomain[], passMark: number): number {
  let dist: Float64Array = Float64Array.of(1);
  for (const d of domains) if (d.questions > 0) dist = convolve(dist, domainCounts(d));
  return tail(dist, passMark);
}

/** P(pass) with the abilities known exactly (exam sampling noise only). */
export function passGivenAbilities(domains: readonly PassDomain[], abilities: readonly number[], passMark: number): number {
  let dist: Float64Array = Float64Array.of(1);
  domains.forEach((d, i) => {
    if (d.questions > 0)
      dist = convolve(dist, binomialPmf(d.questions, forgetAccuracy(accuracyOnMix(abilities[i], d.mix), d.retention)));
  });
  return tail(dist, passMark);
}

/**
 * The pass probability with abilities at the 10th and 90th percentile of the posterior along
 * the direction that moves the expected score most (delta method): an 80% credible interval of
 * P(pass | abilities), widened to contain pPass.
 */
function passRange(domains: readonly PassDomain[], passMark: number, pPass: number): { low: number; high: number } {
  const total = domains.reduce((s, d) => s + d.questions, 0);
  const g = domains.map((d) => {
    const acc = accuracyOnMix(d.ability, d.mix);
    const slope = accuracySlopeOnMix(d.ability, d.mix) * forgetSlope(acc, d.retention);
    return total > 0 ? (d.questions / total) * slope * d.se : 0;
  });
  const norm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
  const at = (z: number) =>
    passGivenAbilities(
      domains,
      domains.map((d, i) => d.ability + (norm > 0 ? (z * d.se * g[i]) / norm : 0)),
      passMark,
    );
  return { low: Math.min(pPass, at(-Z80)), high: Math.max(pPass, at(Z80)) };
}

function isFullMock(exam: ExamDefinition, m: MockEvidence): boolean {
  if (m.full !== undefined) return m.full;
  const total = m.domains.reduce((s, d) => s + d.total, 0);
  return total >= FULL_MOCK_SHARE * exam.mock.questions;
}

/**
 * The pass probability on `examDate`. Mock answers are already in the estimates (as "mock"
 * answers, weighted most); `mocks` is not counted again, to avoid double counting, and serves
 * `restsOn` and the "full mock in the evidence" condition of the verdict.
 */
export function readiness(input: ReadinessInput): Readiness {
  const { exam } = input;
  const questions = Math.max(1, Math.round(input.examQuestions ?? exam.mock.questions));
  const perDomainQuestions = examQuestionsPerDomain(exam, questions);
  const passMark = passMarkFor(questions);
  const byId = new Map(input.estimates.map((e) => [e.domain, e]));

  const perDomain: ReadinessDomain[] = exam.domains.map((d) => {
    const est = byId.get(d.id);
    const mix = compressMix(input.examItemRatings.get(d.id));
    const ability = est ? est.ability : initialLearnerRating(null);
    const se = est ? est.se : PRIOR_SD;
    const retention = domainRetention(
      input.cards.filter((c) => c.domain === d.id),
      input.now,
      input.examDate,
    );
    const { x, w } = NORMAL_QUADRATURE;
    let now = 0;
    let later = 0;
    for (let k = 0; k < x.length; k++) {
      const acc = accuracyOnMix(ability + se * x[k], mix);
      now += w[k] * acc;
      later += w[k] * forgetAccuracy(acc, retention);
    }
    return {
      domain: d.id,
      questions: perDomainQuestions.get(d.id) ?? 0,
      ability,
      se,
      expectedAccuracy: later,
      accuracyNow: now,
      forgettingLoss: now - later,
      retention,
      mix: [...mix],
    };
  });

  const pPass = passProbability(perDomain, passMark);
  const { low, high } = passRange(perDomain, passMark, pPass);
  const mocks = input.mocks.filter((m) => m.at.getTime() <= input.now.getTime());
  return {
    pPass,
    low,
    high,
    expectedShare: perDomain.reduce((s, d) => s + d.questions * d.expectedAccuracy, 0) / questions,
    restsOn: {
      answers: input.estimates.reduce((s, e) => s + e.answers, 0),
      effectiveAnswers: input.estimates.reduce((s, e) => s + e.effectiveAnswers, 0),
      mocks: mocks.length,
      fullMocks: mocks.filter((m) => isFullMock(exam, m)).length,
    },
    enough: perDomain.every((d) => d.questions === 0 || byId.get(d.domain)?.enough === true),
    examDate: input.examDate,
    questions,
    passMark,
    perDomain,
  };
}

// ---- Recommendation ----

export type Recommendation = {
  verdict: "not-yet" | "after-next-mock" | "ready";
  text: string;
  /** Domains below the accuracy at which this exam is passed READY_P of the time, costliest first. */
  holdingBack: { domain: string; name: string; accuracy: number; needed: number }[];
  toNextBand: {
    domain: string;
    name: string;
    nextBand: string;
    /** Questions in this domain at the current trend; null = unknown (no trend yet, or not improving). */
    questions: number | null;
    /** Days at the current pace; null when questions is null or the domain is not being practised. */
    days: number | null;
  }[];
  earliestAttempt: Date | null;
  suggestedDate: Date | null;
};

export type RecommendInput = {
  exam: ExamDefinition;
  readiness: Readiness;
  estimates: readonly DomainEstimate[];
  history: Map<string, HistoryPoint[]>;
  /** The candidate's recent pace, all domains together. */
  questionsPerDay: number;
  /** From retake-policy.ts, computed by the caller. */
  earliestAttempt: Date | null;
  plannedDate: Date | null;
  now: Date;
};

/** The lowest share right at which an exam of `questions` is passed READY_P of the time (sampling noise only). */
export function neededShare(questions: number, passMark: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (tail(binomialPmf(questions, mid), passMark) < READY_P) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Accuracy gained per answer: least squares over the latest TREND_POINTS points with enough answers. */
export function trendPerAnswer(points: readonly HistoryPoint[]): number | null {
  const use = points.filter((p) => p.enough).slice(-TREND_POINTS);
  if (use.length < 2) return null;
  const mx = use.reduce((s, p) => s + p.answers, 0) / use.length;
  const my = use.reduce((s, p) => s + p.accuracy, 0) / use.length;
  let sxx = 0;
  let sxy = 0;
  for (const p of use) {
    sxx += (p.answers - mx) ** 2;
    sxy += (p.answers - mx) * (p.accuracy - my);
  }
  if (sxx <= 0) return null;
  const slope = sxy / sxx;
  return slope > 0 ? slope : null;
}

/** Share of the last 14 days' answers per domain (blueprint weights when there were none). */
function practiceShares(exam: ExamDefinition, history: Map<string, HistoryPoint[]>, now: Date): Map<string, number> {
  const since = new Date(now.getTime() - 14 * DAY_MS).toISOString().slice(0, 10);
  const recent = new Map<string, number>();
  for (const d of exam.domains) {
    const pts = history.get(d.id) ?? [];
    const before = [...pts].reverse().find((p) => p.date < since);
    const last = pts[pts.length - 1];
    recent.set(d.id, last ? last.answers - (before?.answers ?? 0) : 0);
  }
  const total = [...recent.values()].reduce((s, x) => s + x, 0);
  if (total > 0) return new Map([...recent].map(([k, v]) => [k, v / total]));
  const w = exam.domains.map((d) => (d.weight.min + d.weight.max) / 2);
  const sum = w.reduce((s, x) => s + x, 0);
  return new Map(exam.domains.map((d, i) => [d.id, w[i] / sum]));
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
// "4 Dec 2026" (UTC): the way the pages write dates.
const day = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const laterOf = (a: Date, b: Date | null) => (b && b.getTime() > a.getTime() ? b : a);

/**
 * Verdict (docs/progress.md): "ready" when pPass ≥ 0.8, its low end ≥ 0.6 and a full mock is in
 * the evidence; "after-next-mock" when pPass ≥ 0.65, or ready but no full mock yet; else
 * "not-yet". suggestedDate: the first day the domains' trends (accuracy per answer × the pace)
 * project pPass ≥ 0.8, assuming practice goes on (so no forgetting), not before earliestAttempt.
 */
export function recommend(input: RecommendInput): Recommendation {
  const { exam, readiness: r } = input;
  const byId = new Map(input.estimates.map((e) => [e.domain, e]));
  const nameOf = (id: string) => {
    const e = byId.get(id);
    return e?.short ?? e?.name ?? exam.domains.find((d) => d.id === id)?.name ?? id;
  };

  const needed = neededShare(r.questions, r.passMark);
  const weightOf = new Map(exam.domains.map((d) => [d.id, (d.weight.min + d.weight.max) / 2]));
  const holdingBack = r.perDomain
    .filter((d) => d.questions > 0 && d.expectedAccuracy < needed)
    .sort(
      (a, b) =>
        (weightOf.get(b.domain) ?? 0) * (needed - b.expectedAccuracy) -
        (weightOf.get(a.domain) ?? 0) * (needed - a.expectedAccuracy),
    )
    .map((d) => ({ domain: d.domain, name: nameOf(d.domain), accuracy: d.expectedAccuracy, needed }));

  const shares = practiceShares(exam, input.history, input.now);
  const perDay = (id: string) => Math.max(0, input.questionsPerDay) * (shares.get(id) ?? 0);
  const trends = new Map(exam.domains.map((d) => [d.id, trendPerAnswer(input.history.get(d.id) ?? [])]));

  const toNextBand: Recommendation["toNextBand"] = [];
  for (const e of input.estimates) {
    const current = e.band ?? bandForBarLength(exam, e.accuracy * 100);
    if (!current || current.level === "strong") continue;
    const nextLevel = levelOrder[levelRank(current.level) + 1];
    const threshold = (nextLevel === "near" ? exam.barThresholds.nearFrom : exam.barThresholds.strongFrom) / 100;
    const slope = trends.get(e.domain) ?? null;
    const questions = slope ? Math.max(1, Math.ceil((threshold - e.accuracy) / slope)) : null;
    const pace = perDay(e.domain);
    toNextBand.push({
      domain: e.domain,
      name: nameOf(e.domain),
      nextBand: bandForLevel(exam, nextLevel).label,
      questions,
      days: questions !== null && pace > 0 ? Math.ceil(questions / pace) : null,
    });
  }

  // Project each domain along its trend; domains without one stay where they are.
  const projected = (days: number) =>
    passProbability(
      r.perDomain.map((d) => {
        const slope = trends.get(d.domain) ?? 0;
        const gain = slope * perDay(d.domain) * days;
        const ability = gain > 0 ? abilityForAccuracy(Math.min(0.995, accuracyOnMix(d.ability, d.mix) + gain), d.mix) : d.ability;
        return { questions: d.questions, ability, se: d.se, mix: d.mix, retention: 1 };
      }),
      r.passMark,
    );
  // Gains only grow with time, so projected pPass is non-decreasing in days: bisect.
  let suggestedDate: Date | null = null;
  const anyTrend = [...trends.values()].some((s) => s !== null) && input.questionsPerDay > 0;
  let reachDay: number | null = projected(0) >= READY_P ? 0 : null;
  if (reachDay === null && anyTrend && projected(PROJECTION_DAYS) >= READY_P) {
    let lo = 0;
    let hi = PROJECTION_DAYS;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (projected(mid) >= READY_P) hi = mid;
      else lo = mid;
    }
    reachDay = hi;
  }
  if (reachDay !== null) suggestedDate = laterOf(new Date(input.now.getTime() + reachDay * DAY_MS), input.earliestAttempt);

  const readyByNumbers = r.pPass >= READY_P && r.low >= READY_LOW;
  const verdict: Recommendation["verdict"] =
    readyByNumbers && r.restsOn.fullMocks > 0
      ? "ready"
      : readyByNumbers || r.pPass >= MOCK_CONFIRM_P
      ? "after-next-mock"
      : "not-yet";

  const odds = `about ${pct(r.pPass)} chance of passing on ${day(r.examDate)} (80% range ${pct(r.low)}–${pct(r.high)})`;
  const parts: string[] = [];
  if (verdict === "ready") parts.push(`Ready: ${odds}, with a full mock exam in the evidence.`);
  else if (verdict === "after-next-mock" && readyByNumbers)
    parts.push(`Ready on practice alone: ${odds}. Take a full mock exam and book if it confirms.`);
  else if (verdict === "after-next-mock") parts.push(`Close: ${odds}. Book after your next full mock exam if it confirms.`);
  else parts.push(`Not yet: ${odds}.`);
  if (!r.enough) parts.push("Some domains have few answers yet, so the range is wide.");
  if (holdingBack.length) {
    const list = holdingBack
      .slice(0, 3)
      .map((h) => `${h.name} (${pct(h.accuracy)})`)
      .join(", ");
    parts.push(`Holding you back: ${list}; about ${pct(needed)} is needed in each.`);
  }
  const focus = toNextBand.find((b) => holdingBack.some((h) => h.domain === b.domain)) ?? toNextBand[0];
  if (focus) {
    parts.push(
      focus.questions === null
        ? `Not enough history yet to tell how fast ${focus.name} is improving.`
        : `At your current pace, ${focus.name} reaches ${focus.nextBand} in about ${focus.questions} questions` +
            (focus.days !== null ? ` (${focus.days} day${focus.days === 1 ? "" : "s"}).` : "."),
    );
  }
  if (input.earliestAttempt) parts.push(`Earliest allowed attempt: ${day(input.earliestAttempt)}.`);
  if (suggestedDate) parts.push(`Suggested date: ${day(suggestedDate)}.`);
  if (input.plannedDate) {
    if (input.earliestAttempt && input.plannedDate.getTime() < input.earliestAttempt.getTime()) {
      parts.push(`Your planned date ${day(input.plannedDate)} is before the earliest allowed attempt.`);
    } else if (suggestedDate && input.plannedDate.getTime() < suggestedDate.getTime() && verdict !== "ready") {
      parts.push(`Your planned date ${day(input.plannedDate)} comes before the suggested date.`);
    }
  }
  return { verdict, text: parts.join(" "), holdingBack, toNextBand, earliestAttempt: input.earliestAttempt, suggestedDate };
}
