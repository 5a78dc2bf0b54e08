/**
 * Prints the mock exam a new candidate (no recent mocks) would get for an exam: which questions,
 * how many per domain, the difficulty mix and the time allowed. No database: the content is read
 * from the content folder and assembled with the same code the app uses (app/core/mock).
 *
 *   npm run mock:preview -- --exam AZ-104
 *   npm run mock:preview -- --exam AZ-104 --questions 20 --domains storage,networking --seed 7 --json
 *
 * Options: --seed <n> (default 1), --questions <n> (default: the exam's full mock),
 * --domains <id,id> (default: every domain), --content <dir> (default: the repo's content/), --json.
 *
 * Output (stdout): a table of the mock, questions per domain and the difficulty mix against the
 * target; with --json exactly { "minutes": n, "items": [ { "id", "domain", "objective", "difficulty" } ] }
 * (objective null when the item has none), in the order the candidate sees them.
 * Errors (bad flags, unknown exam or domain, invalid content, a bank too small for the mock, with
 * the largest mock it can fill) go to stderr; exit code 1.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { processIo, REPO_CONTENT_DIR, runIfMain, table, type Io } from "../app/core/content/cli";
import { formatProblem } from "../app/core/content/problems";
import type { ExamDefinition, Item } from "../app/core/content/schema";
import { checkContent } from "../app/core/content/validate";
import { assembleMock, DIFFICULTY_TARGET, type AssembledMock, type MockBankItem, type MockPlan } from "../app/core/mock/assemble";

export const DEFAULT_CONTENT_DIR = REPO_CONTENT_DIR;
export const DEFAULT_SEED = 1;
export const MAX_QUESTIONS = 500;

const USAGE = `Usage: npm run mock:preview -- --exam <code> [options]
  --exam <code>       exam code, e.g. AZ-104
  --questions <n>     questions in the mock (default: the exam's full mock, at most ${MAX_QUESTIONS})
  --domains <a,b>     only these domain ids, comma-separated (default: every domain)
  --seed <n>          assembly seed, a whole number (default ${DEFAULT_SEED}); same seed, same mock
  --content <dir>     content folder (default: ${DEFAULT_CONTENT_DIR})
  --json              print { "minutes": n, "items": [ { "id", "domain", "objective", "difficulty" } ] }
`;

type Args = {
  exam: string;
  questions: number | undefined;
  domains: string[] | undefined;
  seed: number;
  content: string;
  json: boolean;
};

const VALUE_FLAGS = new Set(["--exam", "--questions", "--domains", "--seed", "--content"]);

function parseArgs(argv: string[]): Args | { help: true } | string {
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
    else return `unexpected argument ${a}`;
  }
  if (help) return { help: true };
  if (!raw["--exam"]) return "--exam is required";

  let questions: number | undefined;
  if (raw["--questions"] !== undefined) {
    const q = raw["--questions"];
    if (!/^\d+$/.test(q) || Number(q) < 1 || Number(q) > MAX_QUESTIONS)
      return `--questions must be a whole number from 1 to ${MAX_QUESTIONS}, not ${q}`;
    questions = Number(q);
  }
  let domains: string[] | undefined;
  if (raw["--domains"] !== undefined) {
    domains = raw["--domains"].split(",").map((d) => d.trim());
    if (domains.some((d) => d === ""))
      return `--domains must be domain ids separated by commas, such as storage,networking, not ${raw["--domains"]}`;
  }
  let seed = DEFAULT_SEED;
  if (raw["--seed"] !== undefined) {
    if (!/^-?\d+$/.test(raw["--seed"]) || !Number.isSafeInteger(Number(raw["--seed"])))
      return `--seed must be a whole number, not ${raw["--seed"]}`;
    seed = Number(raw["--seed"]);
  }
  return { exam: raw["--exam"], questions, domains, seed, content: path.resolve(raw["--content"] ?? DEFAULT_CONTENT_DIR), json };
}

const codeKey = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The bank as the app's assembler sees it: every item of the exam, option keys in authored order. */
export function bankFromItems(items: readonly Item[]): MockBankItem[] {
  return items.map((i) => ({
    id: i.id,
    domain: i.domain,
    objective: i.objective ?? null,
    difficulty: i.difficulty,
    optionKeys: i.options.map((o) => o.id),
    caseStudy: i.caseStudy ?? null,
  }));
}

function textReport(exam: ExamDefinition, mock: AssembledMock, plan: MockPlan, args: Args): string {
  const lines: string[] = [];
  const scope = args.domains ? `domains ${plan.domains.map((d) => d.domain).join(", ")}` : "every domain";
  lines.push(
    `Mock exam for a new ${exam.code} candidate: ${mock.questions.length} questions, ${mock.minutes} minutes (${scope}, seed ${args.seed})`,
  );
  lines.push("");
  const rows = [["#", "id", "domain", "objective", "difficulty", "options"]];
  mock.questions.forEach((q, i) =>
    rows.push([String(i + 1), q.itemId, q.domain, q.objective ?? "-", String(q.difficulty), q.optionOrder.join(" ")]),
  );
  lines.push(table(rows, [true, false, false, false, true]));

  lines.push("", "Questions per domain (blueprint weight midpoints, normalised over the mock's domains):");
  const totalMid = plan.domains.reduce((n, d) => n + midpointOf(exam, d.domain), 0);
  const perDomain = [["domain", "blueprint", "share", "questions", "available"]];
  for (const d of plan.domains) {
    const w = exam.domains.find((x) => x.id === d.domain)!.weight;
    const share = totalMid > 0 ? midpointOf(exam, d.domain) / totalMid : 1 / plan.domains.length;
    perDomain.push([d.domain, `${w.min}-${w.max}%`, pct(share), String(d.count), String(d.available)]);
  }
  lines.push(table(perDomain, [false, true, true, true, true]));

  lines.push("", "Difficulty mix (1 easy - 5 hard) against the target:");
  const mix = [["difficulty", "questions", "share", "target"]];
  DIFFICULTY_TARGET.forEach((target, i) => {
    const n = mock.questions.filter((q) => Math.round(q.difficulty) === i + 1).length;
    mix.push([String(i + 1), String(n), pct(mock.questions.length ? n / mock.questions.length : 0), pct(target)]);
  });
  lines.push(table(mix, [true, true, true, true]));
  return `${lines.join("\n")}\n`;
}

function midpointOf(exam: ExamDefinition, domain: string): number {
  const w = exam.domains.find((d) => d.id === domain)!.weight;
  return (w.min + w.max) / 2;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const error = (message: string) => {
    io.err(`mock:preview: ${message}\n`);
    return 1;
  };
  try {
    const args = parseArgs(argv);
    if (typeof args === "string") return error(`${args}\n${USAGE}`);
    if ("help" in args) {
      io.out(USAGE);
      return 0;
    }
    if (!existsSync(args.content) || !statSync(args.content).isDirectory())
      return error(`content folder not found: ${args.content}`);

    const { exams, problems } = await checkContent(args.content);
    const loaded = exams.find((e) => codeKey(e.exam.code) === codeKey(args.exam));
    if (!loaded) {
      const broken = problems.filter((p) => p.severity === "error" && codeKey(p.file.split("/")[0]) === codeKey(args.exam));
      if (broken.length) {
        return error(
          `the exam definition of ${args.exam} is invalid; fix it first (npm run content:check):\n${broken
            .slice(0, 5)
            .map((p) => `  ${formatProblem(p, args.content)}`)
            .join("\n")}`,
        );
      }
      const known = exams.map((e) => e.exam.code);
      return error(`unknown exam ${args.exam} in ${args.content}${known.length ? ` (known: ${known.join(", ")})` : ""}`);
    }
    const { exam } = loaded;
    const examErrors = problems.filter(
      (p) => p.severity === "error" && (p.file === loaded.file || p.file.startsWith(`${exam.code}/`)),
    );
    if (examErrors.length) {
      const shown = examErrors.slice(0, 5).map((p) => `  ${formatProblem(p, args.content)}`);
      return error(
        `the content of ${exam.code} has ${examErrors.length} error(s); fix them first (npm run content:check):\n${shown.join(
          "\n",
        )}${examErrors.length > 5 ? "\n  ..." : ""}`,
      );
    }

    const assembled = assembleMock(
      exam,
      bankFromItems(loaded.items),
      { domains: args.domains, questions: args.questions },
      { seed: args.seed },
    );
    if (!assembled.ok) return error(assembled.message);
    if (args.json) {
      const out = {
        minutes: assembled.mock.minutes,
        items: assembled.mock.questions.map((q) => ({
          id: q.itemId,
          domain: q.domain,
          objective: q.objective,
          difficulty: q.difficulty,
        })),
      };
      io.out(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      io.out(textReport(exam, assembled.mock, assembled.plan, args));
    }
    return 0;
  } catch (e) {
    return error(e instanceof Error ? e.message : String(e));
  }
}

runIfMain(import.meta.url, (argv) => main(argv));
