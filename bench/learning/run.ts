/**
 * `npm run bench:learning`: does Baseline's selector get a candidate to a pass with fewer
 * questions than the usual study advice, and how far is it from an upper bound?
 *
 *   npm run bench:learning -- [--candidates 200] [--variant-candidates 100] [--no-variants]
 *                             [--exam AZ-104] [--bank 300] [--json] [--quick] [--seed 1]
 *
 * Per profile (score-report pattern) and budget (days × questions a day), every strategy
 * (strategies.ts) studies the same seeded candidates (model.ts); after each day the candidate's
 * probability of passing the next morning is computed from the true state. Reported:
 * - passProbability: mean over candidates after the last day;
 * - questionsToPass80: questions until the MEAN pass probability reaches 0.8 (linear between
 *   days), null when not within the budget;
 * - for baseline, the ratio of its questionsToPass80 to the best other non-oracle strategy's,
 *   with a 90% paired bootstrap interval (candidates resampled, all strategies together), and
 *   the closure (best − baseline) / (best − oracle).
 * Also the calibration of the progress page's readiness (app/core/progress/readiness.ts) on the
 * baseline candidates at four points before the exam: log loss and RMSE over probability bins
 * against outcomes drawn from the true pass probability.
 *
 * Model, its sources and its limits: docs/benchmarks.md. Benchmarks print figures; they never
 * fail on a result. `--quick` (inside `npm test`) only proves this still runs.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { loadExam } from "../../app/core/report/test-exams";
import type { BandLevel, ExamDefinition } from "../../app/core/content/schema";
import { mulberry32 } from "../../app/core/selector/random";
import { Candidate, DAY_MS, DEFAULT_MODEL, examShape, makeBank, PROFILES, VARIANTS, type Bank, type ModelVariant, type Profile } from "./model";
import { BaselineStrategy, makeStrategy, STRATEGIES, type StrategyName } from "./strategies";
import { calibrate, type CalibrationPoint, type CalibrationResult } from "./calibration";

export type Budget = { days: number; perDay: number };
export const BUDGETS: Budget[] = [
  { days: 14, perDay: 60 },
  { days: 30, perDay: 40 },
  { days: 60, perDay: 20 },
];
const label = (b: Budget) => `${b.days}x${b.perDay}`;

export type StrategyResult = { strategy: StrategyName; passProbability: number; questionsToPass80: number | null };
export type CellResult = {
  profile: string;
  budget: string;
  startPassProbability: number;
  strategies: StrategyResult[];
  /** Baseline vs the best other non-oracle strategy. */
  best: StrategyName | null;
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  closure: number | null;
};

const START = Date.UTC(2026, 0, 5);

/** Daily next-morning pass probability per candidate (rows) for one strategy. */
function simulateCell(exam: ExamDefinition, bank: Bank, profile: Profile, budget: Budget, strategy: StrategyName, seeds: number[], variant: ModelVariant, calibration?: CalibrationPoint[]): number[][] {
  const shape = examShape(exam);
  const out: number[][] = [];
  for (const seed of seeds) {
    const bands = profile.bands(exam, mulberry32(seed * 17 + 3)) as Record<string, BandLevel>;
    const candidate = new Candidate(exam, { seed, bands, variant });
    const examDate = new Date(START + budget.days * DAY_MS + 8 * 3600_000);
    const strat = makeStrategy(strategy, { bank, candidate, shape, bands, examDate, seed });
    const curve = [candidate.passProbability(shape, START + 8 * 3600_000)];
    for (let d = 0; d < budget.days; d++) {
      const dayStart = START + d * DAY_MS + 8 * 3600_000;
      strat.studyDay(dayStart, budget.perDay);
      const morning = START + (d + 1) * DAY_MS + 8 * 3600_000;
      curve.push(candidate.passProbability(shape, morning));
      if (calibration && strategy === "baseline") {
        const left = budget.days - (d + 1);
        if ([Math.round(budget.days * 0.75), Math.round(budget.days * 0.5), Math.round(budget.days * 0.25), 0].includes(left) && strat instanceof BaselineStrategy) {
          calibration.push(calibrate(exam, strat.app, bands, new Date(morning), examDate, candidate.passProbability(shape, examDate.getTime()), seed * 31 + d));
        }
      }
    }
    out.push(curve);
  }
  return out;
}

function meanCurve(curves: number[][], rows?: number[]): number[] {
  const idx = rows ?? curves.map((_, i) => i);
  const n = curves[0].length;
  const m = new Array<number>(n).fill(0);
  for (const i of idx) for (let d = 0; d < n; d++) m[d] += curves[i][d];
  return m.map((x) => x / idx.length);
}

/** Questions until the mean curve first reaches `target` (linear between days); null if never. */
export function questionsTo(curve: number[], perDay: number, target = 0.8): number | null {
  if (curve[0] >= target) return 0;
  for (let d = 1; d < curve.length; d++) {
    if (curve[d] >= target) {
      const f = (target - curve[d - 1]) / (curve[d] - curve[d - 1]);
      return Math.round((d - 1 + f) * perDay);
    }
  }
  return null;
}

function quantile(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (i - lo);
}

export function runCell(exam: ExamDefinition, bank: Bank, profile: Profile, budget: Budget, seeds: number[], variant: ModelVariant, opts: { bootstrap: number; calibration?: CalibrationPoint[] }): CellResult {
  const curves = new Map<StrategyName, number[][]>();
  for (const s of STRATEGIES) curves.set(s, simulateCell(exam, bank, profile, budget, s, seeds, variant, opts.calibration));
  const strategies: StrategyResult[] = STRATEGIES.map((s) => {
    const m = meanCurve(curves.get(s)!);
    return { strategy: s, passProbability: m[m.length - 1], questionsToPass80: questionsTo(m, budget.perDay) };
  });
  const q = (s: StrategyName) => strategies.find((r) => r.strategy === s)!.questionsToPass80;
  const others = STRATEGIES.filter((s) => s !== "baseline" && s !== "oracle");
  let best: StrategyName | null = null;
  for (const s of others) {
    const v = q(s);
    if (v !== null && (best === null || v < q(best)!)) best = s;
  }
  // With no other strategy reaching 0.8, compare end-of-budget pass probability instead: "best" is then the highest.
  const baselineQ = q("baseline");
  const oracleQ = q("oracle");
  let ratio: number | null = null;
  let ratioLow: number | null = null;
  let ratioHigh: number | null = null;
  let closure: number | null = null;
  if (best && baselineQ !== null) {
    ratio = baselineQ / Math.max(1, q(best)!);
    if (oracleQ !== null && q(best)! > oracleQ) closure = (q(best)! - baselineQ) / (q(best)! - oracleQ);
    const rand = mulberry32(12345);
    const ratios: number[] = [];
    const n = seeds.length;
    const big = budget.days * budget.perDay * 4; // "not reached" in a resample counts as far beyond the budget
    for (let b = 0; b < opts.bootstrap; b++) {
      const rows = Array.from({ length: n }, () => Math.floor(rand() * n));
      const qb = questionsTo(meanCurve(curves.get("baseline")!, rows), budget.perDay) ?? big;
      const qo = questionsTo(meanCurve(curves.get(best)!, rows), budget.perDay) ?? big;
      ratios.push(qb / Math.max(1, qo));
    }
    if (ratios.length) {
      ratioLow = quantile(ratios, 0.05);
      ratioHigh = quantile(ratios, 0.95);
    }
  } else if (baselineQ !== null && best === null) {
    ratio = 0; // baseline reaches 0.8 and no simple strategy does
  }
  return { profile: profile.name, budget: label(budget), startPassProbability: meanCurve(curves.get("baseline")!)[0], strategies, best, ratio, ratioLow, ratioHigh, closure };
}

export type LearningResult = {
  machine: string;
  date: string;
  exam: string;
  bankSize: number;
  candidates: number;
  profiles: CellResult[];
  calibration: CalibrationResult;
  variants: { variant: string; profiles: CellResult[] }[];
};

export type LearningOptions = {
  exam?: string;
  bank?: number;
  candidates?: number;
  variantCandidates?: number;
  variants?: boolean;
  /** Only the variants (to run them in a second process beside the default model). */
  onlyVariants?: boolean;
  budgets?: Budget[];
  profiles?: Profile[];
  bootstrap?: number;
  seed?: number;
  log?: (s: string) => void;
};

export function runLearning(o: LearningOptions = {}): LearningResult {
  const exam = loadExam(o.exam ?? "AZ-104");
  const bankSize = o.bank ?? 300;
  const seed0 = o.seed ?? 1;
  const bank = makeBank(exam, bankSize, seed0);
  const n = o.candidates ?? 200;
  const seeds = Array.from({ length: n }, (_, i) => seed0 * 100_003 + i + 1);
  const budgets = o.budgets ?? BUDGETS;
  const profiles = o.profiles ?? PROFILES;
  const log = o.log ?? (() => {});
  const points: CalibrationPoint[] = [];
  const cells: CellResult[] = [];
  for (const p of o.onlyVariants ? [] : profiles) {
    for (const b of budgets) {
      const t = performance.now();
      cells.push(runCell(exam, bank, p, b, seeds, DEFAULT_MODEL, { bootstrap: o.bootstrap ?? 1000, calibration: points }));
      log(`  ${p.name} ${label(b)}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  const variants: LearningResult["variants"] = [];
  if (o.variants !== false) {
    const vn = o.variantCandidates ?? Math.max(1, Math.round(n / 2));
    const vseeds = seeds.slice(0, vn);
    for (const v of VARIANTS) {
      const vcells: CellResult[] = [];
      for (const p of profiles) for (const b of budgets) vcells.push(runCell(exam, bank, p, b, vseeds, v, { bootstrap: o.bootstrap ?? 300 }));
      variants.push({ variant: v.name, profiles: vcells });
      log(`  variant ${v.name}: done`);
    }
  }
  const { calibrationSummary } = { calibrationSummary: summariseCalibration(points) };
  return {
    machine: `${os.cpus()[0]?.model ?? "unknown CPU"} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`,
    date: new Date().toISOString().slice(0, 10),
    exam: exam.code,
    bankSize,
    candidates: n,
    profiles: cells,
    calibration: calibrationSummary,
    variants,
  };
}

function summariseCalibration(points: CalibrationPoint[]): CalibrationResult {
  const rand = mulberry32(777);
  let logLoss = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, predicted: 0, observed: 0, truth: 0 }));
  for (const p of points) {
    const passed = rand() < p.truth ? 1 : 0;
    const q = Math.min(1 - 1e-6, Math.max(1e-6, p.predicted));
    logLoss -= passed ? Math.log(q) : Math.log(1 - q);
    const b = bins[Math.min(9, Math.floor(p.predicted * 10))];
    b.n++;
    b.predicted += p.predicted;
    b.observed += passed;
    b.truth += p.truth;
  }
  const used = bins.filter((b) => b.n > 0);
  const total = points.length || 1;
  // RMSE over bins, weighted by the points in each bin (predicted mean vs observed pass rate).
  const rmseBins = Math.sqrt(used.reduce((s, b) => s + b.n * (b.predicted / b.n - b.observed / b.n) ** 2, 0) / total);
  return {
    points: points.length,
    logLoss: logLoss / total,
    rmseBins,
    bins: bins.map((b, i) => ({ from: i / 10, to: (i + 1) / 10, n: b.n, predicted: b.n ? b.predicted / b.n : null, observed: b.n ? b.observed / b.n : null, truth: b.n ? b.truth / b.n : null })),
  };
}

// ---- Printing ----

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const qs = (x: number | null) => (x === null ? "not reached" : String(x));

export function formatCells(cells: CellResult[]): string {
  const lines: string[] = [];
  lines.push(`| profile | budget | start | ${STRATEGIES.join(" | ")} | best other | baseline / best (90% CI) | closure |`);
  lines.push(`|---|---|---|${STRATEGIES.map(() => "---|").join("")}---|---|---|`);
  for (const c of cells) {
    const cols = c.strategies.map((s) => `${qs(s.questionsToPass80)} (${pct(s.passProbability)})`);
    const ratio = c.ratio === null ? "–" : `${c.ratio.toFixed(2)}${c.ratioLow !== null ? ` (${c.ratioLow.toFixed(2)}-${c.ratioHigh!.toFixed(2)})` : ""}`;
    lines.push(`| ${c.profile} | ${c.budget} | ${pct(c.startPassProbability)} | ${cols.join(" | ")} | ${c.best ?? "–"} | ${ratio} | ${c.closure === null ? "–" : c.closure.toFixed(2)} |`);
  }
  return lines.join("\n");
}

export function formatResult(r: LearningResult): string {
  const out: string[] = [];
  out.push(`Learning efficiency: ${r.exam}-shaped bank of ${r.bankSize} items, ${r.candidates} candidates per cell; ${r.machine}; ${r.date}`);
  out.push("Cells: questions until the mean next-morning pass probability reaches 0.8 (pass probability at the end of the budget).");
  out.push("");
  out.push(formatCells(r.profiles));
  const met = r.profiles.filter((c) => c.ratioHigh !== null && c.ratioHigh < 1 && c.closure !== null && c.closure >= 0.5).length;
  const faster = r.profiles.filter((c) => c.ratioHigh !== null && c.ratioHigh < 1).length;
  out.push("");
  out.push(`Target: baseline faster than the best other strategy (upper 90% bound < 1) in ${faster}/${r.profiles.length} cells; that AND closure >= 0.5 in ${met}/${r.profiles.length}.`);
  out.push("");
  out.push(`Readiness calibration (${r.calibration.points} predictions on baseline candidates, 4 points before the exam): log loss ${r.calibration.logLoss.toFixed(3)}, RMSE over bins ${r.calibration.rmseBins.toFixed(3)} (target <= 0.05)`);
  out.push("| predicted | n | mean predicted | observed pass rate | mean true probability |");
  out.push("|---|---|---|---|---|");
  for (const b of r.calibration.bins) if (b.n) out.push(`| ${pct(b.from)}-${pct(b.to)} | ${b.n} | ${b.predicted!.toFixed(2)} | ${b.observed!.toFixed(2)} | ${b.truth!.toFixed(2)} |`);
  for (const v of r.variants) {
    const closures = v.profiles.map((c) => (c.closure === null ? "–" : c.closure.toFixed(2)));
    out.push("");
    out.push(`Variant: ${v.variant}`);
    out.push(formatCells(v.profiles));
    out.push(`closure per cell: ${closures.join(", ")}`);
  }
  return out.join("\n");
}

export function toJson(r: LearningResult) {
  const cells = (cs: CellResult[]) =>
    cs.map((c) => ({
      profile: c.profile,
      budget: c.budget,
      strategies: c.strategies.map((s) => ({ strategy: s.strategy, passProbability: s.passProbability, questionsToPass80: s.questionsToPass80 })),
      best: c.best,
      ratio: c.ratio,
      ratioInterval90: c.ratioLow === null ? null : [c.ratioLow, c.ratioHigh],
      closure: c.closure,
    }));
  return {
    machine: r.machine,
    date: r.date,
    exam: r.exam,
    bankSize: r.bankSize,
    candidates: r.candidates,
    profiles: cells(r.profiles),
    calibration: { logLoss: r.calibration.logLoss, rmseBins: r.calibration.rmseBins, points: r.calibration.points, bins: r.calibration.bins },
    variants: r.variants.map((v) => ({ variant: v.variant, profiles: cells(v.profiles) })),
  };
}

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      candidates: { type: "string" },
      "variant-candidates": { type: "string" },
      "no-variants": { type: "boolean" },
      exam: { type: "string" },
      bank: { type: "string" },
      json: { type: "boolean" },
      quick: { type: "boolean" },
      seed: { type: "string" },
      profile: { type: "string" },
      budget: { type: "string" },
      "json-out": { type: "string" },
      "only-variants": { type: "boolean" },
    },
  });
  const quick = values.quick ?? false;
  const log = values.json ? () => {} : (s: string) => console.error(s);
  const r = runLearning({
    exam: values.exam,
    bank: values.bank ? Number(values.bank) : undefined,
    candidates: values.candidates ? Number(values.candidates) : quick ? 6 : 200,
    variantCandidates: values["variant-candidates"] ? Number(values["variant-candidates"]) : quick ? 3 : 100,
    variants: !values["no-variants"],
    onlyVariants: values["only-variants"],
    budgets: quick ? [{ days: 7, perDay: 20 }] : values.budget ? BUDGETS.filter((b) => label(b) === values.budget) : undefined,
    profiles: quick ? PROFILES.slice(0, 2) : values.profile ? PROFILES.filter((p) => p.name === values.profile) : undefined,
    bootstrap: quick ? 50 : undefined,
    seed: values.seed ? Number(values.seed) : undefined,
    log,
  });
  if (values["json-out"]) (await import("node:fs")).writeFileSync(values["json-out"], JSON.stringify(toJson(r), null, 2));
  if (values.json) console.log(JSON.stringify(toJson(r), null, 2));
  else console.log(formatResult(r));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
