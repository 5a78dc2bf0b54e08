/**
 * `npm run bench`: every benchmark in one process, one after the other, then a summary table of
 * each figure with its floor (measured in the same run), target and PASS/over. Each bench still
 * runs alone through its own CLI (see docs/benchmarks.md).
 *
 *   npm run bench [-- --quick]        --quick: fewer runs, a 2,000-item import (a smoke test)
 *
 * Sizes: selector and practice 10,000 items / 10,000 cards / 50,000 review logs, import 10,000
 * items, learning simulation 10 learners x 28 days (the CLI default is 20).
 */
import os from "node:os";
import { pathToFileURL } from "node:url";
import { run as runSelector, SELECTOR_BUDGET_P95_MS } from "./selector.bench";
import { run as runScheduler } from "./scheduler.bench";
import { run as runPractice, PRACTICE_BUDGET_P95_MS } from "./practice.bench";
import { run as runImport, IMPORT_BUDGET_S } from "./import.bench";
import { run as runSimulation } from "./learning-simulation";
import { run as runMock, MOCK_SAVE_BUDGET_P95_MS } from "./mock.bench";
import { run as runCalibration } from "./readiness-calibration";
import { runLearning } from "./learning/run";
import { PROFILES } from "./learning/model";
import { run as runFrontend, JS_BUDGET_KB, LCP_BUDGET_MS } from "./frontend.bench";
import { run as runServer, SCENARIOS, SERVER_TARGETS, FLOOR_RATIO_TARGET, RSS_TARGET_MB } from "./server.bench";

/** schedule() per answer: a tenth of the 10 ms answer budget (the rest is the database). */
export const SCHEDULER_BUDGET_P95_US = 1_000;

export type SummaryRow = { bench: string; figure: string; value: string; floor: string; ratio: string; target: string; status: "PASS" | "over" | "info" };

const ms = (x: number) => `${x.toFixed(2)} ms`;
const s = (x: number) => `${x.toFixed(1)} s`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(a / b < 10 ? 2 : 1)}x` : "–");
const within = (value: number, budget: number): SummaryRow["status"] => (value < budget ? "PASS" : "over");

export async function runAll(opts: { quick?: boolean } = {}): Promise<SummaryRow[]> {
  const quick = opts.quick ?? false;
  const rows: SummaryRow[] = [];
  const section = (title: string) => console.log(`\n=== ${title} ${"=".repeat(Math.max(0, 70 - title.length))}`);
  const t0 = performance.now();
  const timings: [string, number][] = [];
  const timed = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    section(name);
    const t = performance.now();
    const r = await f();
    timings.push([name, (performance.now() - t) / 1000]);
    return r;
  };

  const sel = await timed("selector (bench/selector.bench.ts)", () => runSelector(quick ? { runs: 100, warmup: 20 } : {}));
  rows.push(
    { bench: "selector", figure: "selectSession p50", value: ms(sel.p50Ms), floor: ms(sel.floorP50Ms), ratio: ratio(sel.p50Ms, sel.floorP50Ms), target: "–", status: "info" },
    { bench: "selector", figure: "selectSession p95", value: ms(sel.p95Ms), floor: ms(sel.floorP95Ms), ratio: ratio(sel.p95Ms, sel.floorP95Ms), target: `< ${SELECTOR_BUDGET_P95_MS} ms`, status: within(sel.p95Ms, SELECTOR_BUDGET_P95_MS) },
    { bench: "selector", figure: "selectSession p95, CPU time", value: ms(sel.cpuP95Ms), floor: "–", ratio: "–", target: "–", status: "info" },
  );

  const sch = await timed("scheduler (bench/scheduler.bench.ts)", () => runScheduler(quick ? { answers: 10_000 } : {}));
  rows.push(
    { bench: "scheduler", figure: "schedule() per answer p95", value: `${sch.p95Us} µs`, floor: "–", ratio: "–", target: `< ${SCHEDULER_BUDGET_P95_US} µs`, status: within(sch.p95Us, SCHEDULER_BUDGET_P95_US) },
    { bench: "scheduler", figure: "… with a retake date, p95", value: `${sch.withRetakeP95Us} µs`, floor: "–", ratio: "–", target: `< ${SCHEDULER_BUDGET_P95_US} µs`, status: within(sch.withRetakeP95Us, SCHEDULER_BUDGET_P95_US) },
  );

  const pr = await timed("practice (bench/practice.bench.ts)", () => runPractice(quick ? { runs: 50, warmup: 10, answers: 60 } : { runs: 100, answers: 120 }));
  rows.push(
    { bench: "practice", figure: "select a session p50", value: ms(pr.select.p50), floor: ms(pr.floorSelect.p50), ratio: ratio(pr.select.p50, pr.floorSelect.p50), target: "–", status: "info" },
    { bench: "practice", figure: "select a session p95", value: ms(pr.select.p95), floor: ms(pr.floorSelect.p95), ratio: ratio(pr.select.p95, pr.floorSelect.p95), target: `< ${PRACTICE_BUDGET_P95_MS} ms`, status: within(pr.select.p95, PRACTICE_BUDGET_P95_MS) },
    { bench: "practice", figure: "… right after an answer, p50", value: ms(pr.selectAfterAnswer.p50), floor: ms(pr.floorSelect.p50), ratio: ratio(pr.selectAfterAnswer.p50, pr.floorSelect.p50), target: "–", status: "info" },
    { bench: "practice", figure: "… right after an answer, p95", value: ms(pr.selectAfterAnswer.p95), floor: ms(pr.floorSelect.p95), ratio: ratio(pr.selectAfterAnswer.p95, pr.floorSelect.p95), target: `< ${PRACTICE_BUDGET_P95_MS} ms`, status: within(pr.selectAfterAnswer.p95, PRACTICE_BUDGET_P95_MS) },
    { bench: "practice", figure: "… of which selectSession alone, p95", value: ms(pr.selectOnly.p95), floor: "–", ratio: "–", target: "–", status: "info" },
    { bench: "practice", figure: "… original Prisma loader alone, p95", value: ms(pr.referenceLoad.p95), floor: ms(pr.floorSelect.p95), ratio: ratio(pr.referenceLoad.p95, pr.floorSelect.p95), target: "–", status: "info" },
    { bench: "practice", figure: "answer a question p50", value: ms(pr.answer.p50), floor: ms(pr.floorAnswer.p50), ratio: ratio(pr.answer.p50, pr.floorAnswer.p50), target: "–", status: "info" },
    { bench: "practice", figure: "answer a question p95", value: ms(pr.answer.p95), floor: ms(pr.floorAnswer.p95), ratio: ratio(pr.answer.p95, pr.floorAnswer.p95), target: `< ${PRACTICE_BUDGET_P95_MS} ms`, status: within(pr.answer.p95, PRACTICE_BUDGET_P95_MS) },
  );

  const mk = await timed("mock exams (bench/mock.bench.ts)", () => runMock({ saves: quick ? 200 : 500 }));
  rows.push(
    { bench: "mock", figure: "mock-answer-save p50", value: ms(mk.save.p50), floor: ms(mk.floor.p50), ratio: ratio(mk.save.p50, mk.floor.p50), target: "–", status: "info" },
    { bench: "mock", figure: "mock-answer-save p95", value: ms(mk.save.p95), floor: ms(mk.floor.p95), ratio: ratio(mk.save.p95, mk.floor.p95), target: `< ${MOCK_SAVE_BUDGET_P95_MS} ms`, status: within(mk.save.p95, MOCK_SAVE_BUDGET_P95_MS) },
    { bench: "mock", figure: "submit a 50-question mock p95", value: ms(mk.submitMs.p95), floor: "–", ratio: "–", target: "–", status: "info" },
  );

  const cal = await timed("readiness calibration (bench/readiness-calibration.ts)", () => runCalibration({ candidates: quick ? 500 : 3000 }));
  rows.push(
    { bench: "readiness", figure: `calibration RMSE over bins, ${cal.candidates} candidates`, value: cal.rmse.toFixed(3), floor: "–", ratio: "–", target: "<= 0.05", status: cal.rmse <= 0.05 ? "PASS" : "over" },
    { bench: "readiness", figure: "Brier score (base rate in floor)", value: cal.brier.toFixed(3), floor: cal.brierBaseRate.toFixed(3), ratio: ratio(cal.brier, cal.brierBaseRate), target: "–", status: "info" },
  );

  const im = await timed("import (bench/import.bench.ts)", () => runImport({ items: quick ? 2_000 : 10_000 }));
  rows.push(
    { bench: "import", figure: `first import, ${im.items} items`, value: s(im.firstS), floor: s(im.floorFirstS), ratio: ratio(im.firstS, im.floorFirstS), target: `< ${IMPORT_BUDGET_S} s`, status: within(im.firstS, IMPORT_BUDGET_S) },
    { bench: "import", figure: "re-import, unchanged", value: s(im.unchangedS), floor: s(im.floorUnchangedS), ratio: ratio(im.unchangedS, im.floorUnchangedS), target: `< ${IMPORT_BUDGET_S} s`, status: within(im.unchangedS, IMPORT_BUDGET_S) },
    { bench: "import", figure: "re-import, 100 changed + 100 removed", value: s(im.changedS), floor: s(im.floorChangedS), ratio: ratio(im.changedS, im.floorChangedS), target: `< ${IMPORT_BUDGET_S} s`, status: within(im.changedS, IMPORT_BUDGET_S) },
    { bench: "import", figure: "… of which reading + validating files", value: s(im.checkS), floor: "–", ratio: "–", target: "–", status: "info" },
  );

  const seeds = quick ? 4 : 10;
  const sim = await timed("learning simulation (bench/learning-simulation.ts)", () => runSimulation({ seeds, days: 28 }));
  for (const name of ["adaptive", "bank-unseen-first"]) {
    const v = sim.summaries.find((x) => x.name === name);
    if (!v?.vsRandom) continue;
    const sign = v.vsRandom.mean >= 0 ? "+" : "";
    rows.push({ bench: "simulation", figure: `${name} − blueprint-random (pts, ${seeds} learners)`, value: `${sign}${v.vsRandom.mean.toFixed(2)}`, floor: "–", ratio: "–", target: "–", status: "info" });
  }

  // The learning-efficiency benchmark (bench/learning/): here a smaller run than its own CLI's
  // reported table (200 candidates per cell, five model variants; docs/benchmarks.md).
  const lr = await timed("learning efficiency (bench/learning/run.ts)", () =>
    runLearning(quick ? { candidates: 4, variants: false, budgets: [{ days: 5, perDay: 20 }], profiles: PROFILES.slice(0, 1), bootstrap: 20 } : { candidates: 40, variants: false, bootstrap: 300 }),
  );
  for (const c of lr.profiles) {
    const b = c.strategies.find((x) => x.strategy === "baseline")!;
    rows.push({
      bench: "learning",
      figure: `${c.profile} ${c.budget}: baseline questions to 0.8 (best other ${c.best ?? "none"})`,
      value: b.questionsToPass80 === null ? "not reached" : String(b.questionsToPass80),
      floor: c.best ? String(c.strategies.find((x) => x.strategy === c.best)!.questionsToPass80) : "–",
      ratio: c.ratio === null ? "–" : `${c.ratio.toFixed(2)}x`,
      target: "< 1.00x, closure >= 0.5",
      status: c.ratioHigh === null ? "info" : c.ratioHigh < 1 && c.closure !== null && c.closure >= 0.5 ? "PASS" : "over",
    });
  }

  const fe = await timed("front end (bench/frontend.bench.ts)", () => runFrontend({ loads: quick ? 1 : 7 }));
  rows.push(
    { bench: "front end", figure: "practice page JavaScript, gzip", value: `${(fe.js.gzip / 1024).toFixed(1)} KB`, floor: "–", ratio: "–", target: `< ${JS_BUDGET_KB} KB`, status: within(fe.js.gzip / 1024, JS_BUDGET_KB) },
    { bench: "front end", figure: "practice page CSS, gzip", value: `${(fe.css.gzip / 1024).toFixed(1)} KB`, floor: "–", ratio: "–", target: "–", status: "info" },
    { bench: "front end", figure: `practice page LCP, median of ${fe.loads}`, value: `${fe.lcpMs.median.toFixed(0)} ms`, floor: "–", ratio: "–", target: `< ${LCP_BUDGET_MS} ms`, status: within(fe.lcpMs.median, LCP_BUDGET_MS) },
  );

  // HTTP load on the production build (bench/server.bench.ts): --quick seeds 500 items, 50 candidates.
  const sv = await timed("server over HTTP (bench/server.bench.ts)", () =>
    runServer({ quick, json: false, durationS: quick ? 1 : 8, only: new Set(SCENARIOS), profile: false, build: false, keep: false, wal: false, identity: false }),
  );
  for (const r of sv) {
    const t = SERVER_TARGETS[r.name];
    const at32 = r.connections >= 32;
    const ok = (!at32 || (r.rps >= t.rps && (t.p95 === undefined || r.p95 < t.p95))) && r.rps >= FLOOR_RATIO_TARGET * r.floorRps && r.rssMb < RSS_TARGET_MB;
    rows.push({
      bench: "server",
      figure: `${r.name} @${r.connections} conn: rps (p95 ${r.p95.toFixed(0)} ms, rss ${r.rssMb.toFixed(0)} MB)`,
      value: r.rps.toFixed(0),
      floor: r.floorRps.toFixed(0),
      ratio: ratio(r.rps, r.floorRps),
      target: at32 ? `>= ${t.rps}${t.p95 ? `, p95 < ${t.p95} ms` : ""}, >= ${FLOOR_RATIO_TARGET}x floor` : `>= ${FLOOR_RATIO_TARGET}x floor`,
      status: quick ? "info" : ok ? "PASS" : "over",
    });
  }

  section("summary");
  const head: SummaryRow = { bench: "bench", figure: "figure", value: "value", floor: "floor", ratio: "ratio", target: "target", status: "info" };
  const cols: (keyof SummaryRow)[] = ["bench", "figure", "value", "floor", "ratio", "target", "status"];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => String(r[c]).length))])) as Record<keyof SummaryRow, number>;
  const line = (r: SummaryRow, status: string) =>
    cols.map((c) => (c === "status" ? status : ["value", "floor", "ratio"].includes(c) ? String(r[c]).padStart(width[c]) : String(r[c]).padEnd(width[c]))).join("  ");
  console.log(line(head, "status"));
  console.log(cols.map((c) => "-".repeat(width[c])).join("  "));
  for (const r of rows) console.log(line(r, r.status === "info" ? "" : r.status));
  const over = rows.filter((r) => r.status === "over");
  const total = (performance.now() - t0) / 1000;
  console.log(`\n${rows.filter((r) => r.status === "PASS").length} PASS, ${over.length} over budget; wall time ${total.toFixed(0)} s (${timings.map(([n, t]) => `${n.split(" ")[0]} ${t.toFixed(0)} s`).join(", ")})`);
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} on ${os.cpus().length} cores; wall-clock figures rise with other load on the machine (CPU-time figures less so)`);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAll({ quick: process.argv.includes("--quick") }).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
