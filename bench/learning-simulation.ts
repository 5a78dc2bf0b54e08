/**
 * Adaptive selector vs blueprint-proportional random practice, on simulated candidates whose
 * true state the selector never sees (model and its assumptions: app/core/selector/simulate.ts).
 * Prints the expected exam score averaged over the run per variant, the spread over seeded
 * learners, and the paired difference to random practice. `--knobs` adds selector settings
 * other than the defaults, to show what each is worth in this model.
 *
 *   npx tsx bench/learning-simulation.ts [seeds=20] [days=28] [--knobs]
 */
import { pathToFileURL } from "node:url";
import { compareSelectors, DEFAULT_VARIANTS, type ComparisonResult, type SimVariant } from "../app/core/selector/simulate";
import { BENCH_DOMAINS } from "./synthetic";

export const KNOB_VARIANTS: SimVariant[] = [
  { name: "adaptive reviews≤30%", policy: "adaptive", tuning: { maxReviewsShare: 0.3 } },
  { name: "adaptive target .50-.70", policy: "adaptive", tuning: { targetSuccess: [0.5, 0.7] } },
  { name: "adaptive both", policy: "adaptive", tuning: { maxReviewsShare: 0.3, targetSuccess: [0.5, 0.7] } },
  { name: "adaptive retention .80", policy: "adaptive", tuning: { desiredRetention: 0.8 } },
  { name: "adaptive 1m/10m steps", policy: "adaptive", tuning: { learningSteps: ["1m", "10m"], relearningSteps: ["10m"] } },
];

export function run(opts: { seeds?: number; days?: number; knobs?: boolean; quiet?: boolean } = {}): ComparisonResult {
  const seeds = opts.seeds ?? 20;
  const days = opts.days ?? 28;
  const t0 = performance.now();
  const variants = opts.knobs ? [...DEFAULT_VARIANTS, ...KNOB_VARIANTS] : DEFAULT_VARIANTS;
  const result = compareSelectors({ seeds, days, domains: BENCH_DOMAINS, variants });
  if (!opts.quiet) {
    const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
    const pts = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(2);
    console.log(`Learning simulation: ${seeds} seeded learners, ${days} days to the retake, 2 sessions x 15 items a day, 750-item bank (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    console.log("Expected exam score (% right over the bank, blueprint-weighted), averaged over the run; spread over learners:");
    for (const s of result.summaries) {
      const vs = s.vsRandom ? `  vs random ${pts(s.vsRandom.mean)} pts (sd ${s.vsRandom.sd.toFixed(2)}, ${pts(s.vsRandom.min)}..${pts(s.vsRandom.max)}, better for ${s.vsRandom.wins}/${seeds})` : "";
      console.log(`  ${s.name.padEnd(26)} mean ${pct(s.mean)} sd ${pct(s.sd)} [${pct(s.min)} ..${pct(s.max)}]  start ${pct(s.meanStart)} retake ${pct(s.meanFinal)}  items ${s.distinctItems.toFixed(0)} right ${pct(s.accuracy)}%${vs}`);
    }
  }
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  run({ seeds: Number(args[0] ?? 20), days: Number(args[1] ?? 28), knobs: process.argv.includes("--knobs") });
}
