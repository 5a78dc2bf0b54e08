/**
 * npm run content:check [-- --dir <path>]
 * Validates the content tree (default content/): prints every problem as
 * `file:line: field: message` (warnings marked), then a summary. Exit 1 on any error.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { checkContent } from "../app/core/content/validate";
import { countProblems, formatProblem } from "../app/core/content/problems";
import { displayPath, processIo, runIfMain, table, type Io } from "../app/core/content/cli";

const USAGE = "usage: npm run content:check -- [--dir <content folder>]   (default: content)\n";

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let dir: string;
  try {
    const { values } = parseArgs({ args: argv, options: { dir: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: false });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    dir = values.dir ?? "content";
  } catch (e) {
    io.err(`content:check: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const cwd = io.cwd ?? process.cwd();
  const root = path.resolve(cwd, dir);
  const shown = displayPath(cwd, root);

  const { exams, problems } = await checkContent(root);
  for (const p of problems) io.out(`${formatProblem(p, shown)}\n`);
  const { errors, warnings } = countProblems(problems);
  const itemCount = exams.reduce((n, e) => n + e.items.length, 0);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

  if (errors) {
    io.out(`\ncontent:check: ${plural(errors, "error")}, ${plural(warnings, "warning")} in ${shown}/ (${plural(exams.length, "exam")}, ${plural(itemCount, "item")} loaded)\n`);
    return 1;
  }
  if (problems.length) io.out("\n");
  io.out(`content:check: ${shown}/ is valid: ${plural(exams.length, "exam")}, ${plural(itemCount, "item")}, 0 errors, ${plural(warnings, "warning")}\n`);
  if (exams.length) {
    const rows = exams.map((e) => ["  " + e.exam.code, e.exam.title, e.exam.status, plural(e.items.length, "item")]);
    io.out(`${table(rows, [false, false, false, true])}\n`);
  }
  return 0;
}

runIfMain(import.meta.url, (argv) => main(argv));
