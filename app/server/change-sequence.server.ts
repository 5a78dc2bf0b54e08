/**
 * The change sequence: database triggers (prisma/migrations/20261122030000_change_sequence) number
 * every insert and update of an Item or Card row from one counter, `SyncCounter.seq`, into the
 * row's `changeSeq`, and record every delete in `SyncCounter.lastDeleteSeq`. SQLite lets one
 * transaction write at a time, so the numbers follow commit order: a reader that saw seq = N
 * has seen every change numbered up to N, and `changeSeq > N` is exactly what changed since.
 * The selector cache (practice.server.ts) refreshes by it.
 *
 * Prisma does not model triggers. A later migration that re-creates Item or Card (Prisma's
 * "RedefineTables" for most column changes on SQLite) drops them and must create them again;
 * the cache refuses to run without them (missingChangeTriggers) rather than serve stale data.
 */
import type Database from "better-sqlite3";

export const CHANGE_SEQUENCE_TRIGGERS: readonly string[] = ["Item", "Card"].flatMap((t) => ["insert", "update", "delete"].map((op) => `${t}_changeSeq_${op}`));

/** The change-sequence triggers this database lacks (none when it is fully migrated). */
export function missingChangeTriggers(db: Database.Database): string[] {
  const present = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[]);
  return CHANGE_SEQUENCE_TRIGGERS.filter((t) => !present.has(t));
}

/** Reads `SyncCounter`: the last number handed out and the number of the last delete. */
export const CHANGE_COUNTER_SQL = `SELECT seq, lastDeleteSeq FROM SyncCounter WHERE id = 1`;

/** `SyncCounter` as it stands (tests, diagnostics; the selector cache prepares CHANGE_COUNTER_SQL once). */
export function readChangeCounter(db: Database.Database): { seq: number; lastDeleteSeq: number } {
  const row = db.prepare(CHANGE_COUNTER_SQL).get() as { seq: number; lastDeleteSeq: number } | undefined;
  if (!row) throw new Error("SyncCounter has no row 1: the change-sequence migration (20261122030000_change_sequence) has not been applied.");
  return row;
}
