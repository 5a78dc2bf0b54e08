/**
 * Mock exams under load: saving one answer (`mock-answer-save`, saveMockAnswer: ownership and
 * deadline check, option check, one UPDATE, in one write transaction on the writer connection),
 * and submitting a 50-question mock (grade, score, 50 answers through recordAnswer).
 *
 *   npx tsx bench/mock.bench.ts [--saves 500]
 *
 * Database: the practice bench's AZ-104 candidate (10,000 items, 50,000 review logs), so the
 * tables are as large as a busy candidate's. Floor: the same UPDATE as a bare prepared statement
 * in its own transaction, measured in the same run. Budget: p95 < 10 ms, like every answer.
 */
import os from "node:os";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { mulberry32 } from "../app/core/selector/random";
import { APP_DB_FILE, importServer } from "./import.bench";
import { buildDatabase } from "./practice.bench";

export const MOCK_SAVE_BUDGET_P95_MS = 10;
const USER = "bench-user";

type Quantiles = { p50: number; p95: number; max: number };
function quantiles(values: number[]): Quantiles {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(q(0.5)), p95: r(q(0.95)), max: r(s[s.length - 1]) };
}

export type MockBenchFigures = { saves: number; save: Quantiles; floor: Quantiles; ratioP95: number; submitMs: Quantiles; withinBudget: boolean };

export async function run(opts: { saves?: number; quiet?: boolean } = {}): Promise<MockBenchFigures> {
  const saves = opts.saves ?? 500;
  const log = (s: string) => {
    if (!opts.quiet) console.log(s);
  };
  const now = new Date("2026-11-20T18:00:00Z");
  const { prisma } = await importServer();
  const file = APP_DB_FILE();
  await prisma.$disconnect();
  const { exam } = buildDatabase(file, { itemCount: 10_000, rowCount: 50_000, now });
  const mocks = await import("../app/server/mock.server");

  const rand = mulberry32(9);
  const save: number[] = [];
  const submit: number[] = [];
  let mock = await mocks.startMock(USER, exam, {}, now);
  if (!mock.ok) throw new Error(mock.message);
  const orderOf = new Database(file, { readonly: true }).prepare(`SELECT optionOrder FROM MockQuestion WHERE mockId = ? AND position = ?`);
  let clock = now.getTime();
  for (let i = 0; i < saves; i++) {
    // A new mock every 100 saves (submitted first, as a candidate would): some submissions to time too.
    if (i > 0 && i % 100 === 0) {
      const t = performance.now();
      await mocks.submitMock(USER, mock.mockId, new Date(clock));
      submit.push(performance.now() - t);
      mock = await mocks.startMock(USER, exam, {}, new Date(clock));
      if (!mock.ok) throw new Error(mock.message);
    }
    const position = Math.floor(rand() * exam.mock.questions);
    const keys = JSON.parse((orderOf.get(mock.mockId, position) as { optionOrder: string }).optionOrder) as string[];
    clock += 2_000;
    const t = performance.now();
    const r = await mocks.saveMockAnswer(USER, mock.mockId, position, [keys[Math.floor(rand() * keys.length)]], new Date(clock));
    save.push(performance.now() - t);
    if (!r.ok) throw new Error(`save refused: ${r.message}`);
  }

  // Floor: the row update alone, bare SQL in its own immediate transaction.
  const db = new Database(file);
  const ids = (db.prepare(`SELECT id FROM MockQuestion LIMIT 50`).all() as { id: string }[]).map((r) => r.id);
  const upd = db.prepare(`UPDATE MockQuestion SET selected = ?, answeredAt = ? WHERE id = ?`);
  const floor: number[] = [];
  for (let i = 0; i < saves; i++) {
    const t = performance.now();
    db.transaction(() => upd.run(JSON.stringify(["a"]), new Date().toISOString(), ids[i % ids.length])).immediate();
    floor.push(performance.now() - t);
  }
  db.close();

  const s = quantiles(save);
  const f = quantiles(floor);
  const figures: MockBenchFigures = {
    saves,
    save: s,
    floor: f,
    ratioP95: Math.round((s.p95 / Math.max(f.p95, 0.001)) * 100) / 100,
    submitMs: quantiles(submit.length ? submit : [0]),
    withinBudget: s.p95 < MOCK_SAVE_BUDGET_P95_MS,
  };
  const q = (x: Quantiles) => `p50 ${x.p50.toFixed(2)} ms  p95 ${x.p95.toFixed(2)} ms  max ${x.max.toFixed(1)} ms`;
  log(`machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}`);
  log(`  mock-answer-save (saveMockAnswer), ${saves} saves: ${q(s)}  (budget p95 < ${MOCK_SAVE_BUDGET_P95_MS} ms: ${figures.withinBudget ? "ok" : "OVER"})`);
  log(`    floor (the UPDATE alone, bare SQL): ${q(f)}   ratio p95 ${figures.ratioP95}x`);
  log(`  submit a 50-question mock (grade, score, 50 answers to the cards), ${submit.length} submissions: ${q(figures.submitMs)}`);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--saves");
  await run({ saves: i > 0 ? Number(process.argv[i + 1]) : undefined });
  process.exit(0);
}
