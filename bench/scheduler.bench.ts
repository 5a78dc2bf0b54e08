/**
 * Cost of one answer through the scheduler: ratingFromAnswer + schedule(), with and without a
 * retake date, on cards in every state. Per-answer times are measured in batches (a single call
 * is near the timer's resolution) and reported as p50/p95 of the per-answer mean per batch.
 *
 *   npx tsx bench/scheduler.bench.ts
 */
import os from "node:os";
import { pathToFileURL } from "node:url";
import { ratingFromAnswer } from "../app/core/scheduling/rating-from-answer";
import { createScheduler, type CardState, type Scheduler } from "../app/core/scheduling/scheduler";
import { mulberry32 } from "../app/core/selector/random";

export type SchedulerBenchFigures = {
  answers: number;
  batch: number;
  p50Us: number;
  p95Us: number;
  maxUs: number;
  withRetakeP50Us: number;
  withRetakeP95Us: number;
  createSchedulerUs: number;
  loadAverage: number;
};

const DAY = 86_400_000;

export function run(opts: { answers?: number; batch?: number; quiet?: boolean } = {}): SchedulerBenchFigures {
  const answers = opts.answers ?? 50_000;
  const batch = opts.batch ?? 100;
  const now = new Date("2026-11-20T18:00:00Z");

  const measure = (scheduler: Scheduler) => {
    const rand = mulberry32(99);
    // A working set of 1,000 cards answered in turn, so states mix (new, learning, review, relearning).
    const cards: (CardState | null)[] = new Array(1000).fill(null);
    let clock = now.getTime() - 90 * DAY;
    const perAnswer: number[] = [];
    for (let b = 0; b < answers / batch; b++) {
      const s = performance.now();
      for (let i = 0; i < batch; i++) {
        const k = (b * batch + i) % cards.length;
        clock += 5 * 60_000;
        const correct = rand() < 0.75;
        const rating = ratingFromAnswer({ correct, guessed: correct && rand() < 0.1, confident: rand() < 0.3, timeMs: 30_000 + rand() * 90_000, expectedTimeMs: 72_000, allowEasy: true });
        cards[k] = scheduler.schedule(cards[k], rating, new Date(clock)).card;
      }
      perAnswer.push(((performance.now() - s) * 1000) / batch);
    }
    return perAnswer;
  };

  // Warm-up, then the measured runs.
  measure(createScheduler());
  const plain = measure(createScheduler());
  const capped = measure(createScheduler({ retakeDate: new Date(now.getTime() + 14 * DAY) }));

  const n = 2000;
  const s = performance.now();
  for (let i = 0; i < n; i++) createScheduler({ desiredRetention: 0.85 + (i % 10) / 100, retakeDate: now });
  const createSchedulerUs = ((performance.now() - s) * 1000) / n;

  const figures: SchedulerBenchFigures = {
    answers,
    batch,
    p50Us: round(quantile(plain, 0.5)),
    p95Us: round(quantile(plain, 0.95)),
    maxUs: round(Math.max(...plain)),
    withRetakeP50Us: round(quantile(capped, 0.5)),
    withRetakeP95Us: round(quantile(capped, 0.95)),
    createSchedulerUs: round(createSchedulerUs),
    loadAverage: round(os.loadavg()[0]),
  };
  if (!opts.quiet) {
    console.log(`schedule() per answer (ratingFromAnswer + FSRS-6 update), ${answers} answers in batches of ${batch}`);
    console.log(`  p50 ${figures.p50Us} µs  p95 ${figures.p95Us} µs  max ${figures.maxUs} µs`);
    console.log(`  with a retake date: p50 ${figures.withRetakeP50Us} µs  p95 ${figures.withRetakeP95Us} µs`);
    console.log(`  createScheduler(): ${figures.createSchedulerUs} µs each`);
    console.log(`  (load average ${figures.loadAverage} on ${os.cpus().length} cores)`);
  }
  return figures;
}

function quantile(values: number[], q: number): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run();
}
