/**
 * npm run content:audit [-- --dir <path>] [--exam <code>] [--json] [--strict]
 * A bank's quality audit per exam (app/core/content/audit.ts): answer-position and longest-key
 * cues, items without an official reference, near-duplicate stems, objectives with no items,
 * the difficulty histogram per domain, and domain counts against the blueprint. Prints flags;
 * --strict exits 1 when any exam has a flag. Rules: docs/content.md.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { auditContent, type ExamAudit } from "../app/core/content/audit";
import { loadContent } from "../app/core/content/load";
import { countProblems } from "../app/core/content/problems";
import { processIo, runIfMain, table, type Io } from "../app/core/content/cli";

const USAGE = "usage: npm run content:audit -- [--dir <content folder>] [--exam <code>] [--json] [--strict]\n";

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let values: { dir?: string; exam?: string; json?: boolean; strict?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { dir: { type: "string" }, exam: { type: "string" }, json: { type: "boolean" }, strict: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`content:audit: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const dir = values.dir ?? "content";
  const loaded = await loadContent(path.resolve(io.cwd ?? process.cwd(), dir));
  const { errors } = countProblems(loaded.problems);
  if (!loaded.exams.length) {
    io.err(`content:audit: no exams could be loaded from ${dir}${errors ? `: ${loaded.problems[0].message}` : ""}\n`);
    return 1;
  }
  if (errors) io.err(`content:audit: ${errors} file(s) have errors and are left out; run npm run content:check\n`);
  const exams = loaded.exams.filter((e) => !values.exam || e.exam.code === values.exam);
  if (values.exam && exams.length === 0) {
    io.err(`content:audit: no exam ${values.exam} in ${dir}\n`);
    return 1;
  }
  const audits = auditContent(exams);
  io.out(values.json ? `${JSON.stringify({ exams: audits }, null, 2)}\n` : audits.map(render).join("\n"));
  const flagged = audits.filter((a) => a.flags.length);
  if (!values.json) io.out(flagged.length ? `\n${flagged.reduce((n, a) => n + a.flags.length, 0)} flag(s) in ${flagged.map((a) => a.code).join(", ")}\n` : "\nNo flags.\n");
  return values.strict && flagged.length ? 1 : 0;
}

const pct = (x: number) => `${Math.round(x)}%`;

export function render(a: ExamAudit): string {
  const lines = [`${a.code}: ${a.items} items (${a.singleAnswer} single-answer)`];
  lines.push(`  by type: ${Object.entries(a.types).map(([t, n]) => `${t} ${n}`).join(", ")}${a.caseStudyItems ? `; ${a.caseStudyItems} in case studies` : ""}`);
  lines.push(`  key positions: ${a.keyPositions.map((p) => `${p.position} ${pct(p.share * 100)}`).join(", ") || "-"}`);
  lines.push(`  key is the longest option: ${a.longestKeyShare === null ? "-" : pct(a.longestKeyShare * 100)}`);
  const rows = [["domain", "items", "share", "blueprint", "D1", "D2", "D3", "D4", "D5"]];
  for (const d of a.domains) {
    const h = a.difficulty.find((x) => x.domain === d.domain)!.histogram;
    rows.push([d.domain, String(d.items), pct(d.share), `${d.blueprintMin.toFixed(0)}-${d.blueprintMax.toFixed(0)}%`, ...h.map(String)]);
  }
  lines.push(table(rows, [false, true, true, true, true, true, true, true, true]).replace(/^/gm, "  "));
  for (const f of a.flags) lines.push(`  FLAG ${f.rule}: ${f.message}`);
  return `${lines.join("\n")}\n`;
}

runIfMain(import.meta.url, main);
