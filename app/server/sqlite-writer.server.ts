/**
 * A second, writable better-sqlite3 connection to the app's SQLite file, for the hot write path
 * of answering a question (docs/decisions/006-answer-writes-outside-prisma.md). Everything else
 * writes through Prisma (db.server.ts); both connections write the same file, so SQLite's locks
 * serialise them.
 *
 * Work on this connection is synchronous: `writeTransaction(fn)` runs `fn` between BEGIN
 * IMMEDIATE and COMMIT without yielding to the event loop, so the write lock is never held
 * across an `await`. The connection never busy-waits (`timeout: 0`): while another connection
 * holds the lock (a Prisma interactive transaction of another request, the import CLI, another
 * process), SQLite answers SQLITE_BUSY at once and writeTransaction waits with an asynchronous
 * backoff, letting the event loop run, and so letting a Prisma transaction of this same process
 * finish and release the lock. A synchronous busy wait would block that very event loop: the
 * two would wait on each other until the timeout.
 *
 * Rows written here are read by Prisma, so values must be stored as Prisma stores them:
 * DateTime as ISO 8601 text with "+00:00" (`sqlDate`), Boolean as 1/0, ids from `cuid()`
 * (answers.server.ts), and every `@default`/`@updatedAt` column written explicitly where the SQL
 * default would differ (a DateTime default is `CURRENT_TIMESTAMP`, another text format).
 */
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { connectionFor, type FileConnection } from "./sqlite-connection.server";

/** How long writeTransaction keeps retrying a busy database before it gives up (Prisma's own busy timeout is 5 s too). */
export const WRITE_BUSY_MAX_WAIT_MS = 5_000;
const FIRST_BACKOFF_MS = 2;
const MAX_BACKOFF_MS = 50;

/** The database stayed locked by another connection for longer than writeTransaction waits. */
export class WriteBusyError extends Error {
  constructor(
    readonly waitedMs: number,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `The database is busy: another connection held the write lock for ${Math.round(waitedMs)} ms (${attempts} attempts); ` +
        `the write was not made. Last error: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = "WriteBusyError";
  }
}

type Writer = FileConnection;

// Kept across dev-server reloads like the Prisma client; reopened when DATABASE_URL points
// elsewhere or the file was replaced (tests and benches recreate databases).
const globalForWriter = globalThis as unknown as { __sqliteWriter?: Writer };

function writer(): Writer {
  return (globalForWriter.__sqliteWriter = connectionFor(globalForWriter.__sqliteWriter, (file, ino) => {
    // timeout 0: never busy-wait (see the module comment); writeTransaction retries instead.
    const db = new Database(file, { fileMustExist: true, timeout: 0 });
    db.pragma("foreign_keys = ON");
    return { db, file, ino };
  }));
}

/** Closes the writer connection (tests and benches that replace or delete the database file). */
export function closeWriter(): void {
  const w = globalForWriter.__sqliteWriter;
  if (w?.db.open) w.db.close();
  globalForWriter.__sqliteWriter = undefined;
}

const stats = { transactions: 0, busyRetries: 0, busyWaitMs: 0, gaveUp: 0 };

/** Counters since the process started: committed transactions, busy retries and the time spent waiting (benches, diagnostics). */
export function writerStats(): Readonly<typeof stats> {
  return { ...stats };
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** A synchronous result: an async `fn` would write its later part outside the transaction (a type error). */
type NotPromise<T> = T extends PromiseLike<unknown> ? never : T;

/**
 * Runs `fn` in one write transaction (BEGIN IMMEDIATE ... COMMIT) on the writer connection and
 * returns its result. `fn` must be synchronous and must not await. When `fn` throws, everything
 * it wrote is rolled back and the error is rethrown.
 *
 * When the database is locked by another connection, at BEGIN or at COMMIT (a reader still holds
 * its shared lock; better-sqlite3 then rolls the transaction back), the whole transaction is
 * retried after 2, 4, 8 ... 50 ms, asynchronously, for up to `maxWaitMs`; after that it throws
 * WriteBusyError. `fn` may therefore run more than once, each time in a fresh transaction: it
 * must read what it needs inside the transaction and keep no side effects outside the database.
 */
export async function writeTransaction<T>(fn: (db: Database.Database) => NotPromise<T>, opts: { maxWaitMs?: number } = {}): Promise<T> {
  const maxWaitMs = opts.maxWaitMs ?? WRITE_BUSY_MAX_WAIT_MS;
  const start = performance.now();
  let backoff = FIRST_BACKOFF_MS;
  for (let attempt = 1; ; attempt++) {
    const { db } = writer();
    try {
      const result = db.transaction(() => fn(db)).immediate();
      stats.transactions++;
      if (attempt > 1) stats.busyWaitMs += performance.now() - start;
      return result;
    } catch (e) {
      if (!isBusy(e)) throw e;
      const waited = performance.now() - start;
      if (waited + backoff > maxWaitMs) {
        stats.gaveUp++;
        stats.busyWaitMs += waited;
        throw new WriteBusyError(waited, attempt, e);
      }
      stats.busyRetries++;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}

const statementCache = new WeakMap<Database.Database, Map<(db: Database.Database) => unknown, unknown>>();

/**
 * The statements `prepare` makes for this connection, prepared once per connection and reused
 * (`prepare` must be a module-level function: it is the cache key).
 */
export function cachedStatements<T>(db: Database.Database, prepare: (db: Database.Database) => T): T {
  let byFactory = statementCache.get(db);
  if (!byFactory) statementCache.set(db, (byFactory = new Map()));
  let stmts = byFactory.get(prepare) as T | undefined;
  if (stmts === undefined) byFactory.set(prepare, (stmts = prepare(db)));
  return stmts;
}

/** A DateTime as Prisma's SQLite adapter stores it: ISO 8601 text, "+00:00" instead of "Z". */
export function sqlDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
export function sqlDateOrNull(d: Date | null | undefined): string | null {
  return d ? sqlDate(d) : null;
}

/** A DateTime column as read with better-sqlite3 (ISO text as Prisma writes it, or epoch milliseconds). */
export function fromSqlDate(v: string | number | bigint): Date {
  return typeof v === "string" ? new Date(v) : new Date(Number(v));
}
export function fromSqlDateOrNull(v: string | number | bigint | null): Date | null {
  return v === null || v === undefined ? null : fromSqlDate(v);
}
