/**
 * Is readiness calibrated? Simulated candidates practise on an AZ-104-shaped bank, the real
 * estimateDomains + readiness give a pass probability, then the exam is drawn from the
 * candidate's true abilities. Prints calibration by 10% bins (predicted vs observed pass rate,
 * and vs the exact true probability), the RMSE over bins, the Brier score, and the coverage of
 * the 80% ranges. Model and its assumptions: docs/progress.md ("Calibration").
 *
 *   npx tsx bench/readiness-calibration.ts [candidates=3000] [--far] [--seed=N] [--learning=0.004]
 *
 * --far       the exam 14-42 days after the last practice (default 0-3 days)
 * --learning  median ability gained per first attempt, logits (0 = no learning)
 *
 * The simulated candidate (hidden from the estimator):
 * - per domain a true ability θ_d = 0.3 + g + N(0, 0.5²), g ~ N(0, 0.6²) shared by the domains;
 *   the score report shows the band of θ_d's exam accuracy, one band off with probability 0.2;
 * - items have a true difficulty b (authored step × 0.8 + N(0, 0.5²)); the platform knows only
 *   an Elo-settled rating b + N(0, 0.25²);
 * - first attempts follow the Rasch model logistic(θ_d − b); every first attempt raises θ_d by
 *   rate × exp(−n_d / 300), rate = --learning × lognormal(0.5) per candidate: a moving target;
 * - a studied item is remembered with FSRS-6's curve shape at the candidate's own decay (default
 *   × lognormal 0.15) and stability (2.3 days after a right first answer, 0.5 after a wrong one,
 *   × a lognormal 0.3 per candidate; × 2.5 after each right review, × 0.5 after a wrong one); the
 *   platform's cards come from the real scheduler with default parameters; a review is answered right
 *   with R + (1 − R) × Rasch, a same-day retry with 0.8 + 0.2 × Rasch (both easier than the exam);
 * - sessions: 5-40 questions a day for 5-45 days (30% of days skipped); ~15% reviews of earlier
 *   items, retries of today's mistakes, the rest new items whose expected success (from a noisy
 *   view of θ) is 70-85%, domains by blueprint weight × report band need;
 * - half the candidates sit 1-2 full mocks (50 random bank items by blueprint) in the last 10 days;
 * - the exam: 50 new questions (quotas by blueprint midpoints) of the bank's true difficulty mix,
 *   Rasch at the ability on the exam day, pass at 70% right. No practice in between, and
 *   the part above guessing (0.25) shrinks as readiness assumes (half of it with the ratio of mean
 *   recall, exam day over last practice day), but with the candidate's own memory, not FSRS's.
 */
import { pathToFileURL } from "node:url";
import { default_w, forgetting_curve } from "ts-fsrs";
import type { BandLevel, ExamDefinition } from "../app/core/content/schema";
import { bandForBarLength } from "../app/core/report/bands";
import { loadExam } from "../app/core/report/test-exams";
import { accuracyOnMix, estimateDomains, logistic, type EvidenceAnswer } from "../app/core/progress/estimate";
import {
  examQuestionsPerDomain,
  forgetAccuracy,
  passMarkFor,
  readiness,
  type MockEvidence,
  type ReadinessCard,
} from "../app/core/progress/readiness";
import { createScheduler, Rating, type CardState } from "../app/core/scheduling/scheduler";
import { mulberry32 } from "../app/core/selector/random";

const DAY = 86_400_000;
const ITEMS_PER_DOMAIN = 200;

type SimItem = { id: string; domain: string; objective: string; b: number; rating: number };
type Memory = { last: number; s: number };

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** FSRS-6's curve shape with this candidate's own decay (the scheduler assumes the default). */
function recall(m: Memory | undefined, t: number, decay: number): number {
  if (!m) return 0;
  return forgetting_curve(decay, Math.max(0, t - m.last) / DAY, m.s);
}

function makeBank(exam: ExamDefinition, rand: () => number): SimItem[] {
  const steps = [1, 2, 3, 4, 5];
  const stepWeights = [0.1, 0.25, 0.3, 0.25, 0.1];
  const items: SimItem[] = [];
  for (const d of exam.domains) {
    for (let i = 0; i < ITEMS_PER_DOMAIN; i++) {
      let u = rand();
      let step = 3;
      for (let k = 0; k < steps.length; k++) {
        if (u < stepWeights[k]) {
          step = steps[k];
          break;
        }
        u -= stepWeights[k];
      }
      const b = (step - 3) * 0.8 + 0.5 * gaussian(rand);
      items.push({
        id: `${d.id}-${i}`,
        domain: d.id,
        objective: d.objectives[i % d.objectives.length].id,
        b,
        rating: b + 0.25 * gaussian(rand),
      });
    }
  }
  return items;
}

export type CandidateResult = {
  pPass: number;
  low: number;
  high: number;
  trueP: number;
  passed: boolean;
  /** Per domain: was the true exam accuracy inside the estimate's 80% range. */
  accuracyCovered: boolean[];
  /** Per domain: estimated minus true exam accuracy. */
  accuracyError: number[];
  /** Per domain: width of the 80% accuracy range. */
  rangeWidth: number[];
};

function simulateCandidate(exam: ExamDefinition, bank: SimItem[], seed: number, far: boolean, learning: number): CandidateResult {
  const rand = mulberry32(seed);
  const domains = exam.domains.map((d) => d.id);
  const byDomain = new Map(domains.map((d) => [d, bank.filter((i) => i.domain === d)]));
  const trueMix = new Map(domains.map((d) => [d, byDomain.get(d)!.map((i) => i.b)]));
  const examItemRatings = new Map(domains.map((d) => [d, byDomain.get(d)!.map((i) => i.rating)]));

  const g = 0.6 * gaussian(rand);
  const theta = new Map(domains.map((d) => [d, 0.3 + g + 0.5 * gaussian(rand)]));
  const rate = learning * Math.exp(0.5 * gaussian(rand));
  const decay = default_w[20] * Math.exp(0.15 * gaussian(rand));
  const memoryScale = Math.exp(0.3 * gaussian(rand));
  const levels: BandLevel[] = ["weak", "near", "strong"];
  const baseline = new Map<string, BandLevel>();
  for (const d of domains) {
    const level = bandForBarLength(exam, accuracyOnMix(theta.get(d)!, trueMix.get(d)!) * 100)!.level;
    let k = levels.indexOf(level);
    if (rand() < 0.2) k = Math.min(2, Math.max(0, k + (rand() < 0.5 ? -1 : 1)));
    baseline.set(d, levels[k]);
  }
  const need: Record<BandLevel, number> = { weak: 2.5, near: 1.5, strong: 0.6 };
  const alloc = exam.domains.map((d) => ((d.weight.min + d.weight.max) / 2) * need[baseline.get(d.id)!]);
  const allocSum = alloc.reduce((s, x) => s + x, 0);

  const days = 5 + Math.floor(rand() * 41);
  const perDay = 5 + Math.floor(rand() * 36);
  const start = Date.parse("2026-03-01T08:00:00Z");
  const end = start + days * DAY;
  const answers: EvidenceAnswer[] = [];
  const memory = new Map<string, Memory>();
  const seen = new Set<string>();
  const firstAttempts = new Map(domains.map((d) => [d, 0]));
  const scheduler = createScheduler();
  const cards = new Map<string, CardState>();
  const itemById = new Map(bank.map((i) => [i.id, i]));

  const answer = (item: SimItem, t: number, source: "practice" | "mock") => {
    const th = theta.get(item.domain)!;
    const rasch = logistic(th - item.b);
    const sameDay = memory.has(item.id) && t - memory.get(item.id)!.last < DAY;
    const r = recall(memory.get(item.id), t, decay);
    const p = !seen.has(item.id) ? rasch : sameDay ? 0.8 + 0.2 * rasch : r + (1 - r) * rasch;
    const correct = rand() < p;
    answers.push({
      itemId: item.id,
      domain: item.domain,
      objective: item.objective,
      correct,
      at: new Date(t),
      itemRating: item.rating,
      source,
    });
    const m = memory.get(item.id);
    memory.set(item.id, {
      last: t,
      s: !m ? (correct ? 2.3 : 0.5) * memoryScale : sameDay ? m.s : correct ? m.s * 2.5 : Math.max(0.3, m.s * 0.5),
    });
    if (!seen.has(item.id)) {
      seen.add(item.id);
      const n = firstAttempts.get(item.domain)!;
      firstAttempts.set(item.domain, n + 1);
      theta.set(item.domain, th + rate * Math.exp(-n / 300));
    }
    cards.set(item.id, scheduler.schedule(cards.get(item.id) ?? null, correct ? Rating.Good : Rating.Again, new Date(t)).card);
    return correct;
  };

  const pickDomain = () => {
    let u = rand() * allocSum;
    for (let k = 0; k < alloc.length; k++) {
      if (u < alloc[k]) return domains[k];
      u -= alloc[k];
    }
    return domains[domains.length - 1];
  };

  const mocks: MockEvidence[] = [];
  const mockCount = rand() < 0.5 ? 1 + Math.floor(rand() * 2) : 0;
  const mockDays = new Set(
    Array.from({ length: mockCount }, () => Math.max(0, days - 1 - Math.floor(rand() * Math.min(10, days)))),
  );
  const quotas = examQuestionsPerDomain(exam, exam.mock.questions);

  for (let day = 0; day < days; day++) {
    const dayStart = start + day * DAY;
    if (mockDays.has(day)) {
      const t0 = dayStart + 2 * 3600_000;
      const per: MockEvidence["domains"] = [];
      let k = 0;
      for (const d of domains) {
        const pool = byDomain.get(d)!;
        let right = 0;
        const n = quotas.get(d)!;
        for (let q = 0; q < n; q++) if (answer(pool[Math.floor(rand() * pool.length)], t0 + 60_000 * k++, "mock")) right++;
        per.push({ domain: d, total: n, correct: right });
      }
      const total = per.reduce((s, x) => s + x.total, 0);
      mocks.push({ at: new Date(t0), weightedShare: per.reduce((s, x) => s + x.correct, 0) / total, domains: per });
    }
    if (rand() < 0.3) continue;
    let t = dayStart + 10 * 3600_000;
    const wrongToday: SimItem[] = [];
    const earlier = [...seen].filter((id) => memory.get(id)!.last < dayStart);
    for (let q = 0; q < perDay; q++, t += 90_000) {
      const u = rand();
      if (u < 0.15 && earlier.length) {
        answer(itemById.get(earlier[Math.floor(rand() * earlier.length)])!, t, "practice");
        continue;
      }
      if (u < 0.25 && wrongToday.length) {
        answer(wrongToday.shift()!, t, "practice");
        continue;
      }
      const d = pickDomain();
      const view = theta.get(d)! + 0.3 * gaussian(rand);
      const unseen = byDomain.get(d)!.filter((i) => !seen.has(i.id));
      if (!unseen.length) continue;
      const inBand = unseen.filter((i) => {
        const e = logistic(view - i.rating);
        return e >= 0.7 && e <= 0.85;
      });
      const pool = inBand.length
        ? inBand
        : [...unseen]
            .sort((a, b) => Math.abs(logistic(view - a.rating) - 0.775) - Math.abs(logistic(view - b.rating) - 0.775))
            .slice(0, 5);
      const item = pool[Math.floor(rand() * pool.length)];
      if (!answer(item, t, "practice")) wrongToday.push(item);
    }
  }

  const now = new Date(end);
  const gapDays = far ? 14 + Math.floor(rand() * 29) : Math.floor(rand() * 4);
  const examDate = new Date(end + gapDays * DAY);
  const estimates = estimateDomains({ exam, answers, baseline, examItemRatings, now });
  const readinessCards: ReadinessCard[] = [...cards].map(([id, c]) => ({
    domain: itemById.get(id)!.domain,
    stability: c.stability,
    lastReview: c.last_review,
    state: c.state,
  }));
  const r = readiness({ exam, estimates, cards: readinessCards, mocks, examItemRatings, examDate, now });

  // Truth: the exam on examDate, drawn from the true abilities and the true difficulty mix.
  const studied = [...memory.values()];
  const ratio = studied.length
    ? studied.reduce((s, m) => s + recall(m, examDate.getTime(), decay), 0) /
      studied.reduce((s, m) => s + recall(m, end, decay), 0)
    : 1;
  let dist = [1];
  let right = 0;
  const accuracyCovered: boolean[] = [];
  const accuracyError: number[] = [];
  const rangeWidth: number[] = [];
  for (const d of domains) {
    const acc = accuracyOnMix(theta.get(d)!, trueMix.get(d)!);
    const est = estimates.find((e) => e.domain === d)!;
    accuracyCovered.push(acc >= est.low && acc <= est.high);
    accuracyError.push(est.accuracy - acc);
    rangeWidth.push(est.high - est.low);
    const p = forgetAccuracy(acc, ratio);
    const n = quotas.get(d)!;
    for (let q = 0; q < n; q++) {
      const next = new Array(dist.length + 1).fill(0);
      dist.forEach((v, k) => {
        next[k] += v * (1 - p);
        next[k + 1] += v * p;
      });
      dist = next;
      if (rand() < p) right++;
    }
  }
  const passMark = passMarkFor(exam.mock.questions);
  const trueP = dist.slice(passMark).reduce((s, v) => s + v, 0);
  return {
    pPass: r.pPass,
    low: r.low,
    high: r.high,
    trueP,
    passed: right >= passMark,
    accuracyCovered,
    accuracyError,
    rangeWidth,
  };
}

export type CalibrationFigures = {
  candidates: number;
  bins: { from: number; n: number; predicted: number; observed: number; trueP: number }[];
  /** RMSE of (mean predicted − observed pass rate) over bins, weighted by candidates. */
  rmse: number;
  /** The same against the exact true probabilities (no exam-draw noise). */
  rmseTrue: number;
  /** Unweighted over bins with at least 20 candidates. */
  rmseUnweighted: number;
  brier: number;
  /** Brier score of always predicting the base rate. */
  brierBaseRate: number;
  passRate: number;
  /** Share of candidates whose true pass probability lies in [low, high] (target ~0.8). */
  pPassRangeCoverage: number;
  /** Share of domain estimates whose 80% accuracy range holds the true exam accuracy. */
  accuracyRangeCoverage: number;
  /** Mean and RMS of (estimated − true) domain exam accuracy. */
  accuracyBias: number;
  accuracyRmse: number;
  /** Mean width of the domains' 80% accuracy ranges. */
  rangeWidth: number;
  ms: number;
};

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

export function run(
  opts: { candidates?: number; far?: boolean; seed?: number; learning?: number; quiet?: boolean } = {},
): CalibrationFigures {
  const candidates = opts.candidates ?? 3000;
  const seed = opts.seed ?? 1;
  const exam = loadExam("AZ-104");
  const bank = makeBank(exam, mulberry32(seed * 7919));
  const t0 = performance.now();
  const results: CandidateResult[] = [];
  for (let i = 0; i < candidates; i++)
    results.push(simulateCandidate(exam, bank, seed * 1_000_003 + i, opts.far ?? false, opts.learning ?? 0.004));
  const ms = performance.now() - t0;

  const bins = Array.from({ length: 10 }, (_, k) => {
    const inBin = results.filter((r) => Math.min(9, Math.floor(r.pPass * 10)) === k);
    const mean = (f: (r: CandidateResult) => number) => (inBin.length ? inBin.reduce((s, r) => s + f(r), 0) / inBin.length : NaN);
    return {
      from: k / 10,
      n: inBin.length,
      predicted: mean((r) => r.pPass),
      observed: mean((r) => (r.passed ? 1 : 0)),
      trueP: mean((r) => r.trueP),
    };
  });
  const used = bins.filter((b) => b.n > 0);
  const weighted = (f: (b: (typeof bins)[number]) => number) =>
    Math.sqrt(used.reduce((s, b) => s + b.n * f(b) ** 2, 0) / candidates);
  const big = bins.filter((b) => b.n >= 20);
  const passRate = results.filter((r) => r.passed).length / candidates;
  const figures: CalibrationFigures = {
    candidates,
    bins,
    rmse: weighted((b) => b.predicted - b.observed),
    rmseTrue: weighted((b) => b.predicted - b.trueP),
    rmseUnweighted: Math.sqrt(big.reduce((s, b) => s + (b.predicted - b.observed) ** 2, 0) / Math.max(1, big.length)),
    brier: results.reduce((s, r) => s + (r.pPass - (r.passed ? 1 : 0)) ** 2, 0) / candidates,
    brierBaseRate: passRate * (1 - passRate),
    passRate,
    pPassRangeCoverage: results.filter((r) => r.trueP >= r.low - 1e-9 && r.trueP <= r.high + 1e-9).length / candidates,
    accuracyRangeCoverage: results.flatMap((r) => r.accuracyCovered).filter(Boolean).length / (candidates * exam.domains.length),
    accuracyBias: mean(results.flatMap((r) => r.accuracyError)),
    accuracyRmse: Math.sqrt(mean(results.flatMap((r) => r.accuracyError.map((e) => e * e)))),
    rangeWidth: mean(results.flatMap((r) => r.rangeWidth)),
    ms,
  };
  if (!opts.quiet) print(figures, opts.far ?? false, opts.learning ?? 0.004);
  return figures;
}

function print(f: CalibrationFigures, far: boolean, learning: number) {
  const p = (x: number) => (Number.isNaN(x) ? "    –" : (x * 100).toFixed(1).padStart(5));
  const when = far ? "14-42 days after practice" : "0-3 days after practice";
  console.log(
    `readiness calibration: ${f.candidates} simulated candidates, exam ${when}, learning ${learning} logit per first attempt (median)`,
  );
  console.log(`  bin        n  predicted  observed  true P`);
  for (const b of f.bins)
    console.log(`  ${p(b.from)}%  ${String(b.n).padStart(5)}    ${p(b.predicted)}%    ${p(b.observed)}%  ${p(b.trueP)}%`);
  console.log(
    `  RMSE over bins (weighted by candidates): ${f.rmse.toFixed(3)} vs drawn outcomes, ${f.rmseTrue.toFixed(
      3,
    )} vs true probabilities`,
  );
  console.log(`  RMSE unweighted (bins with n >= 20): ${f.rmseUnweighted.toFixed(3)}`);
  console.log(`  Brier ${f.brier.toFixed(4)} (base rate ${(f.passRate * 100).toFixed(1)}% alone: ${f.brierBaseRate.toFixed(4)})`);
  console.log(
    `  80% ranges holding the truth: pass probability ${(f.pPassRangeCoverage * 100).toFixed(1)}%, domain accuracy ${(
      f.accuracyRangeCoverage * 100
    ).toFixed(1)}%`,
  );
  console.log(
    `  domain accuracy estimate − truth: mean ${(f.accuracyBias * 100).toFixed(2)} points, RMS ${(f.accuracyRmse * 100).toFixed(
      2,
    )} points; 80% range ${(f.rangeWidth * 100).toFixed(1)} points wide on average`,
  );
  console.log(`  ${(f.ms / f.candidates).toFixed(1)} ms per candidate (simulation + estimate + readiness)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const n = args.find((a) => /^\d+$/.test(a));
  const value = (name: string) => {
    const arg = args.find((a) => a.startsWith(`--${name}=`));
    return arg ? Number(arg.slice(name.length + 3)) : undefined;
  };
  run({ candidates: n ? Number(n) : undefined, far: args.includes("--far"), seed: value("seed"), learning: value("learning") });
}
