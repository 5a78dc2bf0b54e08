/**
 * Prints the first practice session a new candidate would get for an exam after entering a
 * score report: which questions, from which domains, and why. No database: the content is read
 * from the content folder and the report with the same parser the app uses.
 *
 *   npm run practice:preview -- --exam AZ-104 --report report.pdf
 *   npm run practice:preview -- --exam AZ-104 --report report.txt --count 30 --seed 7 --json
 *
 * Options: --count <n> (default 20), --seed <n> (default 1), --now <ISO date> (default: the
 * time the command starts), --content <dir> (default: the repo's content/), --json.
 *
 * The candidate is new: no answers, cards or Elo history. The baseline is each domain's band
 * from the report (domains the report does not give follow the blueprint); item ratings are
 * the starting ratings from their authored difficulty (the app's ratings drift as candidates
 * answer), so the app may differ once items have been answered by others.
 *
 * Output (stdout): a table of the session and the share of new questions per domain; with
 * --json exactly { "items": [ { "id", "domain", "objective", "reason" } ] } (objective null
 * when the item has none). Report-parser warnings go to stderr as "warning: ...".
 * Errors (bad flags, unknown exam, invalid content, unreadable report, no domain results) go
 * to stderr; exit code 1.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { processIo, REPO_CONTENT_DIR, runIfMain, type Io } from "../app/core/content/cli";
import { formatProblem } from "../app/core/content/problems";
import type { ExamDefinition } from "../app/core/content/schema";
import { checkContent } from "../app/core/content/validate";
import { initialItemRating } from "../app/core/progress/rating";
import { parseReportText, type ParsedReport } from "../app/core/report/parse";
import { reportTextFromFile } from "../app/core/report/report-file";
import { domainAllocation, selectSession, type SelectedItem, type SelectorInput } from "../app/core/selector/selector";

export const DEFAULT_CONTENT_DIR = REPO_CONTENT_DIR;
export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 500;
export const DEFAULT_SEED = 1;

const USAGE = `Usage: npm run practice:preview -- --exam <code> --report <report.txt|report.pdf> [options]
  --exam <code>      exam code, e.g. AZ-104
  --report <file>    the candidate's score report (.txt or .pdf)
  --count <n>        questions in the session (default ${DEFAULT_COUNT}, at most ${MAX_COUNT})
  --seed <n>         selector seed, a whole number (default ${DEFAULT_SEED}); same seed, same session
  --now <date>       the moment of the session, ISO 8601 (default: now)
  --content <dir>    content folder (default: ${DEFAULT_CONTENT_DIR})
  --json             print { "items": [ { "id", "domain", "objective", "type", "caseStudy", "reason" } ] }
`;

type Args = { exam: string; report: string; count: number; seed: number; now: Date; content: string; json: boolean };

const VALUE_FLAGS = new Set(["--exam", "--report", "--count", "--seed", "--now", "--content"]);

function parseArgs(argv: string[], startedAt: Date): Args | { help: true } | string {
  const raw: Record<string, string> = {};
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") continue;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (flag === "-h" || flag === "--help") help = true;
    else if (flag === "--json") {
      if (inline !== undefined) return "--json takes no value";
      json = true;
    } else if (VALUE_FLAGS.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) return `${flag} needs a value`;
      if (flag in raw) return `${flag} given twice`;
      raw[flag] = value;
    } else if (a.startsWith("-")) return `unknown option ${a}`;
    else return `unexpected argument ${a} (give the report with --report)`;
  }
  if (help) return { help: true };
  if (!raw["--exam"]) return "--exam is required";
  if (!raw["--report"]) return "--report is required";

  let count = DEFAULT_COUNT;
  if (raw["--count"] !== undefined) {
    if (!/^\d+$/.test(raw["--count"])) return `--count must be a whole number from 1 to ${MAX_COUNT}, not ${raw["--count"]}`;
    count = Number(raw["--count"]);
    if (count < 1 || count > MAX_COUNT) return `--count must be a whole number from 1 to ${MAX_COUNT}, not ${raw["--count"]}`;
  }
  let seed = DEFAULT_SEED;
  if (raw["--seed"] !== undefined) {
    if (!/^-?\d+$/.test(raw["--seed"]) || !Number.isSafeInteger(Number(raw["--seed"]))) return `--seed must be a whole number, not ${raw["--seed"]}`;
    seed = Number(raw["--seed"]);
  }
  let now = startedAt;
  if (raw["--now"] !== undefined) {
    const t = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(raw["--now"]) ? Date.parse(raw["--now"]) : Number.NaN;
    if (!Number.isFinite(t)) return `--now must be an ISO 8601 date such as 2026-05-04 or 2026-05-04T09:00:00Z, not ${raw["--now"]}`;
    now = new Date(t);
  }
  return {
    exam: raw["--exam"],
    report: raw["--report"],
    count,
    seed,
    now,
    content: path.resolve(raw["--content"] ?? DEFAULT_CONTENT_DIR),
    json,
  };
}

const codeKey = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");

/** The report's text (PDF text layer or decoded text file), or an error message. */
async function readReport(file: string, shown: string): Promise<{ text: string } | { error: string }> {
  if (!existsSync(file) || !statSync(file).isFile()) return { error: `report not found: ${shown}` };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    return { error: `cannot read ${shown} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const result = await reportTextFromFile({ name: path.basename(file), type: "", bytes });
  return result.ok ? { text: result.text } : { error: `${shown}: ${result.message}` };
}

/** What the selector gets for a new candidate whose baseline is `report`. */
export function previewInput(
  exam: ExamDefinition,
  items: readonly { id: string; domain: string; objective?: string; difficulty: number }[],
  report: Pick<ParsedReport, "domains">,
  opts: { count: number; seed: number; now: Date },
): SelectorInput {
  return {
    domains: exam.domains.map((d) => ({ id: d.id, name: d.name, short: d.short, weight: d.weight, objectives: d.objectives })),
    baseline: report.domains.length ? Object.fromEntries(report.domains.map((d) => [d.id, { level: d.level, label: d.band }])) : null,
    mastery: {},
    learnerRatings: {},
    items: [...items]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((i) => (i.objective ? { id: i.id, domain: i.domain, objective: i.objective, rating: initialItemRating(i.difficulty) } : { id: i.id, domain: i.domain, rating: initialItemRating(i.difficulty) })),
    cards: [],
    answeredToday: [],
    lastSeen: {},
    size: opts.count,
    retakeDate: null,
    now: opts.now,
    seed: opts.seed,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function table(rows: string[][], alignRight: boolean[] = []): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => r.map((c, i) => (alignRight[i] ? c.padStart(widths[i]) : i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd())
    .join("\n");
}

/** What the preview shows of an item besides the selector's choice: its type and case study. */
type ItemFacts = ReadonlyMap<string, { type: string; caseStudy: string | null }>;

function textReport(exam: ExamDefinition, report: ParsedReport, input: SelectorInput, selected: SelectedItem[], args: Args, reportShown: string, facts_: ItemFacts): string {
  const lines: string[] = [];
  const facts = [
    report.score !== null ? `score ${report.score}` : null,
    report.passed === null ? null : report.passed ? "passed" : "failed",
    report.date,
  ].filter(Boolean);
  lines.push(`First practice session for a new ${exam.code} candidate: ${selected.length} of ${args.count} questions (seed ${args.seed}, ${args.now.toISOString()})`);
  lines.push(`Report: ${reportShown}${facts.length ? ` (${facts.join(", ")})` : ""}`);
  if (selected.length < args.count) lines.push(`Only ${input.items.length} questions exist for ${exam.code}.`);
  lines.push("");
  const rows = [["#", "id", "domain", "objective", "type", "case study", "kind", "reason"]];
  selected.forEach((s, i) => {
    const f = facts_.get(s.itemId);
    rows.push([String(i + 1), s.itemId, s.domain, s.objective ?? "-", f?.type ?? "single", f?.caseStudy ?? "-", s.kind, s.reason]);
  });
  lines.push(table(rows, [true]));

  lines.push("", "Allocation of new questions per domain (blueprint weight midpoint x need from the report's band):");
  const allocation = domainAllocation(input);
  const totalMid = exam.domains.reduce((n, d) => n + (d.weight.min + d.weight.max) / 2, 0);
  const counts = new Map<string, number>();
  for (const s of selected) counts.set(s.domain, (counts.get(s.domain) ?? 0) + 1);
  const available = new Map<string, number>();
  for (const i of input.items) available.set(i.domain, (available.get(i.domain) ?? 0) + 1);
  const alloc = [["domain", "band (report)", "blueprint", "blueprint share", "allocation", "questions", "available"]];
  for (const d of exam.domains) {
    const band = input.baseline?.[d.id];
    alloc.push([
      d.id,
      band ? `${band.label} (${band.level})` : "- (not in report)",
      `${d.weight.min}-${d.weight.max}%`,
      pct(totalMid > 0 ? (d.weight.min + d.weight.max) / 2 / totalMid : 1 / exam.domains.length),
      pct(allocation[d.id] ?? 0),
      String(counts.get(d.id) ?? 0),
      String(available.get(d.id) ?? 0),
    ]);
  }
  lines.push(table(alloc, [false, false, true, true, true, true, true]));
  return `${lines.join("\n")}\n`;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const startedAt = new Date();
  const error = (message: string) => {
    io.err(`practice:preview: ${message}\n`);
    return 1;
  };
  try {
    const args = parseArgs(argv, startedAt);
    if (typeof args === "string") return error(`${args}\n${USAGE}`);
    if ("help" in args) {
      io.out(USAGE);
      return 0;
    }
    if (!existsSync(args.content) || !statSync(args.content).isDirectory()) return error(`content folder not found: ${args.content}`);

    const { exams, problems } = await checkContent(args.content);
    const loaded = exams.find((e) => codeKey(e.exam.code) === codeKey(args.exam));
    if (!loaded) {
      const broken = problems.filter((p) => p.severity === "error" && codeKey(p.file.split("/")[0]) === codeKey(args.exam));
      if (broken.length) {
        return error(`the exam definition of ${args.exam} is invalid; fix it first (npm run content:check):\n${broken.slice(0, 5).map((p) => `  ${formatProblem(p, args.content)}`).join("\n")}`);
      }
      const known = exams.map((e) => e.exam.code);
      return error(`unknown exam ${args.exam} in ${args.content}${known.length ? ` (known: ${known.join(", ")})` : ""}`);
    }
    const { exam } = loaded;
    const examErrors = problems.filter((p) => p.severity === "error" && (p.file === loaded.file || p.file.startsWith(`${exam.code}/`)));
    if (examErrors.length) {
      const shown = examErrors.slice(0, 5).map((p) => `  ${formatProblem(p, args.content)}`);
      return error(
        `the content of ${exam.code} has ${examErrors.length} error(s); fix them first (npm run content:check):\n${shown.join("\n")}${examErrors.length > 5 ? "\n  ..." : ""}`,
      );
    }

    const reportFile = path.resolve(args.report);
    const read = await readReport(reportFile, args.report);
    if ("error" in read) return error(read.error);
    const report = parseReportText(
      read.text,
      exams.map((e) => e.exam),
      { exam: exam.code, now: args.now },
    );
    for (const w of report.warnings) io.err(`warning: ${w}\n`);
    if (report.domains.length === 0) {
      return error(`${args.report}: no domain results for ${exam.code} were found in the report, so there is no baseline to preview`);
    }

    const input = previewInput(exam, loaded.items, report, args);
    const selected = selectSession(input);
    const facts: ItemFacts = new Map(loaded.items.map((i) => [i.id, { type: i.type ?? "single", caseStudy: i.caseStudy ?? null }]));
    if (args.json) {
      const out = {
        items: selected.map((s) => ({ id: s.itemId, domain: s.domain, objective: s.objective ?? null, type: facts.get(s.itemId)?.type ?? "single", caseStudy: facts.get(s.itemId)?.caseStudy ?? null, reason: s.reason })),
      };
      io.out(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      io.out(textReport(exam, report, input, selected, args, args.report, facts));
    }
    return 0;
  } catch (e) {
    return error(e instanceof Error ? e.message : String(e));
  }
}

runIfMain(import.meta.url, (argv) => main(argv));
