/**
 * Selector latency on a heavy candidate: 10,000 items, 10,000 cards built from 50,000
 * review-log rows. Prints p50/p95/max of selectSession over 200+ runs (after warm-up) and the
 * ratio to a floor: a plain sort of the cards by due date, the least any "due first" selector
 * that sorts would do.
 *
 *   npx tsx bench/selector.bench.ts
 */
import os from "node:os";
import { pathToFileURL } from "node:url";
import { selectSession } from "../app/core/selector/selector";
import { syntheticCandidate } from "./synthetic";

export type SelectorBenchFigures = {
  items: number;
  cards: number;
  reviewRows: number;
  dueCards: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Same runs measured as this process's CPU time: less sensitive to other load on the machine. */
  cpuP50Ms: number;
  cpuP95Ms: number;
  /** 1-minute load average when the run ended (os.loadavg), to read the wall times against. */
  loadAverage: number;
  floorP50Ms: number;
  floorP95Ms: number;
  /** selector p50 / floor p50. */
  ratioP50: number;
  /** selector p95 / floor p95. */
  ratioP95: number;
  /** One-off cost of building the synthetic candidate (replaying the review log), not timed per session. */
  buildMs: number;
  budgetMs: number;
  withinBudget: boolean;
};

export const SELECTOR_BUDGET_P95_MS = 10;

export function run(opts: { runs?: number; warmup?: number; quiet?: boolean } = {}): SelectorBenchFigures {
  const runs = opts.runs ?? 300;
  const warmup = opts.warmup ?? 50;
  const now = new Date("2026-11-20T18:00:00Z");
  const t0 = performance.now();
  const { input, rows } = syntheticCandidate({ itemCount: 10_000, cardCount: 10_000, rowCount: 50_000, seed: 2026, now });
  const buildMs = performance.now() - t0;
  const dueCards = input.cards.filter((c) => c.due <= now).length;

  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += selectSession({ ...input, seed: i }).length;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    sink += selectSession({ ...input, seed: 1000 + i }).length;
    times.push(performance.now() - s);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }

  const floor: number[] = [];
  for (let i = 0; i < warmup; i++) sink += input.cards.slice().sort((a, b) => a.due.getTime() - b.due.getTime()).length;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    sink += input.cards.slice().sort((a, b) => a.due.getTime() - b.due.getTime()).length;
    floor.push(performance.now() - s);
  }
  if (sink < 0) throw new Error("unreachable");

  const p50 = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);
  const f50 = quantile(floor, 0.5);
  const f95 = quantile(floor, 0.95);
  const figures: SelectorBenchFigures = {
    items: input.items.length,
    cards: input.cards.length,
    reviewRows: rows.length,
    dueCards,
    runs,
    p50Ms: round(p50),
    p95Ms: round(p95),
    maxMs: round(Math.max(...times)),
    cpuP50Ms: round(quantile(cpu, 0.5)),
    cpuP95Ms: round(quantile(cpu, 0.95)),
    loadAverage: round(os.loadavg()[0]),
    floorP50Ms: round(f50),
    floorP95Ms: round(f95),
    ratioP50: round(p50 / f50),
    ratioP95: round(p95 / f95),
    buildMs: round(buildMs),
    budgetMs: SELECTOR_BUDGET_P95_MS,
    withinBudget: p95 < SELECTOR_BUDGET_P95_MS,
  };
  if (!opts.quiet) {
    console.log(`selectSession: ${figures.items} items, ${figures.cards} cards (${figures.reviewRows} review rows, ${dueCards} due), ${runs} runs after ${warmup} warm-up`);
    console.log(`  p50 ${figures.p50Ms} ms  p95 ${figures.p95Ms} ms  max ${figures.maxMs} ms  (budget p95 < ${SELECTOR_BUDGET_P95_MS} ms: ${figures.withinBudget ? "ok" : "OVER"})`);
    console.log(`  CPU time: p50 ${figures.cpuP50Ms} ms  p95 ${figures.cpuP95Ms} ms  (load average ${figures.loadAverage} on ${os.cpus().length} cores)`);
    console.log(`  floor (sort cards by due): p50 ${figures.floorP50Ms} ms  p95 ${figures.floorP95Ms} ms`);
    console.log(`  ratio to floor: p50 ${figures.ratioP50}x  p95 ${figures.ratioP95}x`);
    console.log(`  (building the candidate from the review log took ${figures.buildMs} ms, once)`);
  }
  return figures;
}

function quantile(values: number[], q: number): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run();
}
