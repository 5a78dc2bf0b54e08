/**
 * A fresh SQLite database for a unit test, built by running every
 * prisma/migrations/<name>/migration.sql in name order with better-sqlite3 (no Prisma CLI,
 * a few milliseconds per database).
 *
 *   const db = createTestDb();
 *   afterAll(() => db.cleanup());
 *   await importContent(db.prisma, dir);
 *
 * Prefer testing functions that take a PrismaClient (or a transaction client) and passing
 * `db.prisma`. Modules that use the singleton of app/server/db.server.ts (practice.server.ts,
 * reports.server.ts, ...) build that client from process.env.DATABASE_URL when db.server.ts is
 * first imported, so such a test must set the variable first and import them dynamically:
 *
 *   const db = createTestDb();
 *   process.env.DATABASE_URL = db.url;
 *   const { answerQuestion } = await import("~/server/practice.server");
 *
 * A static `import` is hoisted above that assignment and would open the wrong file. Vitest runs
 * each test file in its own module graph, so one test file gets one singleton database.
 *
 * For the same reason this helper does not import db.server.ts: `testPrisma(url)` is
 * createPrisma(url) (the same adapter and options) without the import-time singleton, which
 * would otherwise be created from DATABASE_URL (default data/baseline.db) as soon as a test file
 * imported this helper, before it had a chance to point DATABASE_URL at its test database.
 */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

export type TestDb = {
  /** `file:/tmp/baseline-test-.../test.db`, for DATABASE_URL or createPrisma. */
  url: string;
  /** Absolute path of the SQLite file. */
  file: string;
  prisma: PrismaClient;
  /** Row counts and a checksum of every row of every table, read with a separate connection. */
  snapshot: () => DbSnapshot;
  /** Disconnects the client and deletes the database folder. Safe to call twice. */
  cleanup: () => Promise<void>;
};

/** The migration SQL files in the order Prisma applies them (folder names sort by timestamp). */
export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort()
    .map((name) => path.join(dir, name, "migration.sql"))
    .filter((file) => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    });
}

/** Creates an empty, fully migrated database file and returns its URL (no Prisma client). */
export function createMigratedDbFile(): { url: string; file: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "baseline-test-"));
  const file = path.join(dir, "test.db");
  const sqlite = new Database(file);
  try {
    sqlite.pragma("foreign_keys = ON");
    for (const migration of migrationFiles()) sqlite.exec(readFileSync(migration, "utf8"));
  } finally {
    sqlite.close();
  }
  return { url: `file:${file}`, file, dir };
}

export type DbSnapshot = {
  /** Rows per table. */
  counts: Record<string, number>;
  /** SHA-256 over every table's rows in rowid order (column values, dates and blobs included). */
  checksum: string;
  /** SHA-256 per table, to tell which table changed. */
  tables: Record<string, string>;
};

/** Reads every user table of a SQLite file (read-only) into counts and checksums. */
export function snapshotDb(file: string): DbSnapshot {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = (
      sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
    const counts: Record<string, number> = {};
    const tables: Record<string, string> = {};
    const all = createHash("sha256");
    for (const name of names) {
      const rows = sqlite.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`).raw().all() as unknown[][];
      const text = JSON.stringify(rows, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
      counts[name] = rows.length;
      tables[name] = createHash("sha256").update(text).digest("hex");
      all.update(`${name}\n${text}\n`);
    }
    return { counts, checksum: all.digest("hex"), tables };
  } finally {
    sqlite.close();
  }
}

/** Exactly app/server/db.server.ts createPrisma(url), without importing that module. */
export function testPrisma(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

export function createTestDb(): TestDb {
  const { url, file, dir } = createMigratedDbFile();
  const prisma = testPrisma(url);
  let cleaned = false;
  return {
    url,
    file,
    prisma,
    snapshot: () => snapshotDb(file),
    cleanup: async () => {
      if (cleaned) return;
      cleaned = true;
      await prisma.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh test database behind the app's own `db.server.ts` singleton, which is created from
 * DATABASE_URL when that module is first imported: call this before importing (dynamically) any
 * server module that uses it. The client another test file created is never reused.
 */
export function createSingletonTestDb(): TestDb {
  const db = createTestDb();
  process.env.DATABASE_URL = db.url;
  delete (globalThis as { __prisma?: PrismaClient }).__prisma;
  return db;
}
