/**
 * Content import at scale: a synthetic tree of 10,000 valid AZ-104 items (the real exam.yaml)
 * imported into a fresh SQLite database with the real importer, three times:
 *   1. first import (everything created),
 *   2. re-import with nothing changed,
 *   3. re-import with 100 items changed and 100 removed (retired).
 * Floor, measured in the same process: the same database work done with raw better-sqlite3
 * prepared statements in one transaction (inserting the same rows; reading the stored hashes;
 * the 100 updates and 100 retirements). Loading and validating the files (checkContent) is the
 * same code either way; it is timed on its own so the database share of the import is visible.
 *
 *   npx tsx bench/import.bench.ts [items=10000]
 *
 * Also exports the helpers the practice bench shares (fresh databases from the migration SQL,
 * the synthetic content generator, and loading the server modules against a temp database).
 */
import Database from "better-sqlite3";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp, mkdir, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkContent } from "../app/core/content/validate";
import { parseItem } from "../app/core/content/parse-item";
import { itemContentHash } from "../app/core/content/import-plan";
import type { ExamDefinition, Item } from "../app/core/content/schema";
import { initialItemRating } from "../app/core/progress/rating";
import { mulberry32 } from "../app/core/selector/random";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const AZ104_EXAM_YAML = path.join(REPO_ROOT, "content/AZ-104/exam.yaml");
export const IMPORT_BUDGET_S = 60; // "seconds, not minutes" for 10,000 items

// ---------------------------------------------------------------------------------------
// temp databases

/** Every migration's SQL, in order (what `prisma migrate deploy` would apply). */
export function migrationScripts(): string[] {
  const dir = path.join(REPO_ROOT, "prisma/migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

/** A fresh SQLite file with the schema (all migrations applied). Returns its `file:` URL. */
export function createTempDatabase(file: string): string {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    for (const sql of migrationScripts()) db.exec(sql);
  } finally {
    db.close();
  }
  return `file:${file}`;
}

/**
 * One temp folder per process for the benches' databases and content, removed on exit.
 * BENCH_KEEP_DIR=<folder> uses that folder instead and keeps it (to inspect the databases).
 */
let benchDir: string | undefined;
export function benchTempDir(): string {
  if (!benchDir) {
    const keep = process.env.BENCH_KEEP_DIR;
    benchDir = keep ? path.resolve(keep) : path.join(os.tmpdir(), `baseline-bench-${process.pid}`);
    mkdirSync(benchDir, { recursive: true });
    if (!keep) process.once("exit", () => rmSync(benchDir!, { recursive: true, force: true }));
  }
  return benchDir;
}

/**
 * The database the server modules' `prisma` singleton (app/server/db.server.ts) uses in this
 * process. db.server.ts builds it from DATABASE_URL when first imported, so DATABASE_URL is
 * pointed here before any server module is loaded (never at the developer's data/ database).
 * The practice bench fills it; the import bench only needs `createPrisma`.
 */
export const APP_DB_FILE = () => path.join(benchTempDir(), "app.db");

export async function importServer() {
  if (!(globalThis as { __baselineBenchServer?: boolean }).__baselineBenchServer) {
    process.env.DATABASE_URL = `file:${APP_DB_FILE()}`;
    (globalThis as { __baselineBenchServer?: boolean }).__baselineBenchServer = true;
  }
  const db = await import("../app/server/db.server");
  const importer = await import("../app/server/content-import.server");
  return { ...db, ...importer };
}

// ---------------------------------------------------------------------------------------
// synthetic content

const VOCABULARY = Array.from({ length: 900 }, (_, k) => `w${k.toString(36)}`);
const SCENARIOS = [
  "You manage a subscription for a team that runs line-of-business workloads.",
  "Your company has an Azure tenant with several resource groups in two regions.",
  "An administrator must configure access for a new project without granting more than needed.",
  "A web application must stay available while the team changes its configuration.",
  "You are preparing a checklist for a migration to Azure and review the current setup.",
];

export type SyntheticItemFile = { id: string; domain: string; relPath: string; text: string };

/**
 * `count` valid, distinct items spread over every AZ-104 domain and objective (single and
 * multiple answer, 3-5 options, references, rationales, reviewed). `variant` changes an item's
 * text (so its content hash changes) without changing its id.
 */
export function syntheticItems(count: number, opts: { seed?: number; variant?: (index: number) => number } = {}): SyntheticItemFile[] {
  const exam = readFileSync(AZ104_EXAM_YAML, "utf8");
  // Domains and objectives from the real exam.yaml (ids only; the loader validates the rest).
  const objectives: { domain: string; objective: string }[] = [];
  let domain = "";
  for (const line of exam.split("\n")) {
    const d = /^ {2}- id: (\S+)/.exec(line);
    if (d) domain = d[1];
    const o = /^ {6}- id: (\S+)/.exec(line);
    if (o && domain) objectives.push({ domain, objective: o[1] });
  }
  if (objectives.length < 5) throw new Error(`could not read the objectives of ${AZ104_EXAM_YAML}`);
  const rand = mulberry32(opts.seed ?? 104);
  const word = () => VOCABULARY[Math.floor(rand() * rand() * VOCABULARY.length)];
  const out: SyntheticItemFile[] = [];
  for (let i = 0; i < count; i++) {
    const o = objectives[i % objectives.length];
    const id = `az104-${o.domain}-s${String(i).padStart(5, "0")}`;
    const v = opts.variant?.(i) ?? 0;
    const n = 3 + (i % 3);
    const multiple = i % 4 === 3;
    const correct = multiple ? [0, 2] : [i % n];
    const options = Array.from({ length: n }, (_, k) => {
      const isCorrect = correct.includes(k);
      return [
        `  - id: ${String.fromCharCode(97 + k)}`,
        `    text: Option ${k + 1} of case ${i}, ${word()} ${word()} ${word()} ${word()}${v ? ` (revision ${v + 1})` : ""}`,
        ...(isCorrect ? ["    correct: true"] : []),
        `    rationale: >-`,
        `      ${isCorrect ? "This meets the requirement because" : "This does not meet the requirement because"} ${Array.from({ length: 14 }, word).join(" ")}.`,
      ].join("\n");
    });
    const tail = Array.from({ length: 40 }, word).join(" ");
    const text = `---
id: ${id}
exam: AZ-104
domain: ${o.domain}
objective: ${o.objective}
type: ${multiple ? "multiple" : "single"}
${multiple ? "choose: 2\n" : ""}difficulty: ${1 + Math.floor(rand() * 5)}
options:
${options.join("\n")}
references:
  - https://learn.microsoft.com/en-us/azure/bench/${o.domain}/${i}
provenance:
  kind: original
revision: ${v + 1}
reviewed:
  by: "Benchmark generator"
  on: 2026-11-22
---
${SCENARIOS[i % SCENARIOS.length]} Case ${i}${v ? `, revision ${v + 1}` : ""}: ${tail}.

${multiple ? "Which two actions should you perform? Each correct answer presents part of the solution." : "What should you do?"}

## Explanation
The keyed answer follows from the documented behaviour: ${Array.from({ length: 30 }, word).join(" ")}.
See the reference for the limits that apply.
`;
    out.push({ id, domain: o.domain, relPath: `AZ-104/items/${o.domain}/${id}.md`, text });
  }
  return out;
}

/** Write the exam.yaml and the item files under `root`. */
export async function writeContentTree(root: string, items: SyntheticItemFile[]): Promise<void> {
  await mkdir(path.join(root, "AZ-104/items"), { recursive: true });
  await writeFile(path.join(root, "AZ-104/exam.yaml"), readFileSync(AZ104_EXAM_YAML, "utf8"));
  const dirs = new Set(items.map((i) => path.dirname(i.relPath)));
  for (const d of dirs) await mkdir(path.join(root, d), { recursive: true });
  const writes: Promise<void>[] = [];
  for (const item of items) {
    writes.push(writeFile(path.join(root, item.relPath), item.text));
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

// ---------------------------------------------------------------------------------------
// the floor: the same rows with raw prepared statements

const domainRowId = (exam: string, domain: string) => `${exam}/${domain}`;
const objectiveRowId = (exam: string, domain: string, objective: string) => `${exam}/${domain}/${objective}`;

function itemParams(item: Item, now: string) {
  return [
    item.id,
    item.exam,
    domainRowId(item.exam, item.domain),
    item.objective ? objectiveRowId(item.exam, item.domain, item.objective) : null,
    item.type,
    item.options.filter((o) => o.correct).length,
    item.difficulty,
    item.stem,
    item.explanation,
    JSON.stringify(item.references),
    JSON.stringify(item.provenance),
    item.revision,
    item.file,
    itemContentHash(item),
    initialItemRating(item.difficulty),
    now,
  ];
}

let optionSeq = 0;
function insertOptions(stmt: Database.Statement, item: Item) {
  item.options.forEach((o, position) => stmt.run(`opt${++optionSeq}`, item.id, o.id, o.text, o.correct ? 1 : 0, o.rationale ?? "", position));
}

/** How the Prisma SQLite adapter stores a DateTime (ISO 8601 text). */
export const sqlDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** First import, raw: exam, domains, objectives, items and options in one transaction. */
export function insertContentRaw(db: Database.Database, exam: ExamDefinition, items: Item[]): void {
  const now = sqlDate(new Date());
  const insExam = db.prepare(
    `INSERT INTO Exam (id,title,vendor,status,blueprintVersion,scoreMin,scoreMax,passingScore,mockMinutes,mockQuestions,definition,contentHash,updatedAt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insDomain = db.prepare(`INSERT INTO Domain (id,examId,key,name,short,weightMin,weightMax,position) VALUES (?,?,?,?,?,?,?,?)`);
  const insObjective = db.prepare(`INSERT INTO Objective (id,domainId,key,name,position) VALUES (?,?,?,?,?)`);
  const insItem = db.prepare(
    `INSERT INTO Item (id,examId,domainId,objectiveId,type,choose,difficulty,stem,explanation,"references",provenance,revision,file,contentHash,rating,updatedAt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insOption = db.prepare(`INSERT INTO ItemOption (id,itemId,key,text,correct,rationale,position) VALUES (?,?,?,?,?,?,?)`);
  db.transaction(() => {
    insExam.run(exam.code, exam.title, exam.vendor, exam.status, String(exam.blueprint.version), exam.score.min, exam.score.max, exam.score.passing, exam.mock.durationMinutes, exam.mock.questions, JSON.stringify(exam), "hash", now);
    exam.domains.forEach((d, position) => {
      insDomain.run(domainRowId(exam.code, d.id), exam.code, d.id, d.name, d.short ?? null, d.weight.min, d.weight.max, position);
      d.objectives.forEach((o, p) => insObjective.run(objectiveRowId(exam.code, d.id, o.id), domainRowId(exam.code, d.id), o.id, o.name, p));
    });
    for (const item of items) {
      insItem.run(...itemParams(item, now));
      insertOptions(insOption, item);
    }
  })();
}

/** Re-import, raw: read the stored hashes and apply the differences (updates and retirements). */
function floorReimport(db: Database.Database, items: Item[]): { changed: number; retired: number } {
  const now = sqlDate(new Date());
  const select = db.prepare(`SELECT id, contentHash, retired FROM Item WHERE examId = ?`);
  const update = db.prepare(
    `UPDATE Item SET examId=?,domainId=?,objectiveId=?,type=?,choose=?,difficulty=?,stem=?,explanation=?,"references"=?,provenance=?,revision=?,file=?,contentHash=?,retired=0,updatedAt=? WHERE id=?`,
  );
  const delOptions = db.prepare(`DELETE FROM ItemOption WHERE itemId = ?`);
  const insOption = db.prepare(`INSERT INTO ItemOption (id,itemId,key,text,correct,rationale,position) VALUES (?,?,?,?,?,?,?)`);
  const retire = db.prepare(`UPDATE Item SET retired = 1, updatedAt = ? WHERE id = ?`);
  let changed = 0;
  let retired = 0;
  db.transaction(() => {
    const stored = new Map((select.all("AZ-104") as { id: string; contentHash: string; retired: number }[]).map((r) => [r.id, r]));
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(item.id);
      const hash = itemContentHash(item);
      const row = stored.get(item.id);
      if (row && row.contentHash === hash && !row.retired) continue;
      const p = itemParams(item, now);
      update.run(p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], now, item.id);
      delOptions.run(item.id);
      insertOptions(insOption, item);
      changed++;
    }
    for (const row of stored.values()) {
      if (!row.retired && !seen.has(row.id)) {
        retire.run(now, row.id);
        retired++;
      }
    }
  })();
  return { changed, retired };
}

// ---------------------------------------------------------------------------------------
// the bench

export type ImportBenchFigures = {
  items: number;
  options: number;
  /** checkContent (read + parse + validate the files), timed on its own; part of every import. */
  checkS: number;
  firstS: number;
  unchangedS: number;
  changedS: number;
  floorFirstS: number;
  floorUnchangedS: number;
  floorChangedS: number;
  /** importContent / floor (floor = raw SQL writes only). */
  ratioFirst: number;
  /** (importContent - checkContent) / floor, first import: the importer's database work against the raw inserts. */
  ratioFirstDb: number;
  writeTreeS: number;
  budgetS: number;
  withinBudget: boolean;
  loadAverage: number;
};

export async function run(opts: { items?: number; quiet?: boolean; keep?: boolean } = {}): Promise<ImportBenchFigures> {
  const count = opts.items ?? 10_000;
  const log = (s: string) => {
    if (!opts.quiet) console.log(s);
  };
  const { createPrisma, importContent } = await importServer();
  const root = await mkdtemp(path.join(benchTempDir(), "import-"));
  const contentDir = path.join(root, "content");
  try {
    let t = performance.now();
    const files = syntheticItems(count);
    await writeContentTree(contentDir, files);
    const writeTreeS = (performance.now() - t) / 1000;

    // Loading and validating: the same code in the importer and in any floor.
    t = performance.now();
    const checked = await checkContent(contentDir);
    const checkS = (performance.now() - t) / 1000;
    const errors = checked.problems.filter((p) => p.severity === "error");
    if (errors.length) throw new Error(`synthetic content is invalid: ${JSON.stringify(errors.slice(0, 3))}`);
    const exam = checked.exams[0].exam;
    const items = checked.exams[0].items;
    const options = items.reduce((n, i) => n + i.options.length, 0);

    const url = createTempDatabase(path.join(root, "import.db"));
    const prisma = createPrisma(url);
    const timed = async (label: string) => {
      const s = performance.now();
      const r = await importContent(prisma, contentDir);
      const secs = (performance.now() - s) / 1000;
      if (!r.ok) throw new Error(`${label}: import refused: ${JSON.stringify(r.problems.slice(0, 3))}`);
      return { secs, summary: r.summary.exams[0] };
    };
    const first = await timed("first import");
    const unchanged = await timed("re-import unchanged");

    // 100 items changed (new revision text), 100 removed from the files.
    const step = Math.max(2, Math.floor(count / 100));
    const changedIdx = new Set(Array.from({ length: Math.min(100, Math.floor(count / step)) }, (_, k) => k * step));
    const removed = files.filter((_, i) => i % step === 1).slice(0, changedIdx.size);
    const changedFiles = syntheticItems(count, { variant: (i) => (changedIdx.has(i) ? 1 : 0) }).filter((f, i) => changedIdx.has(i));
    for (const f of changedFiles) await writeFile(path.join(contentDir, f.relPath), f.text);
    for (const f of removed) await unlink(path.join(contentDir, f.relPath));
    const changed = await timed("re-import changed");
    await prisma.$disconnect();
    if (first.summary.created !== count || unchanged.summary.unchanged !== count || changed.summary.updated !== changedIdx.size || changed.summary.retired !== removed.length) {
      throw new Error(`unexpected import summaries: ${JSON.stringify([first.summary, unchanged.summary, changed.summary])}`);
    }

    // Floor: the same database work with raw prepared statements, one transaction each.
    const floorFile = path.join(root, "floor.db");
    createTempDatabase(floorFile);
    const db = new Database(floorFile);
    t = performance.now();
    insertContentRaw(db, exam, items);
    const floorFirstS = (performance.now() - t) / 1000;
    t = performance.now();
    floorReimport(db, items);
    const floorUnchangedS = (performance.now() - t) / 1000;
    // The changed tree's items: the unchanged parsed items plus the 100 changed files parsed the
    // same way (a second checkContent would only re-time the file reading already shown).
    const removedIds = new Set(removed.map((x) => x.id));
    const reparsed = new Map(changedFiles.map((x) => [x.id, parseItem(x.text, x.relPath).item!]));
    const afterItems = items.filter((i) => !removedIds.has(i.id)).map((i) => reparsed.get(i.id) ?? i);
    t = performance.now();
    const f = floorReimport(db, afterItems);
    const floorChangedS = (performance.now() - t) / 1000;
    db.close();
    if (f.changed !== changedIdx.size || f.retired !== removed.length) throw new Error(`floor re-import did ${JSON.stringify(f)}`);

    const r = (x: number) => Math.round(x * 1000) / 1000;
    const figures: ImportBenchFigures = {
      items: count,
      options,
      checkS: r(checkS),
      firstS: r(first.secs),
      unchangedS: r(unchanged.secs),
      changedS: r(changed.secs),
      floorFirstS: r(floorFirstS),
      floorUnchangedS: r(floorUnchangedS),
      floorChangedS: r(floorChangedS),
      ratioFirst: Math.round((first.secs / floorFirstS) * 10) / 10,
      ratioFirstDb: Math.round((Math.max(0, first.secs - checkS) / floorFirstS) * 10) / 10,
      writeTreeS: r(writeTreeS),
      budgetS: IMPORT_BUDGET_S,
      withinBudget: first.secs < IMPORT_BUDGET_S && unchanged.secs < IMPORT_BUDGET_S && changed.secs < IMPORT_BUDGET_S,
      loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    };
    log(`importContent: ${count} items (${options} options), AZ-104 exam.yaml, fresh SQLite database (files written in ${figures.writeTreeS} s)`);
    log(`  first import          ${figures.firstS.toFixed(2).padStart(7)} s   floor (raw inserts, one transaction) ${figures.floorFirstS.toFixed(3)} s`);
    log(`  re-import, unchanged  ${figures.unchangedS.toFixed(2).padStart(7)} s   floor (read stored hashes)            ${figures.floorUnchangedS.toFixed(3)} s`);
    log(`  re-import, 100 changed + 100 removed ${figures.changedS.toFixed(2)} s   floor (100 updates, 100 retirements)  ${figures.floorChangedS.toFixed(3)} s`);
    log(`  of which reading + validating the files (checkContent): ${figures.checkS.toFixed(2)} s per import`);
    log(`  ratio to floor: first ${figures.ratioFirst}x overall, ${figures.ratioFirstDb}x for the database work alone (import - checkContent: ${(figures.firstS - figures.checkS).toFixed(2)} s)`);
    log(`    re-imports: ${(figures.unchangedS / figures.floorUnchangedS).toFixed(0)}x and ${(figures.changedS / figures.floorChangedS).toFixed(0)}x, nearly all of it reading and validating the files again`);
    log(`  budget: each import < ${IMPORT_BUDGET_S} s: ${figures.withinBudget ? "ok" : "OVER"}  (load average ${figures.loadAverage} on ${os.cpus().length} cores)`);
    return figures;
  } finally {
    if (!opts.keep) await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 10_000);
  run({ items: n }).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
