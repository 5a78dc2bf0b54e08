/**
 * writeTransaction (sqlite-writer.server.ts): one synchronous write transaction on the writer
 * connection, retried with an asynchronous backoff while another connection holds the lock.
 */
import Database from "better-sqlite3";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDb, type TestDb } from "../../tests/setup/test-db";

// The writer opens DATABASE_URL's file (tests/setup/test-db.ts explains the dynamic import).
const db: TestDb = createTestDb();
process.env.DATABASE_URL = db.url;
delete (globalThis as { __sqliteWriter?: unknown }).__sqliteWriter; // never reuse another file's connection
const { WriteBusyError, closeWriter, sqlDate, writeTransaction } = await import("./sqlite-writer.server");

/** Other connections to the same file, closed after each test. */
const others: Database.Database[] = [];
function otherConnection(): Database.Database {
  const c = new Database(db.file, { fileMustExist: true, timeout: 0 });
  others.push(c);
  return c;
}
afterEach(() => {
  for (const c of others.splice(0)) {
    if (c.inTransaction) c.exec("ROLLBACK");
    c.close();
  }
});
afterAll(async () => {
  closeWriter();
  await db.cleanup();
});

let users = 0;
function insertUser(conn: Database.Database, id = `writer-user-${++users}`): string {
  conn
    .prepare(`INSERT INTO User (id, email, passwordHash, createdAt, desiredRetention, sessionSize, allowEasy) VALUES (?, ?, 'x', ?, 0.9, 20, 0)`)
    .run(id, `${id}@example.com`, sqlDate(new Date()));
  return id;
}
const userExists = async (id: string) => (await db.prisma.user.findUnique({ where: { id } })) !== null;

/** Counts timer callbacks while `during` runs: proof that the event loop kept turning. */
async function countTicks<T>(during: () => Promise<T>): Promise<{ result: T; ticks: number; ms: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const start = performance.now();
  try {
    const result = await during();
    return { result, ticks, ms: performance.now() - start };
  } finally {
    clearInterval(timer);
  }
}

describe("writeTransaction", () => {
  it("commits what fn writes, returns its result, and Prisma reads the rows", async () => {
    const id = await writeTransaction((conn) => insertUser(conn));
    expect(await userExists(id)).toBe(true);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(user.createdAt).toBeInstanceOf(Date); // sqlDate: a DateTime Prisma can read
    expect(Number.isNaN(user.createdAt.getTime())).toBe(false);
  });

  it("rolls back everything fn wrote when it throws, and rethrows its error", async () => {
    const failure = new Error("fn failed");
    let written: string[] = [];
    await expect(
      writeTransaction((conn) => {
        written = [insertUser(conn), insertUser(conn)];
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(written).toHaveLength(2);
    for (const id of written) expect(await userExists(id)).toBe(false);
    // The connection is usable again (no transaction left open).
    const id = await writeTransaction((conn) => {
      expect(conn.inTransaction).toBe(true);
      return insertUser(conn);
    });
    expect(await userExists(id)).toBe(true);
  });

  it("enforces foreign keys", async () => {
    await expect(
      writeTransaction((conn) =>
        conn
          .prepare(`INSERT INTO LearnerRating (userId, domainId, rating, answers) VALUES (?, ?, 0, 1)`)
          .run("no-such-user", "no-such-domain"),
      ),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it("waits without blocking the event loop while another connection holds the write lock, then writes", async () => {
    const other = otherConnection();
    other.exec("BEGIN IMMEDIATE");
    const heldBy = insertUser(other);
    setTimeout(() => other.exec("COMMIT"), 50);
    let calls = 0;
    const { result: id, ticks, ms } = await countTicks(() =>
      writeTransaction((conn) => {
        calls++;
        return insertUser(conn);
      }),
    );
    expect(ms).toBeGreaterThanOrEqual(40);
    expect(ms).toBeLessThan(1_000);
    expect(ticks).toBeGreaterThanOrEqual(3); // a 5 ms timer kept firing during the ~50 ms wait
    expect(calls).toBe(1); // BEGIN IMMEDIATE failed: fn only ran once the lock was free
    expect(await userExists(id)).toBe(true);
    expect(await userExists(heldBy)).toBe(true);
  });

  it("retries the whole transaction when COMMIT finds a reader's shared lock (better-sqlite3 rolls back)", async () => {
    const reader = otherConnection();
    reader.exec("BEGIN");
    reader.prepare("SELECT COUNT(*) FROM User").get(); // holds a SHARED lock until its transaction ends
    setTimeout(() => reader.exec("COMMIT"), 50);
    let calls = 0;
    const fixedId = "writer-commit-retry";
    const { result, ticks, ms } = await countTicks(() =>
      writeTransaction((conn) => {
        calls++;
        // Had a failed attempt not been rolled back, this insert would hit the primary key.
        insertUser(conn, fixedId);
        return conn.prepare(`SELECT COUNT(*) FROM User WHERE id = ?`).pluck().get(fixedId);
      }),
    );
    expect(result).toBe(1);
    expect(calls).toBeGreaterThan(1);
    expect(ms).toBeGreaterThanOrEqual(40);
    expect(ms).toBeLessThan(1_000);
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(await db.prisma.user.count({ where: { id: fixedId } })).toBe(1);
  });

  it("gives up with a clear error after the limit, having written nothing", async () => {
    const other = otherConnection();
    other.exec("BEGIN IMMEDIATE");
    let attempted = "";
    const { result: error, ticks, ms } = await countTicks(() =>
      writeTransaction(
        (conn) => {
          attempted = insertUser(conn);
        },
        { maxWaitMs: 150 },
      ).then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(WriteBusyError);
    expect((error as Error).message).toMatch(/database is busy: another connection held the write lock for \d+ ms \(\d+ attempts\); the write was not made/);
    expect((error as Error).message).toMatch(/locked/);
    expect(ms).toBeGreaterThanOrEqual(100);
    expect(ms).toBeLessThan(1_000);
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(attempted).toBe(""); // fn never ran
    other.exec("ROLLBACK");
    // Once the lock is gone, writes go through again.
    const id = await writeTransaction((conn) => insertUser(conn));
    expect(await userExists(id)).toBe(true);
  });

  it("does not deadlock with a Prisma interactive transaction of this process that holds the lock across awaits", async () => {
    const prisma: PrismaClient = db.prisma;
    let prismaWrote = false;
    const prismaTx = prisma.$transaction(async (tx) => {
      await tx.user.create({ data: { id: "prisma-tx-user-1", email: "prisma-tx-1@example.com", passwordHash: "x" } });
      prismaWrote = true;
      await sleep(60); // holds the write lock while the event loop runs the writer's retries
      await tx.user.create({ data: { id: "prisma-tx-user-2", email: "prisma-tx-2@example.com", passwordHash: "x" } });
    });
    while (!prismaWrote) await sleep(1);
    const { result: id, ms } = await countTicks(() => writeTransaction((conn) => insertUser(conn)));
    await prismaTx;
    expect(ms).toBeGreaterThanOrEqual(40);
    expect(ms).toBeLessThan(2_000);
    expect(await userExists(id)).toBe(true);
    expect(await prisma.user.count({ where: { id: { in: ["prisma-tx-user-1", "prisma-tx-user-2"] } } })).toBe(2);
  });
});
