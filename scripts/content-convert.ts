/**
 * npm run content:convert -- --from <gift|csv|markdown> --exam <code> [--domain <id>] <input> --out <dir>
 *                            [--content <root>] [--id-prefix <prefix>] [--source <name>]
 * Converts a question bank into item files `<out>/<code>/items/<domain>/<id>.md` and copies
 * the exam definition to `<out>/<code>/exam.yaml`, so `npm run content:check -- --dir <out>`
 * can check the result (imported items only get warnings for missing explanation, rationale
 * and references). Skipped questions are listed with their line and reason.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseExam } from "../app/core/content/load";
import { formatProblem } from "../app/core/content/problems";
import { convertGift } from "../app/core/content/convert/gift";
import { convertCsv } from "../app/core/content/convert/csv";
import { convertMarkdown } from "../app/core/content/convert/markdown";
import { itemRelativePath, serializeItem } from "../app/core/content/convert/write";
import type { ConvertOptions, ConvertResult } from "../app/core/content/convert/common";
import { displayPath, processIo, runIfMain, type Io } from "../app/core/content/cli";

const CONVERTERS: Record<string, (text: string, opts: ConvertOptions) => ConvertResult> = {
  gift: convertGift,
  csv: convertCsv,
  markdown: convertMarkdown,
  md: convertMarkdown,
};

const USAGE =
  "usage: npm run content:convert -- --from <gift|csv|markdown> --exam <code> [--domain <id>] <input> --out <dir>\n" +
  "                                  [--content <root, default content>] [--id-prefix <prefix>] [--source <name>]\n";

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        from: { type: "string" },
        exam: { type: "string" },
        domain: { type: "string" },
        out: { type: "string" },
        content: { type: "string" },
        "id-prefix": { type: "string" },
        source: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
    }));
  } catch (e) {
    io.err(`content:convert: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const usage = (msg: string) => {
    io.err(`content:convert: ${msg}\n${USAGE}`);
    return 2;
  };
  const from = String(values.from ?? "").toLowerCase();
  const convert = CONVERTERS[from];
  if (!convert) return usage(`--from must be gift, csv or markdown${values.from ? ` (got "${values.from}")` : ""}`);
  if (!values.exam) return usage("--exam <code> is required, e.g. --exam AZ-104");
  if (!values.out) return usage("--out <dir> is required");
  if (positionals.length !== 1) return usage(positionals.length ? `one input file expected, got ${positionals.length}` : "give the input file");

  const cwd = io.cwd ?? process.cwd();
  const code = String(values.exam);
  const contentRoot = path.resolve(cwd, String(values.content ?? "content"));
  const examPath = path.join(contentRoot, code, "exam.yaml");
  let examText: string;
  try {
    examText = await fs.readFile(examPath, "utf8");
  } catch {
    io.err(`content:convert: no exam definition at ${displayPath(cwd, examPath)}; check --exam and --content\n`);
    return 1;
  }
  const parsedExam = parseExam(examText, displayPath(cwd, examPath));
  if (!parsedExam.exam) {
    for (const p of parsedExam.problems) io.err(`${formatProblem(p)}\n`);
    io.err("content:convert: the exam definition is invalid; fix it first (npm run content:check)\n");
    return 1;
  }
  const exam = parsedExam.exam;
  const domain = values.domain === undefined ? undefined : String(values.domain);
  if (domain !== undefined && !exam.domains.some((d) => d.id === domain)) {
    return usage(`--domain "${domain}" is not a domain of ${exam.code}; use one of: ${exam.domains.map((d) => d.id).join(", ")}`);
  }

  const inputPath = path.resolve(cwd, positionals[0]);
  const inputShown = displayPath(cwd, inputPath);
  let input: string;
  try {
    input = await fs.readFile(inputPath, "utf8");
  } catch (e) {
    io.err(`content:convert: cannot read ${inputShown} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return 1;
  }

  const result = convert(input, {
    exam,
    domain,
    idPrefix: values["id-prefix"] === undefined ? undefined : String(values["id-prefix"]),
    sourceName: String(values.source ?? path.basename(inputPath)),
  });

  const outRoot = path.resolve(cwd, String(values.out));
  const examDir = path.join(outRoot, exam.code);
  await fs.mkdir(examDir, { recursive: true });
  await fs.writeFile(path.join(examDir, "exam.yaml"), examText);
  let written = 0;
  let unchanged = 0;
  for (const item of result.items) {
    const file = path.join(outRoot, itemRelativePath(item));
    const text = serializeItem(item);
    const current = await fs.readFile(file, "utf8").catch(() => undefined);
    if (current === text) {
      unchanged++;
      continue;
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
    written++;
  }

  for (const s of result.skipped) io.out(`${inputShown}:${s.line}: skipped: ${s.reason}\n`);
  const suggested = result.items.filter((i) => i.suggestedDomain).length;
  const outShown = displayPath(cwd, examDir);
  io.out(
    `content:convert: ${result.items.length} item(s) from ${inputShown} -> ${outShown}/items/ (${written} written, ${unchanged} unchanged), ${result.skipped.length} skipped\n`,
  );
  if (suggested) io.out(`content:convert: ${suggested} item(s) have a suggested domain (suggestedDomain: true, tag needs-review); check them\n`);
  io.out(`next: npm run content:check -- --dir ${displayPath(cwd, outRoot)}\n`);
  return result.items.length || !input.trim() ? 0 : 1;
}

runIfMain(import.meta.url, (argv) => main(argv));
