/**
 * A simulated candidate, to compare item-selection policies on what matters: the expected
 * exam score over the weeks before a retake.
 *
 * Hygiene (after the FSRS simulation projects): the selector never sees the learner's true
 * state (only answers, the score-report bands and authored difficulty); the learner's true
 * parameters vary around defaults per seed; knowledge is measured every day and averaged over
 * the whole run (not only at the end), and on the retake morning; results are reported over
 * many seeded learners, paired on the same learner and item bank.
 *
 * The learner (hidden):
 * - per domain a skill θ_d (logit); the score report shows a band derived from it, wrong by one
 *   band with probability REPORT_NOISE;
 * - items are knowledge components with a true difficulty b_i; an item the learner has not
 *   learned is answered right with base_i = 0.25 + 0.75·logistic(θ_d − b_i) (4 options);
 * - studying an item (answering it, then reading the explanation) encodes it with probability
 *   encoding·0.9·logistic(1.5 + z·(θ_d − b_i)), z ∈ [0, tooHardPenalty] per learner: far-too-hard
 *   items stick less for some learners and equally for others (so difficulty targeting is not
 *   assumed to pay);
 * - an encoded item's memory follows FSRS-6 with this learner's own parameters: the default
 *   w, each multiplied by exp(0.15·N(0,1)) (so the scheduler, which uses the defaults, never knows
 *   the truth); the first study sets the memory as Good if answered right, Again if wrong, later
 *   ones as Good when recalled, Again when not (the explanation is always read). Elapsed time
 *   follows the FSRS convention: whole calendar days, 0 = same day (short-term stability);
 * - practice also transfers a little to the domain skill (θ_d rises with diminishing returns).
 * The exam score is Σ_d weight_d × mean_i∈d P(correct on i): recall or, failing that, base_i.
 *
 * Baselines, with no spacing and the same number of items a day (a candidate with a plain
 * question bank): `blueprint-random` draws each session's items at random, blueprint-
 * proportionally (repeats across sessions allowed); `bank-unseen-first` does the same but serves
 * questions not yet seen first (a bank's "unused questions" filter: the stronger baseline);
 * `weak-first-unseen` is the ablation "weak domains first, no spacing, no difficulty targeting":
 * the selector's own domain allocation, unseen items at random.
 *
 * Limits: memory is FSRS-shaped, the same family the scheduler assumes (only the parameters
 * differ), which flatters FSRS scheduling; every bank item counts equally on the exam, which
 * rewards coverage; motivation and drop-out are not modelled (the reason usually given for
 * serving items at ~75% success). `SimWorld` varies the assumptions that decide the results.
 * Results and their reading: docs/selector.md.
 */
import { domainMastery, type MasteryAnswer } from "../progress/mastery";
import { applyAnswerToRatings, emptyLearnerRatings, expectedSuccess, initialItemRating, initialLearnerRating, type LearnerRatings } from "../progress/rating";
import { ratingFromAnswer } from "../scheduling/rating-from-answer";
import { createScheduler, type CardState } from "../scheduling/scheduler";
import { clipParameters, default_w, fsrs, generatorParameters, Rating, type FSRS, type FSRSState, type StepUnit } from "ts-fsrs";
import { mulberry32 } from "./random";
import { domainAllocation, largestRemainder, selectSession, type BaselineBand, type SelectorDomain, type SelectorInput, type SelectorItem } from "./selector";

export type SimPolicy = "adaptive" | "adaptive-no-report" | "blueprint-random" | "bank-unseen-first" | "weak-first-unseen";

export type SimOptions = {
  seed: number;
  policy: SimPolicy;
  domains: SelectorDomain[];
  /** Days until the retake. Default 28. */
  days?: number;
  sessionsPerDay?: number;
  sessionSize?: number;
  itemsPerDomain?: number;
  /** Platform knobs, to see what each is worth in the model. */
  tuning?: SimTuning;
  /** Learner-model assumptions, for sensitivity runs. */
  world?: SimWorld;
};

export type SimTuning = {
  desiredRetention?: number;
  maxReviewsShare?: number;
  targetSuccess?: [number, number];
  learningSteps?: readonly StepUnit[];
  relearningSteps?: readonly StepUnit[];
  /** Same-day retries of wrong answers (the selector's default). false: the selector is not told about today's mistakes. */
  retries?: boolean;
};

/** The assumptions the comparison is most sensitive to; defaults are the headline model. */
export type SimWorld = {
  /** FSRS-6 forgetting-curve decay (w20) the learners vary around. Default ts-fsrs's 0.1542; 0.5 is FSRS-4.5's steeper curve. */
  forgettingDecay?: number;
  /** Multiplier of the chance that one study encodes an item. Default 1. */
  encoding?: number;
  /** Upper end of the per-learner "too hard to stick" slope z. Default 1. */
  tooHardPenalty?: number;
  /**
   * Sessions limited by time instead of item count: a correct answer to an item seen before
   * costs this fraction of a first attempt (reading and explanation). Default: off (every
   * policy answers exactly sessionSize items).
   */
  repeatCost?: number;
};

export type SimResult = {
  policy: SimPolicy;
  seed: number;
  /** Expected exam score (0..1) before any practice. */
  startScore: number;
  /** Mean of the daily expected exam score over the run (the headline figure). */
  meanScore: number;
  /** Expected exam score on the morning of the retake. */
  finalScore: number;
  daily: number[];
  answers: number;
  /** Distinct items practised. */
  distinctItems: number;
  /** Share of answers that were right. */
  accuracy: number;
  /** Share of answers that were right on an item's first attempt. */
  firstAttemptAccuracy: number;
  /** Mean expected success the selector's Elo estimate gave those first attempts (NaN for the baselines). */
  firstAttemptPredicted: number;
  /** Share of answers given to items seen before (reviews, retries, repeats). */
  repeatShare: number;
  /** Distinct items practised in the domains where the learner is truly weak (not the report's band). */
  weakDomainItems: number;
  answersPerDomain: Record<string, number>;
};

const DAY = 86_400_000;
const REPORT_NOISE = 0.15;
const BAND_SKILL = { weak: -1.0, near: -0.2, strong: 0.8 } as const;
const BAND_LABEL = { weak: "Needs improvement", near: "Near baseline", strong: "Above baseline" } as const;

type Level = keyof typeof BAND_SKILL;

type HiddenItem = { id: string; domain: string; objective: string; b: number; authored: number; mem: FSRSState | null; last: number };

type Learner = {
  level: Record<string, Level>;
  theta: Record<string, number>;
  report: Record<string, BaselineBand>;
  memory: FSRS;
  zpd: number;
  encoding: number;
  transfer: number;
  practised: Record<string, number>;
};

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** The same learner and item bank for every policy with the same seed (paired comparison). */
function makeWorld(seed: number, domains: SelectorDomain[], itemsPerDomain: number, world: SimWorld) {
  const rand = mulberry32(seed * 7919 + 1);
  const levels: Level[] = domains.map(() => (rand() < 0.35 ? "weak" : rand() < 0.6 ? "near" : "strong"));
  if (!levels.includes("weak")) levels[Math.floor(rand() * levels.length)] = "weak";
  const w = default_w.map((v, k) => (k === 20 && world.forgettingDecay !== undefined ? world.forgettingDecay : v) * Math.exp(0.15 * gaussian(rand)));
  const learner: Learner = {
    level: {},
    theta: {},
    report: {},
    memory: fsrs(generatorParameters({ w: clipParameters(w, 1, true) })),
    zpd: rand() * (world.tooHardPenalty ?? 1),
    encoding: world.encoding ?? 1,
    transfer: 0.003 * Math.exp(0.3 * gaussian(rand)),
    practised: {},
  };
  const order: Level[] = ["weak", "near", "strong"];
  domains.forEach((d, i) => {
    const level = levels[i];
    learner.level[d.id] = level;
    learner.theta[d.id] = BAND_SKILL[level] + 0.3 * gaussian(rand);
    let shown = order.indexOf(level);
    if (rand() < REPORT_NOISE) shown = Math.min(2, Math.max(0, shown + (rand() < 0.5 ? -1 : 1)));
    learner.report[d.id] = { level: order[shown], label: BAND_LABEL[order[shown]] };
    learner.practised[d.id] = 0;
  });
  const items: HiddenItem[] = [];
  for (const d of domains) {
    for (let i = 0; i < itemsPerDomain; i++) {
      const b = 1.0 * gaussian(rand);
      // Authors' 1..5 difficulty: the true difficulty seen through noise.
      const authored = Math.min(5, Math.max(1, Math.round(3 + (b + 0.5 * gaussian(rand)) / 0.8)));
      const objective = d.objectives[i % d.objectives.length].id;
      items.push({ id: `${d.id}-${i}`, domain: d.id, objective, b, authored, mem: null, last: 0 });
    }
  }
  return { learner, items };
}

function baseCorrect(learner: Learner, item: HiddenItem): number {
  return 0.25 + 0.75 * logistic(learner.theta[item.domain] - item.b);
}

function pCorrect(learner: Learner, item: HiddenItem, nowMs: number): number {
  const base = baseCorrect(learner, item);
  if (!item.mem) return base;
  const r = learner.memory.forgetting_curve((nowMs - item.last) / DAY, item.mem.stability);
  return r + (1 - r) * base;
}

function examScore(learner: Learner, items: HiddenItem[], weights: Record<string, number>, nowMs: number): number {
  const sum: Record<string, number> = {};
  const n: Record<string, number> = {};
  for (const it of items) {
    sum[it.domain] = (sum[it.domain] ?? 0) + pCorrect(learner, it, nowMs);
    n[it.domain] = (n[it.domain] ?? 0) + 1;
  }
  let score = 0;
  for (const d in weights) score += weights[d] * (sum[d] / n[d]);
  return score;
}

/** Whole calendar days between two instants (UTC), as FSRS counts elapsed days. */
export function calendarDays(fromMs: number, toMs: number): number {
  return Math.floor(toMs / DAY) - Math.floor(fromMs / DAY);
}

/** One answer: outcome from the hidden state, then learning from the explanation. */
function study(learner: Learner, item: HiddenItem, nowMs: number, rand: () => number): boolean {
  const base = baseCorrect(learner, item);
  let recalled = false;
  if (item.mem) {
    const r = learner.memory.forgetting_curve((nowMs - item.last) / DAY, item.mem.stability);
    recalled = rand() < r;
    // FSRS convention: elapsed time in calendar days; a same-day review has t = 0 and updates
    // short-term stability (an evening answer reviewed next morning is a next-day review).
    item.mem = learner.memory.next_state(item.mem, calendarDays(item.last, nowMs), recalled ? Rating.Good : Rating.Again, r);
    item.last = nowMs;
  }
  const correct = recalled || rand() < base;
  if (!item.mem && rand() < learner.encoding * 0.9 * logistic(1.5 + learner.zpd * (learner.theta[item.domain] - item.b))) {
    item.mem = learner.memory.next_state(null, 0, correct ? Rating.Good : Rating.Again);
    item.last = nowMs;
  }
  const k = learner.practised[item.domain]++;
  learner.theta[item.domain] += learner.transfer * Math.exp(-k / 300);
  return correct;
}

export function simulateLearner(options: SimOptions): SimResult {
  const days = options.days ?? 28;
  const sessionsPerDay = options.sessionsPerDay ?? 2;
  const sessionSize = options.sessionSize ?? 15;
  const domains = options.domains;
  const world = options.world ?? {};
  const { learner, items } = makeWorld(options.seed, domains, options.itemsPerDomain ?? 150, world);
  // The learner's outcomes and a baseline's item draws use separate streams, so a policy's
  // choices do not shift the randomness of the learner's answers.
  const rand = mulberry32(options.seed * 104729 + 7);
  const draw = mulberry32(options.seed * 15485863 + 11);
  const start = Date.UTC(2026, 0, 5, 0, 0, 0);
  const retakeDate = new Date(start + days * DAY + 9 * 3600_000);
  const weightsRaw = Object.fromEntries(domains.map((d) => [d.id, (d.weight.min + d.weight.max) / 2]));
  const totalWeight = Object.values(weightsRaw).reduce((a, b) => a + b, 0);
  const weights = Object.fromEntries(Object.entries(weightsRaw).map(([k, v]) => [k, v / totalWeight]));
  const byId = new Map(items.map((i) => [i.id, i]));
  const timed = world.repeatCost !== undefined;

  // What the platform knows.
  const t = options.tuning ?? {};
  const scheduler = createScheduler({
    desiredRetention: t.desiredRetention ?? 0.9,
    retakeDate,
    learningSteps: t.learningSteps,
    relearningSteps: t.relearningSteps,
  });
  const cards = new Map<string, CardState>();
  const lastSeen: Record<string, Date> = {};
  const answers: MasteryAnswer[] = [];
  let firstAttempts = 0;
  let firstRight = 0;
  let weakDomainItems = 0;
  let predictedSum = 0;
  const predicted = new Map<string, number>();
  let ratings: LearnerRatings = emptyLearnerRatings();
  const itemRating = new Map(items.map((i) => [i.id, initialItemRating(i.authored)]));
  const report = options.policy === "adaptive" ? learner.report : null;
  const measured = (now: Date) => {
    const mastery: SelectorInput["mastery"] = {};
    for (const [d, m] of domainMastery(answers, now)) mastery[d] = { answered: m.answered, accuracy: m.accuracy };
    return mastery;
  };

  const pickSession = (size: number, clock: number, dayStart: number, sessionNo: number): string[] => {
    if (options.policy === "blueprint-random") return randomBlueprintSession(domains, items, weights, size, draw, null);
    if (options.policy === "bank-unseen-first") return randomBlueprintSession(domains, items, weights, size, draw, lastSeen);
    if (options.policy === "weak-first-unseen") {
      const shares = domainAllocation({ domains, baseline: learner.report, mastery: measured(new Date(clock)) });
      return randomBlueprintSession(domains, items, shares, size, draw, lastSeen);
    }
    const now = new Date(clock);
    const learnerRatings: Record<string, number> = {};
    for (const [d, e] of Object.entries(ratings.domains)) learnerRatings[d] = e.rating;
    const answeredToday = answers.filter((a) => a.at.getTime() >= dayStart && (t.retries !== false || a.correct));
    const session = selectSession({
      domains,
      baseline: report,
      mastery: measured(now),
      learnerRatings,
      items: items.map((i): SelectorItem => ({ id: i.id, domain: i.domain, objective: i.objective, rating: itemRating.get(i.id)! })),
      cards: [...cards].map(([itemId, c]) => ({ itemId, due: c.due, stability: c.stability, state: c.state, lastReview: c.last_review })),
      answeredToday: answeredToday.map((a) => ({ itemId: a.itemId, correct: a.correct, at: a.at })),
      lastSeen,
      size,
      maxReviewsShare: t.maxReviewsShare,
      targetSuccess: t.targetSuccess,
      retakeDate,
      now,
      seed: options.seed * 1000 + Math.floor((dayStart - start) / DAY) * 100 + sessionNo,
    });
    for (const x of session) {
      if (!lastSeen[x.itemId]) predicted.set(x.itemId, expectedSuccess(learnerRatings[x.domain] ?? initialLearnerRating(report?.[x.domain]?.level), itemRating.get(x.itemId)!));
    }
    return session.map((x) => x.itemId);
  };

  const startScore = examScore(learner, items, weights, start);
  const daily: number[] = [];
  for (let day = 0; day < days; day++) {
    const dayStart = start + day * DAY;
    for (let s = 0; s < sessionsPerDay; s++) {
      let clock = dayStart + (8 + s * 10) * 3600_000;
      // Without a time budget a session is exactly sessionSize items. With one, the candidate
      // keeps asking for items (at most what the remaining time allows) until time is up.
      let budget = sessionSize;
      for (let round = 0; budget > 0 && round < 8; round++) {
        const ask = Math.ceil(budget);
        const picked = pickSession(ask, clock, dayStart, s + 10 * round);
        if (!picked.length) break;
        for (const id of picked) {
          if (budget <= 0) break;
          const item = byId.get(id)!;
          const seenBefore = lastSeen[id] !== undefined;
          const correct = study(learner, item, clock, rand);
          budget -= timed && seenBefore && correct ? world.repeatCost! : 1;
          if (!seenBefore) {
            firstAttempts++;
            if (learner.level[item.domain] === "weak") weakDomainItems++;
            predictedSum += predicted.get(id) ?? NaN;
            if (correct) firstRight++;
          }
          const at = new Date(clock);
          answers.push({ itemId: id, domain: item.domain, objective: item.objective, correct, at });
          lastSeen[id] = at;
          cards.set(id, scheduler.schedule(cards.get(id) ?? null, ratingFromAnswer({ correct, allowEasy: false }), at).card);
          const res = applyAnswerToRatings(ratings, {
            domain: item.domain,
            objective: item.objective,
            itemRating: itemRating.get(id)!,
            itemAnswers: 200,
            correct,
            initial: initialLearnerRating(report?.[item.domain]?.level),
          });
          ratings = res.ratings;
          itemRating.set(id, res.item);
          clock += 60_000;
        }
        if (!timed) break;
      }
    }
    daily.push(examScore(learner, items, weights, dayStart + DAY));
  }
  return {
    policy: options.policy,
    seed: options.seed,
    startScore,
    meanScore: daily.reduce((a, b) => a + b, 0) / daily.length,
    finalScore: examScore(learner, items, weights, retakeDate.getTime()),
    daily,
    answers: answers.length,
    distinctItems: firstAttempts,
    accuracy: answers.filter((a) => a.correct).length / Math.max(1, answers.length),
    firstAttemptAccuracy: firstRight / Math.max(1, firstAttempts),
    firstAttemptPredicted: predictedSum / Math.max(1, firstAttempts),
    repeatShare: (answers.length - firstAttempts) / Math.max(1, answers.length),
    weakDomainItems,
    answersPerDomain: Object.fromEntries(domains.map((d) => [d.id, answers.filter((a) => a.domain === d.id).length])),
  };
}

/**
 * A plain question bank: domains in proportion to `shares` (the blueprint, or the selector's
 * allocation for the weak-first ablation), random items, no spacing. With `seen`, questions not
 * yet seen come first (then random repeats once a domain's bank is used up); without it, any
 * item can come back in a later session.
 */
function randomBlueprintSession(
  domains: SelectorDomain[],
  items: HiddenItem[],
  shares: Record<string, number>,
  size: number,
  rand: () => number,
  seen: Record<string, Date> | null,
): string[] {
  const counts = largestRemainder(shares, size, domains.map((d) => d.id));
  const perDomain: string[][] = [];
  for (const d of domains) {
    const pool = items.filter((i) => i.domain === d.id);
    const want = Math.min(counts[d.id], pool.length);
    const fresh = seen ? pool.filter((i) => !seen[i.id]) : pool;
    const chosen = new Set<HiddenItem>();
    while (chosen.size < Math.min(want, fresh.length)) chosen.add(fresh[Math.floor(rand() * fresh.length)]);
    while (chosen.size < want) chosen.add(pool[Math.floor(rand() * pool.length)]);
    perDomain.push([...chosen].map((i) => i.id));
  }
  // Interleaved, like a shuffled practice test (matters only when a time budget cuts it short).
  const out: string[] = [];
  for (let k = 0; out.length < size && perDomain.some((l) => k < l.length); k++) for (const l of perDomain) if (k < l.length) out.push(l[k]);
  return out;
}

/** A policy with optional knobs, named for the report. */
export type SimVariant = { name: string; policy: SimPolicy; tuning?: SimTuning };

/** The headline comparison (the bench's default run). */
export const DEFAULT_VARIANTS: SimVariant[] = [
  { name: "adaptive", policy: "adaptive" },
  { name: "adaptive-no-report", policy: "adaptive-no-report" },
  { name: "adaptive, no spacing", policy: "adaptive", tuning: { maxReviewsShare: 0 } },
  { name: "weak-first-unseen", policy: "weak-first-unseen" },
  { name: "blueprint-random", policy: "blueprint-random" },
  { name: "bank-unseen-first", policy: "bank-unseen-first" },
];

/** The baselines every variant is compared with, paired by learner. */
export const BASELINES = ["blueprint-random", "bank-unseen-first"] as const;
export type BaselineName = (typeof BASELINES)[number];

export type Spread = { mean: number; sd: number; min: number; max: number };
/** Paired differences in points (percentage points of the expected exam score). */
export type Paired = Spread & { wins: number; se: number };

export type VariantSummary = {
  name: string;
  /** Run-mean expected exam score over seeds. */
  mean: number;
  sd: number;
  min: number;
  max: number;
  meanStart: number;
  meanFinal: number;
  /** Paired by learner: this variant's run-mean minus blueprint-random's, in points. */
  vsRandom: Paired | null;
  /** Paired by learner, against each baseline: run-mean and retake-morning differences, in points. */
  vs: Record<BaselineName, { run: Paired; final: Paired } | null>;
  distinctItems: number;
  accuracy: number;
  firstAttemptAccuracy: number;
  firstAttemptPredicted: number;
  repeatShare: number;
  weakDomainItems: number;
};

export type ComparisonResult = { seeds: number; days: number; summaries: VariantSummary[] };

export type CompareOptions = {
  seeds: number;
  domains: SelectorDomain[];
  days?: number;
  variants?: SimVariant[];
  itemsPerDomain?: number;
  sessionsPerDay?: number;
  sessionSize?: number;
  world?: SimWorld;
};

export function compareSelectors(opts: CompareOptions): ComparisonResult {
  const variants = opts.variants ?? DEFAULT_VARIANTS;
  const days = opts.days ?? 28;
  const runAll = (policy: SimPolicy, tuning?: SimTuning) =>
    Array.from({ length: opts.seeds }, (_, i) =>
      simulateLearner({
        seed: i + 1,
        policy,
        domains: opts.domains,
        days,
        tuning,
        world: opts.world,
        itemsPerDomain: opts.itemsPerDomain,
        sessionsPerDay: opts.sessionsPerDay,
        sessionSize: opts.sessionSize,
      }),
    );
  const base = Object.fromEntries(BASELINES.map((b) => [b, runAll(b)])) as Record<BaselineName, SimResult[]>;
  const summaries = variants.map((v): VariantSummary => {
    const own = !v.tuning && (BASELINES as readonly string[]).includes(v.policy) ? v.policy : null;
    const rs = own ? base[own as BaselineName] : runAll(v.policy, v.tuning);
    const paired = (ref: SimResult[], f: (r: SimResult) => number): Paired => {
      const diffs = rs.map((r, i) => (f(r) - f(ref[i])) * 100);
      const s = stats(diffs);
      return { ...s, se: s.sd / Math.sqrt(Math.max(1, diffs.length)), wins: diffs.filter((x) => x > 0).length };
    };
    const vs = Object.fromEntries(
      BASELINES.map((b) => [b, own === b ? null : { run: paired(base[b], (r) => r.meanScore), final: paired(base[b], (r) => r.finalScore) }]),
    ) as VariantSummary["vs"];
    return {
      name: v.name,
      ...stats(rs.map((r) => r.meanScore)),
      meanStart: stats(rs.map((r) => r.startScore)).mean,
      meanFinal: stats(rs.map((r) => r.finalScore)).mean,
      vsRandom: vs["blueprint-random"]?.run ?? null,
      vs,
      distinctItems: stats(rs.map((r) => r.distinctItems)).mean,
      accuracy: stats(rs.map((r) => r.accuracy)).mean,
      firstAttemptAccuracy: stats(rs.map((r) => r.firstAttemptAccuracy)).mean,
      firstAttemptPredicted: stats(rs.map((r) => r.firstAttemptPredicted)).mean,
      repeatShare: stats(rs.map((r) => r.repeatShare)).mean,
      weakDomainItems: stats(rs.map((r) => r.weakDomainItems)).mean,
    };
  });
  return { seeds: opts.seeds, days, summaries };
}

function stats(xs: number[]): Spread {
  if (!xs.length) return { mean: NaN, sd: NaN, min: NaN, max: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}
