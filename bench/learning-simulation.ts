/**
 * Adaptive selector vs plain-question-bank practice, on simulated candidates whose true state
 * the selector never sees (model and its assumptions: app/core/selector/simulate.ts; results and
 * their reading: docs/selector.md). Prints, per variant, the expected exam score averaged over
 * the run and on the retake morning, the spread over seeded learners, and the paired difference
 * (same learner, same bank) to the two baselines: blueprint-random (random draws each session)
 * and bank-unseen-first (unused questions first: the stronger one).
 *
 *   npx tsx bench/learning-simulation.ts [seeds=20] [days=28] [--knobs] [--sensitivity]
 *
 * --knobs        selector/scheduler settings other than the defaults, to show what each is worth
 * --sensitivity  the final defaults against both baselines under other learner-model assumptions
 *                (bank size, horizon, forgetting, encoding, too-hard penalty, time budget)
 */
import { pathToFileURL } from "node:url";
import { DEFAULT_MAX_REVIEWS_SHARE } from "../app/core/selector/selector";
import { compareSelectors, DEFAULT_VARIANTS, type CompareOptions, type ComparisonResult, type Paired, type SimVariant, type SimWorld } from "../app/core/selector/simulate";
import { BENCH_DOMAINS } from "./synthetic";

export const KNOB_VARIANTS: SimVariant[] = [
  { name: "adaptive, old reviews≤60%", policy: "adaptive", tuning: { maxReviewsShare: 0.6 } },
  { name: "adaptive reviews≤30%", policy: "adaptive", tuning: { maxReviewsShare: 0.3 } },
  { name: "adaptive reviews≤10%", policy: "adaptive", tuning: { maxReviewsShare: 0.1 } },
  { name: "adaptive target .60-.75", policy: "adaptive", tuning: { targetSuccess: [0.6, 0.75] } },
  { name: "adaptive target .50-.70", policy: "adaptive", tuning: { targetSuccess: [0.5, 0.7] } },
  { name: "adaptive, no retries", policy: "adaptive", tuning: { retries: false } },
  { name: "adaptive retention .80", policy: "adaptive", tuning: { desiredRetention: 0.8 } },
  { name: "adaptive 1m/10m steps", policy: "adaptive", tuning: { learningSteps: ["1m", "10m"], relearningSteps: ["10m"] } },
];

/** Other assumptions, each changed alone from the headline model. */
export const SCENARIOS: { name: string; opts: Partial<CompareOptions> }[] = [
  { name: "headline: 750 items, 28 days, 2x15/day", opts: {} },
  { name: "small bank: 300 items", opts: { itemsPerDomain: 60 } },
  { name: "large bank: 1500 items", opts: { itemsPerDomain: 300 } },
  { name: "14 days to the retake", opts: { days: 14 } },
  { name: "1 session of 20 a day", opts: { sessionsPerDay: 1, sessionSize: 20 } },
  { name: "steeper forgetting (decay 0.5)", opts: { world: { forgettingDecay: 0.5 } } },
  { name: "half the encoding per study", opts: { world: { encoding: 0.5 } } },
  { name: "too-hard items stick far less (z<=4)", opts: { world: { tooHardPenalty: 4 } } },
  { name: "time budget, known repeat = 1/2 item", opts: { world: { repeatCost: 0.5 } } },
  { name: "time budget, known repeat = 1/3 item", opts: { world: { repeatCost: 1 / 3 } } },
];

const SENSITIVITY_VARIANTS: SimVariant[] = [
  { name: "adaptive", policy: "adaptive" },
  { name: "adaptive, old reviews≤60%", policy: "adaptive", tuning: { maxReviewsShare: 0.6 } },
  { name: "adaptive target .60-.75", policy: "adaptive", tuning: { targetSuccess: [0.6, 0.75] } },
  { name: "adaptive target .50-.70", policy: "adaptive", tuning: { targetSuccess: [0.5, 0.7] } },
];

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
const pts = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(2);
const paired = (p: Paired | undefined | null, seeds: number) => (p ? `${pts(p.mean).padStart(6)} ±${(1.96 * p.se).toFixed(2)} (${String(p.wins).padStart(2)}/${seeds})` : "          –        ");

function printTable(result: ComparisonResult) {
  const n = result.seeds;
  console.log(
    `  ${"variant".padEnd(27)} ${"run mean".padStart(8)} ${"sd".padStart(5)} ${"retake".padStart(6)}  items weak repeat first-try (pred) | vs blueprint-random: run, retake           | vs bank-unseen-first: run, retake`,
  );
  for (const s of result.summaries) {
    const r = s.vs["blueprint-random"];
    const u = s.vs["bank-unseen-first"];
    console.log(
      `  ${s.name.padEnd(27)} ${pct(s.mean).padStart(8)} ${pct(s.sd)} ${pct(s.meanFinal).padStart(6)}  ${s.distinctItems.toFixed(0).padStart(5)} ${s.weakDomainItems.toFixed(0).padStart(4)} ${pct(s.repeatShare)}% ${pct(s.firstAttemptAccuracy)}% ${Number.isNaN(s.firstAttemptPredicted) ? "      " : `(${pct(s.firstAttemptPredicted)})`} | ${paired(r?.run, n)} ${paired(r?.final, n)} | ${paired(u?.run, n)} ${paired(u?.final, n)}`,
    );
  }
}

export function run(opts: { seeds?: number; days?: number; knobs?: boolean; sensitivity?: boolean; quiet?: boolean } = {}): ComparisonResult {
  const seeds = opts.seeds ?? 20;
  const days = opts.days ?? 28;
  const t0 = performance.now();
  const variants = opts.knobs ? [...DEFAULT_VARIANTS, ...KNOB_VARIANTS] : DEFAULT_VARIANTS;
  const result = compareSelectors({ seeds, days, domains: BENCH_DOMAINS, variants });
  if (!opts.quiet) {
    console.log(
      `Learning simulation: ${seeds} seeded learners, ${days} days to the retake, 2 sessions x 15 items a day, 750-item bank; selector defaults: reviews ≤ ${DEFAULT_MAX_REVIEWS_SHARE * 100}%, target 0.70-0.85 (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    console.log("Expected exam score (% right over the bank, blueprint-weighted): mean of the daily score over the run, and on the retake morning.");
    console.log("items: distinct items practised (weak: in the learner's truly weak domains); repeat: share of answers to items seen before;");
    console.log("first-try: share right on first attempts (pred: the selector's Elo prediction for them). Paired differences in points: mean ±95% CI (learners better / learners).");
    printTable(result);
  }
  if (opts.sensitivity) {
    for (const sc of SCENARIOS) {
      const t1 = performance.now();
      const r = compareSelectors({ seeds, days, domains: BENCH_DOMAINS, variants: SENSITIVITY_VARIANTS, ...sc.opts });
      if (!opts.quiet) {
        console.log(`\nSensitivity: ${sc.name} (${((performance.now() - t1) / 1000).toFixed(1)} s)`);
        printTable(r);
      }
    }
  }
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  run({ seeds: Number(args[0] ?? 20), days: Number(args[1] ?? 28), knobs: process.argv.includes("--knobs"), sensitivity: process.argv.includes("--sensitivity") });
}
