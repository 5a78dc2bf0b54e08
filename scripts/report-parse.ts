/**
 * Reads a score report (.txt or .pdf) and prints what the parser recognised, as JSON:
 *
 *   npm run report:parse -- --exam AZ-104 report.pdf
 *   npm run report:parse -- report.txt                 (exam detected from the text)
 *   npm run report:parse -- --content ./content --exam AZ-204 report.txt
 *
 * Output (stdout): { "exam", "score", "passed", "date", "domains": [{ "id", "name", "band",
 * "level" }], "unmatched": [...] }. Parser warnings go to stderr as "warning: ...".
 * Errors (usage, unknown exam, bad file type, unreadable PDF) go to stderr; exit code 1.
 * Exam definitions are read from <content>/<code>/exam.yaml (default: the repo's content/).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { ExamDefinition } from "../app/core/content/schema";
import { parseExam } from "../app/core/content/load";
import { formatProblem } from "../app/core/content/problems";
import { parseReportText } from "../app/core/report/parse";
import { reportTextFromFile } from "../app/core/report/report-file";
import { processIo, REPO_CONTENT_DIR, runIfMain, type Io } from "../app/core/content/cli";

export const DEFAULT_CONTENT_DIR = REPO_CONTENT_DIR;

const USAGE = `Usage: npm run report:parse -- [--exam <code>] [--content <dir>] <report.txt|report.pdf>
  --exam <code>     exam code, e.g. AZ-104 (default: detect from the report)
  --content <dir>   folder with <code>/exam.yaml files (default: ${DEFAULT_CONTENT_DIR})
`;

type Args = { exam?: string; content: string; file?: string; help: boolean };

function parseArgs(argv: string[]): Args | string {
  const args: Args = { content: DEFAULT_CONTENT_DIR, help: false };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (flag === "-h" || flag === "--help") args.help = true;
    else if (flag === "--exam" || flag === "--content") {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") return `${flag} needs a value`;
      if (flag === "--exam") args.exam = value;
      else args.content = path.resolve(value);
    } else if (a === "--") continue;
    else if (a.startsWith("-") && a !== "-") return `unknown option ${a}`;
    else files.push(a);
  }
  if (files.length > 1) return `give one report file, not ${files.length}`;
  args.file = files[0];
  return args;
}

/** The exam defined in `file`; throws with content:check's file:line messages when it is invalid. */
function readExam(file: string): ExamDefinition {
  const { exam, problems } = parseExam(readFileSync(file, "utf8"), file);
  const errors = problems.filter((p) => p.severity === "error");
  if (!exam || errors.length) throw new Error(errors.map((p) => formatProblem(p)).join("; "));
  return exam;
}

/** The requested exam (must load) plus every other valid exam in the content folder. */
function loadExams(contentDir: string, code: string | undefined): { exams: ExamDefinition[] } | { error: string } {
  if (!existsSync(contentDir) || !statSync(contentDir).isDirectory()) return { error: `content folder not found: ${contentDir}` };
  const exams: ExamDefinition[] = [];
  let wanted: ExamDefinition | null = null;
  if (code !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/.test(code)) return { error: `not an exam code: ${code}` };
    const dir = [code, code.toUpperCase()].find((c) => existsSync(path.join(contentDir, c, "exam.yaml")));
    if (!dir) return { error: `no exam definition for ${code} (looked for ${path.join(contentDir, code.toUpperCase(), "exam.yaml")})` };
    const file = path.join(contentDir, dir, "exam.yaml");
    try {
      wanted = readExam(file);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { error: `${file} is not a valid exam definition: ${detail}` };
    }
    exams.push(wanted);
  }
  for (const entry of readdirSync(contentDir, { withFileTypes: true })) {
    const file = path.join(contentDir, entry.name, "exam.yaml");
    if (!entry.isDirectory() || !existsSync(file)) continue;
    try {
      const exam = readExam(file);
      if (!exams.some((e) => e.code === exam.code)) exams.push(exam);
    } catch {
      // Other exams only help detection; `npm run content:check` reports broken ones.
    }
  }
  if (exams.length === 0) return { error: `no exam definitions in ${contentDir}` };
  return { exams };
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const error = (message: string) => {
    io.err(`report:parse: ${message}\n`);
    return 1;
  };
  try {
    const args = parseArgs(argv);
    if (typeof args === "string") return error(`${args}\n${USAGE}`);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    if (!args.file) return error(`no report file given\n${USAGE}`);

    const file = path.resolve(args.file);
    if (!existsSync(file) || !statSync(file).isFile()) return error(`file not found: ${args.file}`);
    const loaded = loadExams(args.content, args.exam);
    if ("error" in loaded) return error(loaded.error);

    const read = await reportTextFromFile({ name: path.basename(file), type: "", bytes: new Uint8Array(readFileSync(file)) });
    if (!read.ok) return error(`${args.file}: ${read.message}`);
    const text = read.text;

    const report = parseReportText(text, loaded.exams, { exam: args.exam });
    for (const w of report.warnings) io.err(`warning: ${w}\n`);
    const out = {
      exam: report.exam,
      score: report.score,
      passed: report.passed,
      date: report.date,
      domains: report.domains.map((d) => ({ id: d.id, name: d.name, band: d.band, level: d.level })),
      unmatched: report.unmatched,
    };
    io.out(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (e) {
    return error(e instanceof Error ? e.message : String(e));
  }
}

runIfMain(import.meta.url, (argv) => main(argv));
