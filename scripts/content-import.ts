/**
 * `npm run content:import [-- --dir content]`: validate and load content into the database.
 * Also run by `npm start`. Refuses invalid content with the same messages as content:check.
 */
import path from "node:path";
import cliProgress from "cli-progress";
import { runIfMain } from "../app/core/content/cli";
import { formatProblem } from "../app/core/content/problems";

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const dirFlag = argv.indexOf("--dir");
  const dir = path.resolve(dirFlag >= 0 && argv[dirFlag + 1] ? argv[dirFlag + 1] : "content");
  const { prisma } = await import("../app/server/db.server");
  const { importContent } = await import("../app/server/content-import.server");
  const bar = out.isTTY
    ? new cliProgress.SingleBar({ format: "  importing [{bar}] {value}/{total} items", hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  let started = false;
  const t0 = Date.now();
  try {
    const result = await importContent(prisma, dir, (done, total) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
    bar?.stop();
    if (!result.ok) {
      for (const p of result.problems) err.write(formatProblem(p, path.relative(process.cwd(), dir) + "/") + "\n");
      err.write(`\nContent import refused: fix the errors above (nothing was written). Run \`npm run content:check\` to re-check.\n`);
      return 1;
    }
    for (const e of result.summary.exams) {
      if (e.folderRemoved) out.write(`  ${e.code}: folder no longer in the content: ${e.retired} items retired (history kept; they come back with the folder)\n`);
      else out.write(`  ${e.code}: ${e.created} new, ${e.updated} updated, ${e.unchanged} unchanged, ${e.revived} revived, ${e.retired} retired\n`);
    }
    const warnings = result.summary.warnings.filter((p) => p.severity === "warning").length;
    out.write(`  content imported in ${((Date.now() - t0) / 1000).toFixed(1)} s${warnings ? ` (${warnings} warnings: run npm run content:check)` : ""}\n`);
    return 0;
  } finally {
    await prisma.$disconnect();
  }
}

runIfMain(import.meta.url, (argv) => main(argv));
