/**
 * npm run content:stats [-- --dir <path>] [--json]
 * Items per domain (next to the blueprint weight), per objective and per difficulty.
 * --json prints exactly { exams: [ { code, title, domains: [ { id, name, weight: { min, max }, items } ] } ] }.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadContent } from "../app/core/content/load";
import { contentStats, summarizeStats, type ContentStats } from "../app/core/content/stats";
import { countProblems } from "../app/core/content/problems";
import { processIo, runIfMain, table, type Io } from "../app/core/content/cli";

const USAGE = "usage: npm run content:stats -- [--dir <content folder>] [--json]\n";

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let dir: string;
  let json: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { dir: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    dir = values.dir ?? "content";
    json = values.json ?? false;
  } catch (e) {
    io.err(`content:stats: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const root = path.resolve(io.cwd ?? process.cwd(), dir);
  const loaded = await loadContent(root);
  const { errors } = countProblems(loaded.problems);
  if (!loaded.exams.length && errors) {
    io.err(`content:stats: could not load ${dir}: ${loaded.problems[0].message}\n`);
    return 1;
  }
  if (errors) io.err(`content:stats: ${errors} item file(s) or definitions have errors and are not counted; run npm run content:check\n`);

  const stats = contentStats(loaded.exams);
  io.out(json ? `${JSON.stringify(summarizeStats(stats), null, 2)}\n` : renderStats(stats));
  return 0;
}

/** Human-readable tables: one per exam, domains with their objectives, and difficulties. */
export function renderStats(stats: ContentStats): string {
  const parts: string[] = [];
  for (const exam of stats.exams) {
    const total = exam.domains.reduce((n, d) => n + d.items, 0);
    const rows: string[][] = [["Domain / objective", "Weight", "Items", "Share", "D1", "D2", "D3", "D4", "D5"]];
    let outside = 0;
    for (const d of exam.domains) {
      const pct = total ? (d.items / total) * 100 : undefined;
      const off = pct !== undefined && (pct < d.weight.min || pct > d.weight.max);
      if (off) outside++;
      const share = pct === undefined ? "-" : `${Math.round(pct)}%${off ? " *" : ""}`;
      rows.push([d.id, `${d.weight.min}-${d.weight.max}%`, String(d.items), share, ...([1, 2, 3, 4, 5] as const).map((k) => String(d.difficulties[k]))]);
      for (const [id, n] of Object.entries(d.objectives)) rows.push([`  ${id}`, "", String(n), "", "", "", "", "", ""]);
    }
    const sum = ([1, 2, 3, 4, 5] as const).map((k) => String(exam.domains.reduce((n, d) => n + d.difficulties[k], 0)));
    rows.push(["Total", "", String(total), total ? "100%" : "-", ...sum]);
    const note = outside ? `* share of items outside the domain's blueprint weight range (${outside} domain${outside === 1 ? "" : "s"})\n` : "";
    const types = new Map<string, number>();
    for (const d of exam.domains) for (const [t, n] of Object.entries(d.types ?? {})) types.set(t, (types.get(t) ?? 0) + n);
    const byType = `By type: ${[...types].map(([t, n]) => `${t} ${n}`).join(", ") || "-"}`;
    parts.push(`${exam.code}  ${exam.title}  (${total} item${total === 1 ? "" : "s"})\n\n${table(rows, [false, true, true, true, true, true, true, true, true])}\n${byType}\n${note}`);
  }
  return parts.length ? `${parts.join("\n")}` : "no exams found\n";
}

runIfMain(import.meta.url, (argv) => main(argv));
