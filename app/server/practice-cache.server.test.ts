/**
 * The selector data cache of practice.server.ts (loadSelectorInput) against a straightforward,
 * uncached reference loader (tests/setup/reference-selector-input.ts: plain Prisma queries, the
 * loader as first written, shared with bench/practice.bench.ts), after each kind of change the
 * cache has to follow: answers, writes from another connection, a write transaction open across a
 * refresh, re-imports, two candidates, two exams, a reset and a replaced database file.
 *
 * Comparison (`expectSameInput`): everything deep and strict (Dates, undefined keys, float bits)
 * except two fields whose order the contract does not fix:
 * - `items` and `cards` are compared as sets (sorted by item id): the original queries had no
 *   ORDER BY and the selector treats them as sets (the cache orders items by domain, rowid and
 *   cards by card rowid). Sessions chosen from both inputs are compared too, as the bench does.
 * Fixed order, compared exactly:
 * - the review-log window (and so `answeredToday` and the float sums of `mastery`) is newest
 *   first, equal `reviewedAt` broken by the later row (higher rowid) first: the order of the
 *   (userId, reviewedAt) index scan, which the cache documents and keeps. The reference sorts
 *   that way explicitly (Prisma cannot order by rowid), and some answers here share a timestamp.
 * - `domains` follows the exam definition; objects (`mastery`, `learnerRatings`, ...) are key-order free.
 */
import Database from "better-sqlite3";
import { renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExamDefinition } from "~/core/content/schema";
import { testExam } from "~/core/content/test-helpers";
import { selectSession, type SelectorInput } from "~/core/selector/selector";
import type { PrismaClient } from "~/generated/prisma/client";
import { createMigratedDbFile, createSingletonTestDb, testPrisma, type TestDb } from "../../tests/setup/test-db";
import { referenceSelectorInput } from "../../tests/setup/reference-selector-input";
import { CLD100_OBJECTIVES, itemPath, tempContentTree, writeGeneratedItems, writeItem, writeSecondExam, type TreeItem } from "../../tests/fixtures/content-tree";
import { importContent } from "./content-import.server";
import { recordAnswer } from "./answers.server";
import { closeWriter, writeTransaction } from "./sqlite-writer.server";

const DAY = 86_400_000;
const NOW = new Date("2026-05-04T09:00:00Z");

// practice.server.ts uses the db.server.ts singleton: point DATABASE_URL at the test database
// first, then import dynamically (tests/setup/test-db.ts).
const db: TestDb = createSingletonTestDb();
delete (globalThis as { __selectorReader?: unknown }).__selectorReader;
const practice = await import("./practice.server");
const { prisma: singleton } = await import("./db.server");

const exam = testExam();
const tree = tempContentTree();
let generated: TreeItem[] = [];
/** The client the reference reads with (replaced with the database file in the last test). */
let ref: PrismaClient = db.prisma;
const extraClients: PrismaClient[] = [];
const extraDirs: string[] = [];

beforeAll(async () => {
  practice.resetSelectorCache();
  generated = writeGeneratedItems(tree.root, 4); // 16 + the fixture's 4 = 20 items
  const result = await importContent(db.prisma, tree.root);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
});
afterAll(async () => {
  practice.resetSelectorCache();
  closeWriter();
  await singleton.$disconnect();
  for (const c of extraClients) await c.$disconnect();
  await db.cleanup();
  for (const d of extraDirs) rmSync(d, { recursive: true, force: true });
  tree.cleanup();
});

/**
 * Items and cards as sets (plain copies sorted by item id); everything else as is, except the
 * cache's `cardIndex` hint, which is checked against its cards instead (expectValidCardIndex).
 */
function normalise(input: SelectorInput) {
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const { cardIndex: _hint, ...rest } = input;
  return {
    ...rest,
    items: input.items.map((i) => ({ ...i })).sort((a, b) => byId(a.id, b.id)),
    cards: input.cards.map((c) => ({ ...c })).sort((a, b) => byId(a.itemId, b.itemId)),
  };
}

/** The cache's card index belongs to its cards: every card at its position, nothing else below their count. */
function expectValidCardIndex(input: SelectorInput, label: string) {
  expect(input.cardIndex, `${label}: cardIndex`).toBeDefined();
  expect(input.cardIndex!.cards, `${label}: cardIndex.cards`).toBe(input.cards);
  const inRange = [...input.cardIndex!.positions].filter(([, at]) => at < input.cards.length);
  expect(new Map(inRange), `${label}: cardIndex.positions`).toEqual(new Map(input.cards.map((c, i) => [c.itemId, i])));
  // Item-aligned: for this very items array, each item's card position or none.
  const { items, itemCards } = input.cardIndex!;
  expect(items, `${label}: cardIndex.items`).toBe(input.items);
  const byItem = new Map(input.cards.map((c, i) => [c.itemId, i]));
  const aligned = input.items.map((_, k) => (itemCards![k] >= 0 && itemCards![k] < input.cards.length ? itemCards![k] : -1));
  expect(aligned, `${label}: cardIndex.itemCards`).toEqual(input.items.map((i) => byItem.get(i.id) ?? -1));
}

/** loadSelectorInput equals the reference, and both choose the same sessions. Returns the cached input. */
async function expectSameInput(userId: string, label: string, now = NOW, ex: ExamDefinition = exam): Promise<SelectorInput> {
  const fast = await practice.loadSelectorInput(userId, ex, now, 8, 7);
  const reference = await referenceSelectorInput(ref, userId, ex, now, 8, 7, { tieBreakFile: db.file });
  expect(normalise(fast), label).toStrictEqual(normalise(reference));
  expectValidCardIndex(fast, label);
  for (const seed of [1, 2, 3]) {
    expect(selectSession({ ...fast, seed }), `${label}: session for seed ${seed}`).toStrictEqual(selectSession({ ...reference, seed }));
  }
  return fast;
}

// ---------------------------------------------------------------------------------------
// candidates and answers

let users = 0;
async function newUser(prisma: PrismaClient = db.prisma, id?: string) {
  users++;
  return prisma.user.create({ data: { ...(id ? { id } : {}), email: `cache${users}@example.com`, passwordHash: "x", sessionSize: 6 } });
}

const correctKeys = async (itemId: string, prisma: PrismaClient = db.prisma) =>
  (await prisma.itemOption.findMany({ where: { itemId, correct: true }, orderBy: { position: "asc" } })).map((o) => o.key);

/** Start a daily session through startPractice and answer its first `count` questions (every third wrong). */
async function practise(userId: string, count: number, now: Date): Promise<string[]> {
  const started = await practice.startPractice(userId, exam, "daily", { size: 6, now });
  if (!started.ok) throw new Error(started.message);
  const session = (await practice.getSession(userId, started.sessionId))!;
  const answered: string[] = [];
  for (const [n, q] of session.questions.slice(0, count).entries()) {
    const right = q.item.options.filter((o) => o.correct).map((o) => o.key);
    const wrong = [q.item.options.find((o) => !o.correct)!.key];
    const at = new Date(now.getTime() + n * 30_000);
    const res = await practice.answerQuestion(userId, started.sessionId, q.id, n % 3 === 2 ? wrong : right, n === 1, 30_000, at);
    expect(res).toEqual({ ok: true });
    answered.push(q.item.id);
  }
  return answered;
}

/**
 * recordAnswer directly (as a mock exam would). On the app's database through its writer
 * (writeTransaction); with `prisma` given (a client on another database file), through a
 * connection of its own to that file.
 */
async function answerDirect(userId: string, itemId: string, correct: boolean, now: Date, prisma?: PrismaClient, file?: string) {
  const right = await correctKeys(itemId, prisma ?? db.prisma);
  const selected = correct ? right : [["a", "b", "c", "d"].find((k) => !right.includes(k))!];
  const input = { userId, itemId, selected, guessed: false, durationMs: 20_000, source: "practice" as const, now };
  if (!file) return writeTransaction((conn) => recordAnswer(conn, input));
  const conn = new Database(file);
  try {
    conn.pragma("foreign_keys = ON");
    return conn.transaction(() => recordAnswer(conn, input)).immediate();
  } finally {
    conn.close();
  }
}

/** A DateTime as the Prisma SQLite adapter stores it (see practice.server.ts `stamp`). */
const sqlDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

// ---------------------------------------------------------------------------------------

describe("selector data cache (loadSelectorInput) against the uncached reference", () => {
  let a = "";
  let b = "";

  it("1. cold, then a second call with nothing changed is an unchanged hit with the same result", async () => {
    a = (await newUser()).id;
    b = (await newUser()).id;
    // Some of the small parts too: a score report, a retake date.
    await db.prisma.scoreReport.create({
      data: { userId: a, examId: exam.code, takenAt: new Date(NOW.getTime() - 30 * DAY), source: "form", results: { create: [{ domainId: "CLD-100/compute", band: "Needs practice", level: "weak" }] } },
    });
    await db.prisma.examPlan.create({ data: { userId: a, examId: exam.code, plannedDate: new Date(NOW.getTime() + 20 * DAY) } });

    const s0 = practice.selectorCacheStats();
    const cold = await expectSameInput(a, "cold");
    const s1 = practice.selectorCacheStats();
    expect(s1.requests - s0.requests).toBe(1);
    expect(s1.candidateLoads - s0.candidateLoads).toBe(1);
    expect(cold.items).toHaveLength(20);
    expect(cold.cards).toHaveLength(0);

    const warm = await expectSameInput(a, "warm, nothing changed");
    const s2 = practice.selectorCacheStats();
    expect(s2.requests - s1.requests).toBe(1);
    expect(s2.unchanged - s1.unchanged).toBe(1);
    expect(s2.deltas - s1.deltas).toBe(0);
    expect(s2.candidateLoads).toBe(s1.candidateLoads);
    expect(s2.examLoads).toBe(s1.examLoads);
    // Unchanged: the very same (frozen) arrays are handed out again.
    expect(warm.items).toBe(cold.items);
    expect(warm.cards).toBe(cold.cards);
  });

  it("2. follows answers through answerQuestion and recordAnswer (cards created and updated, logs appended, ratings moved)", async () => {
    const before = await db.prisma.item.findMany({ where: { examId: exam.code }, select: { id: true, rating: true } });
    const s0 = practice.selectorCacheStats();

    const first = await practise(a, 4, NOW);
    await expectSameInput(a, "after a first session", new Date(NOW.getTime() + 10 * 60_000));
    // The same items again a day later: existing cards updated, logs appended.
    const later = new Date(NOW.getTime() + DAY);
    for (const [n, itemId] of first.entries()) await answerDirect(a, itemId, n % 2 === 0, later);
    // One answer changes one card and one item: a refresh reads those two rows, nothing else.
    await expectSameInput(a, "after answers a day later", later);
    const r0 = practice.selectorCacheStats();
    // Answers in the same millisecond: the window's tie order (later row first) matters.
    await answerDirect(a, first[0], true, later);
    await expectSameInput(a, "after one more answer", later);
    expect(practice.selectorCacheStats().deltaRows - r0.deltaRows).toBe(2);
    await answerDirect(a, generated[0].id, false, later);
    const input = await expectSameInput(a, "after updates, appends and ties", new Date(later.getTime() + 60_000));
    expect(input.answeredToday).toHaveLength(first.length + 2);
    await practise(a, 3, new Date(later.getTime() + 3_600_000));
    await expectSameInput(a, "after a second session", new Date(later.getTime() + 2 * 3_600_000));

    const after = await db.prisma.item.findMany({ where: { examId: exam.code }, select: { id: true, rating: true } });
    expect(after.filter((i) => before.find((x) => x.id === i.id)!.rating !== i.rating).length).toBeGreaterThan(3); // ratings moved
    const s1 = practice.selectorCacheStats();
    expect(s1.deltas - s0.deltas).toBeGreaterThanOrEqual(3); // followed by delta...
    expect(s1.candidateLoads - s0.candidateLoads).toBe(0); // ...not by reloading the candidate
    expect(s1.examLoads - s0.examLoads).toBe(0);
  });

  it("3. follows a card updated, an item re-rated and a card deleted from a separate connection (no updatedAt: the triggers number every write)", async () => {
    const at = new Date(NOW.getTime() + 2 * DAY);
    await expectSameInput(a, "before the side writes", at);
    const side = new Database(db.file);
    side.pragma("busy_timeout = 5000");
    try {
      const cards = side.prepare(`SELECT id, itemId FROM Card WHERE userId = ? ORDER BY rowid`).all(a) as { id: string; itemId: string }[];
      expect(cards.length).toBeGreaterThanOrEqual(4);
      const [updated, deleted, other] = cards;

      const s0 = practice.selectorCacheStats();
      side
        .prepare(`UPDATE Card SET due = ?, stability = ?, state = ?, lastReview = ? WHERE id = ?`)
        .run(sqlDate(new Date(at.getTime() - DAY)), 42.5, 2, sqlDate(new Date(at.getTime() - 3 * DAY)), updated.id);
      side.prepare(`UPDATE Item SET rating = rating + 0.25 WHERE id = ?`).run(other.itemId);
      const input = await expectSameInput(a, "after a card and an item updated elsewhere", at);
      expect(input.cards.find((c) => c.itemId === updated.itemId)).toMatchObject({ stability: 42.5, state: 2 });
      expect(practice.selectorCacheStats().candidateLoads).toBe(s0.candidateLoads); // a delta

      expect(side.prepare(`DELETE FROM Card WHERE id = ?`).run(deleted.id).changes).toBe(1); // its logs go with it
      const afterDelete = await expectSameInput(a, "after a card deleted elsewhere", at);
      expect(afterDelete.cards.some((c) => c.itemId === deleted.itemId)).toBe(false);

      // Both at once in one transaction, then an update and a delete in two.
      const [u2, d2] = (side.prepare(`SELECT id FROM Card WHERE userId = ? ORDER BY rowid`).all(a) as { id: string }[]).slice(-2);
      side.transaction(() => {
        side.prepare(`UPDATE Card SET stability = stability * 2 WHERE id = ?`).run(u2.id);
        side.prepare(`DELETE FROM Card WHERE id = ?`).run(d2.id);
      })();
      await expectSameInput(a, "after an update and a delete in one transaction", at);
    } finally {
      side.close();
    }
    // And back to the app's own writes after those.
    await practise(a, 2, new Date(at.getTime() + 60_000));
    await expectSameInput(a, "answers after the side writes", new Date(at.getTime() + 10 * 60_000));
  });

  it("3b. a card deleted elsewhere while the candidate's answer creates another (card count unchanged)", async () => {
    const at = new Date(NOW.getTime() + 3 * DAY);
    await expectSameInput(a, "before", at);
    const side = new Database(db.file);
    try {
      const victim = side.prepare(`SELECT id, itemId FROM Card WHERE userId = ? ORDER BY rowid LIMIT 1`).get(a) as { id: string; itemId: string };
      side.prepare(`DELETE FROM Card WHERE id = ?`).run(victim.id);
      const carded = new Set((side.prepare(`SELECT itemId FROM Card WHERE userId = ?`).all(a) as { itemId: string }[]).map((c) => c.itemId));
      const fresh = generated.find((g) => !carded.has(g.id) && g.id !== victim.itemId)!;
      await answerDirect(a, fresh.id, true, at); // a new card: the count is what it was
      const input = await expectSameInput(a, "after a delete and a create in between", new Date(at.getTime() + 60_000));
      expect(input.cards.some((c) => c.itemId === victim.itemId)).toBe(false);
    } finally {
      side.close();
    }
  });

  it("3c. a write transaction open across a refresh is seen once it commits, whenever it started", async () => {
    const at = new Date(NOW.getTime() + 3 * DAY + 3_600_000);
    await expectSameInput(a, "before", at);
    const side = new Database(db.file);
    try {
      const [first, second] = side.prepare(`SELECT id FROM Card WHERE userId = ? ORDER BY rowid LIMIT 2`).pluck().all(a) as string[];
      // The side transaction writes, then the cache refreshes (it reads the committed state: the
      // app's own answer, not the side write), then the side transaction commits.
      side.prepare(`BEGIN IMMEDIATE`).run();
      side.prepare(`UPDATE Card SET stability = 77.25 WHERE id = ?`).run(first);
      side.prepare(`UPDATE Item SET rating = rating - 0.5 WHERE id = (SELECT itemId FROM Card WHERE id = ?)`).run(second);
      const during = await practice.loadSelectorInput(a, exam, at, 8, 7);
      expect(during.cards.some((c) => c.stability === 77.25)).toBe(false);
      side.prepare(`COMMIT`).run();
      const after = await expectSameInput(a, "after the long transaction committed", at);
      expect(after.cards.some((c) => c.stability === 77.25)).toBe(true);
      // And one that rolls back leaves nothing behind (its change numbers are handed out again).
      side.prepare(`BEGIN IMMEDIATE`).run();
      side.prepare(`UPDATE Card SET stability = 88.5 WHERE id = ?`).run(second);
      side.prepare(`ROLLBACK`).run();
      side.prepare(`UPDATE Card SET stability = 99.75 WHERE id = ?`).run(first);
      const rolled = await expectSameInput(a, "after a rollback and another write", at);
      expect(rolled.cards.map((c) => c.stability)).toEqual(expect.arrayContaining([99.75]));
      expect(rolled.cards.some((c) => c.stability === 88.5)).toBe(false);
    } finally {
      side.close();
    }
  });

  it("4. follows a re-import that changes, retires and then revives items", async () => {
    const at = new Date(NOW.getTime() + 4 * DAY);
    await expectSameInput(a, "before the re-import", at);
    const carded = new Set((await db.prisma.card.findMany({ where: { userId: a }, select: { itemId: true } })).map((c) => c.itemId));
    const withCard = generated.filter((g) => carded.has(g.id));
    const without = generated.filter((g) => !carded.has(g.id));
    expect(withCard.length).toBeGreaterThanOrEqual(2);
    expect(without.length).toBeGreaterThanOrEqual(3);

    // Changed: a new stem and difficulty (same place), a new objective (re-filed), a new item.
    writeItem(tree.root, { ...without[0], stem: `A reworded question about ${without[0].id} and its replicas, checked again.`, difficulty: 5, revision: 2 });
    const refiled = without[1];
    writeItem(tree.root, { ...refiled, objective: CLD100_OBJECTIVES[refiled.domain].find((o) => o !== refiled.objective), revision: 2 });
    const added: TreeItem = { id: "late-operations-001", domain: "operations", objective: "recovery", difficulty: 2 };
    writeItem(tree.root, added);
    // Retired: files removed, one with the candidate's card and logs, one without.
    const retired = [withCard[0], without[2]];
    for (const r of retired) unlinkSync(itemPath(tree.root, r));
    const s0 = practice.selectorCacheStats();
    const first = await importContent(db.prisma, tree.root);
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    expect(first.summary.exams[0]).toMatchObject({ created: 1, retired: 2 });
    const input = await expectSameInput(a, "after changes and retirements", at);
    expect(input.items.some((i) => retired.some((r) => r.id === i.id))).toBe(false);
    expect(input.items.some((i) => i.id === added.id)).toBe(true);
    expect(practice.selectorCacheStats().examLoads).toBeGreaterThan(s0.examLoads); // new and re-filed items reload the exam
    await answerDirect(a, added.id, false, new Date(at.getTime() + 1_000));
    await expectSameInput(a, "answering a new item after the re-import", at);

    // Revived: the files come back unchanged.
    for (const r of retired) writeItem(tree.root, r);
    const second = await importContent(db.prisma, tree.root);
    if (!second.ok) throw new Error(JSON.stringify(second.problems));
    expect(second.summary.exams[0]).toMatchObject({ revived: 2, created: 0 });
    const revived = await expectSameInput(a, "after the revival", new Date(at.getTime() + 2_000));
    expect(revived.items.filter((i) => retired.some((r) => r.id === i.id))).toHaveLength(2);

    // Only a retirement (no new or re-filed item: the cheap path), then only a revival.
    unlinkSync(itemPath(tree.root, without[3] ?? without[2]));
    const third = await importContent(db.prisma, tree.root);
    if (!third.ok) throw new Error(JSON.stringify(third.problems));
    await expectSameInput(a, "after a retirement alone", new Date(at.getTime() + 3_000));
    writeItem(tree.root, without[3] ?? without[2]);
    const fourth = await importContent(db.prisma, tree.root);
    if (!fourth.ok) throw new Error(JSON.stringify(fourth.problems));
    await expectSameInput(a, "after a revival alone", new Date(at.getTime() + 4_000));

    // Only a re-filed item (another objective; nothing created, retired or revived), on an item
    // with the candidate's card: the cached item must not keep its old objective.
    const moved = withCard[1];
    const objective = CLD100_OBJECTIVES[moved.domain].find((o) => o !== moved.objective)!;
    writeItem(tree.root, { ...moved, objective, revision: 2 });
    const fifth = await importContent(db.prisma, tree.root);
    if (!fifth.ok) throw new Error(JSON.stringify(fifth.problems));
    expect(fifth.summary.exams[0]).toMatchObject({ created: 0, updated: 1, retired: 0, revived: 0 });
    const refiledInput = await expectSameInput(a, "after a re-filed item alone", new Date(at.getTime() + 5_000));
    expect(refiledInput.items.find((i) => i.id === moved.id)?.objective).toBe(objective);
  });

  it("5. keeps two interleaved candidates apart", async () => {
    const at = new Date(NOW.getTime() + 5 * DAY);
    await expectSameInput(b, "b cold", at);
    await expectSameInput(a, "a warm", at);
    for (let round = 0; round < 3; round++) {
      const t = new Date(at.getTime() + round * 3_600_000);
      await practise(b, 3, t);
      const inA = await expectSameInput(a, `a after b's round ${round}`, t);
      const inB = await expectSameInput(b, `b after its round ${round}`, t);
      await answerDirect(a, generated[round + 4].id, round % 2 === 0, new Date(t.getTime() + 1_000));
      await expectSameInput(b, `b after a's answer ${round}`, new Date(t.getTime() + 2_000));
      await expectSameInput(a, `a after its answer ${round}`, new Date(t.getTime() + 2_000));
      // Each sees only their own cards and logs.
      const own = async (userId: string) => new Set((await db.prisma.card.findMany({ where: { userId }, select: { itemId: true } })).map((c) => c.itemId));
      const [ownA, ownB] = [await own(a), await own(b)];
      expect(inA.cards.every((c) => ownA.has(c.itemId))).toBe(true);
      expect(inB.cards.every((c) => ownB.has(c.itemId))).toBe(true);
    }
    const logsB = await db.prisma.reviewLog.count({ where: { userId: b } });
    const inB = await practice.loadSelectorInput(b, exam, at, 8, 7);
    expect(Object.values(inB.mastery).reduce((n, m) => n + m.answered, 0)).toBe(logsB);
  });

  it("5b. keeps a candidate's two exams apart (one delta with cards of both)", async () => {
    const at = new Date(NOW.getTime() + 5 * DAY + 6 * 3_600_000);
    const second = writeSecondExam(tree.root, "CLD-200", 3);
    const imported = await importContent(db.prisma, tree.root);
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    const examTwo: ExamDefinition = { ...exam, code: "CLD-200" };
    await expectSameInput(a, "CLD-100 before", at);
    await expectSameInput(a, "CLD-200 cold", at, examTwo);
    // The other exam's card first, then this exam's: the refresh must go past the first.
    const carded = new Set((await db.prisma.card.findMany({ where: { userId: a }, select: { itemId: true } })).map((c) => c.itemId));
    const fresh = generated.find((g) => !carded.has(g.id))!;
    await answerDirect(a, second[0].id, true, new Date(at.getTime() + 1_000));
    await answerDirect(a, fresh.id, false, new Date(at.getTime() + 2_000));
    const one = await expectSameInput(a, "CLD-100 after answers in both", new Date(at.getTime() + 3_000));
    expect(one.cards.some((c) => c.itemId === fresh.id)).toBe(true);
    expect(one.cards.some((c) => c.itemId.startsWith("cld-200"))).toBe(false);
    const two = await expectSameInput(a, "CLD-200 after answers in both", new Date(at.getTime() + 3_000), examTwo);
    expect(two.cards.map((c) => c.itemId)).toEqual([second[0].id]);
  });

  it("6. starts over after resetSelectorCache, and never serves a replaced database file's data", async () => {
    const at = new Date(NOW.getTime() + 6 * DAY);
    await expectSameInput(a, "before the reset", at);
    practice.resetSelectorCache();
    const s0 = practice.selectorCacheStats();
    await expectSameInput(a, "after resetSelectorCache", at);
    await expectSameInput(b, "b after resetSelectorCache", at);
    const s1 = practice.selectorCacheStats();
    expect(s1.examLoads - s0.examLoads).toBe(1);
    expect(s1.candidateLoads - s0.candidateLoads).toBe(2);
    await expectSameInput(a, "warm again", at);
    expect(practice.selectorCacheStats().unchanged - s1.unchanged).toBe(1);

    // A new database (same exam, fewer items, the same user ids with other answers) renamed over
    // the file while the cache and the app's clients still have the old one open.
    const next = createMigratedDbFile();
    extraDirs.push(next.dir);
    const other = tempContentTree();
    try {
      writeGeneratedItems(other.root, 2, { prefix: "alt" });
      const nextPrisma = testPrisma(next.url);
      const imported = await importContent(nextPrisma, other.root);
      if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
      await newUser(nextPrisma, a);
      await answerDirect(a, "alt-storage-001", true, at, nextPrisma, next.file);
      await answerDirect(a, "alt-compute-002", false, at, nextPrisma, next.file);
      await nextPrisma.$disconnect();
    } finally {
      other.cleanup();
    }
    renameSync(next.file, db.file);
    ref = testPrisma(db.url); // a client on the new file
    extraClients.push(ref);
    const s2 = practice.selectorCacheStats();
    const swapped = await expectSameInput(a, "after the file was replaced", at);
    expect(swapped.items.map((i) => i.id).sort()).toEqual(
      ["alt-compute-001", "alt-compute-002", "alt-networking-001", "alt-networking-002", "alt-operations-001", "alt-operations-002", "alt-storage-001", "alt-storage-002", "cld100-compute-001", "cld100-networking-001", "cld100-operations-001", "cld100-storage-001"],
    );
    expect(swapped.cards.map((c) => c.itemId).sort()).toEqual(["alt-compute-002", "alt-storage-001"]);
    expect(practice.selectorCacheStats().examLoads - s2.examLoads).toBe(1);
    // b does not exist in the new file: nothing of theirs may come back from the old one.
    const ghost = await expectSameInput(b, "b after the file was replaced", at);
    expect(ghost.cards).toHaveLength(0);
    expect(ghost.answeredToday).toHaveLength(0);

    // Writes to the new file are followed as usual.
    await answerDirect(a, "alt-networking-001", true, new Date(at.getTime() + 1_000), ref);
    await expectSameInput(a, "an answer in the new file", new Date(at.getTime() + 2_000));

    // And once more by deleting the file and writing a fresh one at the path (no rename).
    const third = createMigratedDbFile();
    extraDirs.push(third.dir);
    const copy = new Database(third.file, { readonly: true });
    const bytes = copy.serialize();
    copy.close();
    unlinkSync(db.file);
    writeFileSync(db.file, bytes);
    await ref.$disconnect();
    ref = testPrisma(db.url);
    extraClients.push(ref);
    const empty = await expectSameInput(a, "after the file was deleted and written again", at);
    expect(empty.items).toHaveLength(0);
    expect(empty.cards).toHaveLength(0);
  });
});
