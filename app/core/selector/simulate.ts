/**
 * A simulated candidate, to compare item-selection policies on what matters: the expected
 * exam score over the weeks before a retake.
 *
 * Hygiene (after the FSRS simulation projects): the selector never sees the learner's true
 * state (only answers, the score-report bands and authored difficulty); the learner's true
 * parameters vary around defaults per seed; knowledge is measured every day and averaged over
 * the whole run (not only at the end); results are reported over many seeded learners.
 *
 * The learner (hidden):
 * - per domain a skill θ_d (logit); the score report shows a band derived from it, wrong by one
 *   band with probability REPORT_NOISE;
 * - items are knowledge components with a true difficulty b_i; an item the learner has not
 *   learned is answered right with base_i = 0.25 + 0.75·logistic(θ_d − b_i) (4 options);
 * - studying an item (answering it, then reading the explanation) encodes it with probability
 *   0.9·logistic(1.5 + z·(θ_d − b_i)), z ∈ [0, 1] per learner: far-too-hard items stick less for
 *   some learners and equally for others (so difficulty targeting is not assumed to pay);
 * - an encoded item's memory follows FSRS-6 with this learner's own parameters: the default
 *   w, each multiplied by exp(0.15·N(0,1)) (so the scheduler, which uses the defaults, never knows
 *   the truth); the first study sets the memory as Good if answered right, Again if wrong, later
 *   ones as Good when recalled, Again when not (the explanation is always read);
 * - practice also transfers a little to the domain skill (θ_d rises with diminishing returns).
 * The exam score is Σ_d weight_d × mean_i∈d P(correct on i): recall or, failing that, base_i.
 *
 * Limits: memory is FSRS-shaped, the same family the scheduler assumes (only the parameters
 * differ), which flatters FSRS scheduling; every bank item counts equally on the exam, which
 * rewards coverage; motivation and drop-out are not modelled. Results and their reading:
 * docs/selector.md.
 */
import { domainMastery, type MasteryAnswer } from "../progress/mastery";
import { applyAnswerToRatings, emptyLearnerRatings, initialItemRating, initialLearnerRating, type LearnerRatings } from "../progress/rating";
import { ratingFromAnswer } from "../scheduling/rating-from-answer";
import { createScheduler, type CardState } from "../scheduling/scheduler";
import { clipParameters, default_w, fsrs, generatorParameters, Rating, type FSRS, type FSRSState, type StepUnit } from "ts-fsrs";
import { mulberry32 } from "./random";
import { largestRemainder, selectSession, type BaselineBand, type SelectorDomain, type SelectorInput, type SelectorItem } from "./selector";

export type SimPolicy = "adaptive" | "adaptive-no-report" | "blueprint-random";

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
};

export type SimTuning = {
  desiredRetention?: number;
  maxReviewsShare?: number;
  targetSuccess?: [number, number];
  learningSteps?: readonly StepUnit[];
  relearningSteps?: readonly StepUnit[];
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
  answersPerDomain: Record<string, number>;
};

const DAY = 86_400_000;
const REPORT_NOISE = 0.15;
const BAND_SKILL = { weak: -1.0, near: -0.2, strong: 0.8 } as const;
const BAND_LABEL = { weak: "Needs improvement", near: "Near baseline", strong: "Above baseline" } as const;

type Level = keyof typeof BAND_SKILL;

type HiddenItem = { id: string; domain: string; objective: string; b: number; authored: number; mem: FSRSState | null; last: number };

type Learner = {
  theta: Record<string, number>;
  report: Record<string, BaselineBand>;
  memory: FSRS;
  zpd: number;
  transfer: number;
  practised: Record<string, number>;
};

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** The same learner and item bank for every policy with the same seed (paired comparison). */
function makeWorld(seed: number, domains: SelectorDomain[], itemsPerDomain: number) {
  const rand = mulberry32(seed * 7919 + 1);
  const levels: Level[] = domains.map(() => (rand() < 0.35 ? "weak" : rand() < 0.6 ? "near" : "strong"));
  if (!levels.includes("weak")) levels[Math.floor(rand() * levels.length)] = "weak";
  const learner: Learner = {
    theta: {},
    report: {},
    memory: fsrs(generatorParameters({ w: clipParameters(default_w.map((w) => w * Math.exp(0.15 * gaussian(rand))), 1, true) })),
    zpd: rand(),
    transfer: 0.003 * Math.exp(0.3 * gaussian(rand)),
    practised: {},
  };
  const order: Level[] = ["weak", "near", "strong"];
  domains.forEach((d, i) => {
    const level = levels[i];
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

function pCorrect(learner: Learner, item: HiddenItem, nowMs: number): number {
  const base = 0.25 + 0.75 * logistic(learner.theta[item.domain] - item.b);
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

/** One answer: outcome from the hidden state, then learning from the explanation. */
function study(learner: Learner, item: HiddenItem, nowMs: number, rand: () => number): boolean {
  const base = 0.25 + 0.75 * logistic(learner.theta[item.domain] - item.b);
  let recalled = false;
  if (item.mem) {
    const days = (nowMs - item.last) / DAY;
    const r = learner.memory.forgetting_curve(days, item.mem.stability);
    recalled = rand() < r;
    // FSRS convention: same-day reviews have t = 0 (short-term stability).
    item.mem = learner.memory.next_state(item.mem, Math.floor(days), recalled ? Rating.Good : Rating.Again, r);
    item.last = nowMs;
  }
  const correct = recalled || rand() < base;
  if (!item.mem && rand() < 0.9 * logistic(1.5 + learner.zpd * (learner.theta[item.domain] - item.b))) {
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
  const { learner, items } = makeWorld(options.seed, domains, options.itemsPerDomain ?? 150);
  const rand = mulberry32(options.seed * 104729 + 7);
  const start = Date.UTC(2026, 0, 5, 0, 0, 0);
  const retakeDate = new Date(start + days * DAY + 9 * 3600_000);
  const weightsRaw = Object.fromEntries(domains.map((d) => [d.id, (d.weight.min + d.weight.max) / 2]));
  const totalWeight = Object.values(weightsRaw).reduce((a, b) => a + b, 0);
  const weights = Object.fromEntries(Object.entries(weightsRaw).map(([k, v]) => [k, v / totalWeight]));
  const byId = new Map(items.map((i) => [i.id, i]));

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
  let ratings: LearnerRatings = emptyLearnerRatings();
  const itemRating = new Map(items.map((i) => [i.id, initialItemRating(i.authored)]));
  const report = options.policy === "adaptive" ? learner.report : null;

  const startScore = examScore(learner, items, weights, start);
  const daily: number[] = [];
  for (let day = 0; day < days; day++) {
    const dayStart = start + day * DAY;
    for (let s = 0; s < sessionsPerDay; s++) {
      let clock = dayStart + (8 + s * 10) * 3600_000;
      let picked: string[];
      if (options.policy === "blueprint-random") {
        picked = randomBlueprintSession(domains, items, weights, sessionSize, rand);
      } else {
        const now = new Date(clock);
        const mastery: SelectorInput["mastery"] = {};
        for (const [d, m] of domainMastery(answers, now)) mastery[d] = { answered: m.answered, accuracy: m.accuracy };
        const learnerRatings: Record<string, number> = {};
        for (const [d, e] of Object.entries(ratings.domains)) learnerRatings[d] = e.rating;
        const selectorItems: SelectorItem[] = items.map((i) => ({ id: i.id, domain: i.domain, objective: i.objective, rating: itemRating.get(i.id)! }));
        const answeredToday = answers.filter((a) => a.at.getTime() >= dayStart).map((a) => ({ itemId: a.itemId, correct: a.correct, at: a.at }));
        const session = selectSession({
          domains,
          baseline: report,
          mastery,
          learnerRatings,
          items: selectorItems,
          cards: [...cards].map(([itemId, c]) => ({ itemId, due: c.due, stability: c.stability, state: c.state, lastReview: c.last_review })),
          answeredToday,
          lastSeen,
          size: sessionSize,
          maxReviewsShare: t.maxReviewsShare,
          targetSuccess: t.targetSuccess,
          retakeDate,
          now,
          seed: options.seed * 1000 + day * 10 + s,
        });
        picked = session.map((x) => x.itemId);
      }
      for (const id of picked) {
        const item = byId.get(id)!;
        const correct = study(learner, item, clock, rand);
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
    distinctItems: new Set(answers.map((a) => a.itemId)).size,
    accuracy: answers.filter((a) => a.correct).length / Math.max(1, answers.length),
    answersPerDomain: Object.fromEntries(domains.map((d) => [d.id, answers.filter((a) => a.domain === d.id).length])),
  };
}

/** The usual alternative: blueprint-proportional domains, random items (repeats allowed across sessions). */
function randomBlueprintSession(domains: SelectorDomain[], items: HiddenItem[], weights: Record<string, number>, size: number, rand: () => number): string[] {
  const counts = largestRemainder(weights, size, domains.map((d) => d.id));
  const out: string[] = [];
  for (const d of domains) {
    const pool = items.filter((i) => i.domain === d.id);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(counts[d.id], pool.length)) chosen.add(Math.floor(rand() * pool.length));
    for (const i of chosen) out.push(pool[i].id);
  }
  return out;
}

/** A policy with optional knobs, named for the report. */
export type SimVariant = { name: string; policy: SimPolicy; tuning?: SimTuning };

export const DEFAULT_VARIANTS: SimVariant[] = [
  { name: "adaptive", policy: "adaptive" },
  { name: "adaptive-no-report", policy: "adaptive-no-report" },
  { name: "blueprint-random", policy: "blueprint-random" },
];

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
  vsRandom: { mean: number; sd: number; min: number; max: number; wins: number } | null;
  distinctItems: number;
  accuracy: number;
};

export type ComparisonResult = { seeds: number; days: number; summaries: VariantSummary[] };

export function compareSelectors(opts: { seeds: number; domains: SelectorDomain[]; days?: number; variants?: SimVariant[] }): ComparisonResult {
  const variants = opts.variants ?? DEFAULT_VARIANTS;
  const days = opts.days ?? 28;
  const random: SimResult[] = [];
  for (let seed = 1; seed <= opts.seeds; seed++) random.push(simulateLearner({ seed, policy: "blueprint-random", domains: opts.domains, days }));
  const summaries = variants.map((v) => {
    const rs =
      v.policy === "blueprint-random" && !v.tuning
        ? random
        : Array.from({ length: opts.seeds }, (_, i) => simulateLearner({ seed: i + 1, policy: v.policy, domains: opts.domains, days, tuning: v.tuning }));
    const diffs = rs.map((r, i) => (r.meanScore - random[i].meanScore) * 100);
    return {
      name: v.name,
      ...stats(rs.map((r) => r.meanScore)),
      meanStart: stats(rs.map((r) => r.startScore)).mean,
      meanFinal: stats(rs.map((r) => r.finalScore)).mean,
      vsRandom: rs === random ? null : { ...stats(diffs), wins: diffs.filter((x) => x > 0).length },
      distinctItems: stats(rs.map((r) => r.distinctItems)).mean,
      accuracy: stats(rs.map((r) => r.accuracy)).mean,
    };
  });
  return { seeds: opts.seeds, days, summaries };
}

function stats(xs: number[]) {
  if (!xs.length) return { mean: NaN, sd: NaN, min: NaN, max: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}
