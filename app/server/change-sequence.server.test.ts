/**
 * The change-sequence triggers (change-sequence.server.ts, migration 20261122030000): what the
 * selector cache relies on to read exactly the Item and Card rows changed since its last refresh.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../tests/setup/test-db";
import { tempContentTree, writeGeneratedItems } from "../../tests/fixtures/content-tree";
import { CHANGE_SEQUENCE_TRIGGERS, missingChangeTriggers, readChangeCounter } from "./change-sequence.server";
import { importContent } from "./content-import.server";

let db: TestDb;
let raw: Database.Database;
const tree = tempContentTree();

const seqOf = (table: "Item" | "Card", id: string) => raw.prepare(`SELECT changeSeq FROM ${table} WHERE id = ?`).pluck().get(id) as number;
const sqlDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

beforeAll(() => {
  db = createTestDb();
  raw = new Database(db.file);
});
afterAll(async () => {
  raw.close();
  await db.cleanup();
  tree.cleanup();
});

describe("change sequence", () => {
  it("is installed by the migrations: six triggers and the counter at zero", () => {
    expect(missingChangeTriggers(raw)).toEqual([]);
    expect(CHANGE_SEQUENCE_TRIGGERS).toHaveLength(6);
    expect(readChangeCounter(raw)).toEqual({ seq: 0, lastDeleteSeq: 0 });
  });

  it("numbers every item an import writes, in order, and every later update with the next number", async () => {
    writeGeneratedItems(tree.root, 2);
    const result = await importContent(db.prisma, tree.root);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const items = raw.prepare(`SELECT id, changeSeq FROM Item ORDER BY changeSeq`).all() as { id: string; changeSeq: number }[];
    const { seq } = readChangeCounter(raw);
    expect(items.length).toBeGreaterThan(4);
    expect(new Set(items.map((i) => i.changeSeq)).size).toBe(items.length); // each its own number
    expect(items.every((i) => i.changeSeq > 0 && i.changeSeq <= seq)).toBe(true);
    expect(items[items.length - 1].changeSeq).toBe(seq); // the newest write holds the counter's value

    // Through Prisma (which also stamps updatedAt) and through raw SQL that sets nothing else.
    await db.prisma.item.update({ where: { id: items[0].id }, data: { rating: 0.5 } });
    expect(seqOf("Item", items[0].id)).toBe(seq + 1);
    raw.prepare(`UPDATE Item SET ratingCount = ratingCount + 1 WHERE id = ?`).run(items[1].id);
    expect(seqOf("Item", items[1].id)).toBe(seq + 2);
    // One statement over several rows: one number per row.
    raw.prepare(`UPDATE Item SET rating = rating WHERE id IN (?, ?)`).run(items[2].id, items[3].id);
    expect([seqOf("Item", items[2].id), seqOf("Item", items[3].id)].sort()).toEqual([seq + 3, seq + 4]);
    expect(readChangeCounter(raw)).toEqual({ seq: seq + 4, lastDeleteSeq: 0 });
    // The trigger's own update of changeSeq does not set off another round.
    expect(seqOf("Item", items[0].id)).toBe(seq + 1);
  });

  it("numbers cards on insert, update and upsert; a rollback hands its numbers out again", async () => {
    const user = await db.prisma.user.create({ data: { email: "seq@example.com", passwordHash: "x" } });
    const [i1, i2] = raw.prepare(`SELECT id FROM Item ORDER BY id LIMIT 2`).pluck().all() as string[];
    const start = readChangeCounter(raw).seq;
    const card = await db.prisma.card.create({
      data: { userId: user.id, itemId: i1, due: new Date(), stability: 1, difficulty: 5, scheduledDays: 0, learningSteps: 0, reps: 1, lapses: 0, state: 1 },
    });
    expect(seqOf("Card", card.id)).toBe(start + 1);
    raw.prepare(`UPDATE Card SET stability = 2 WHERE id = ?`).run(card.id);
    expect(seqOf("Card", card.id)).toBe(start + 2);
    const now = sqlDate(new Date());
    const upsert = raw.prepare(
      `INSERT INTO Card (id, userId, itemId, due, stability, difficulty, scheduledDays, learningSteps, reps, lapses, state, updatedAt)
       VALUES (?, ?, ?, ?, 3, 5, 0, 0, 1, 0, 1, ?) ON CONFLICT (userId, itemId) DO UPDATE SET stability = excluded.stability`,
    );
    upsert.run("seq-card-2", user.id, i2, now, now); // insert
    expect(seqOf("Card", "seq-card-2")).toBe(start + 3);
    upsert.run("ignored", user.id, i2, now, now); // update of the same row
    expect(seqOf("Card", "seq-card-2")).toBe(start + 4);

    expect(() =>
      raw.transaction(() => {
        raw.prepare(`UPDATE Card SET stability = 9 WHERE id = ?`).run(card.id);
        expect(seqOf("Card", card.id)).toBe(start + 5);
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(seqOf("Card", card.id)).toBe(start + 2);
    expect(readChangeCounter(raw).seq).toBe(start + 4);
    raw.prepare(`UPDATE Card SET stability = 4 WHERE id = ?`).run(card.id);
    expect(seqOf("Card", card.id)).toBe(start + 5); // the rolled-back number, now committed
  });

  it("records deletes, direct and cascading, in lastDeleteSeq", async () => {
    const before = readChangeCounter(raw);
    raw.prepare(`DELETE FROM Card WHERE id = ?`).run("seq-card-2");
    const afterDirect = readChangeCounter(raw);
    expect(afterDirect).toEqual({ seq: before.seq + 1, lastDeleteSeq: before.seq + 1 });
    // Deleting the user cascades to their cards: each cascaded delete fires the trigger too.
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "seq@example.com" } });
    const cards = await db.prisma.card.count({ where: { userId: user.id } });
    expect(cards).toBe(1);
    await db.prisma.user.delete({ where: { id: user.id } });
    expect(readChangeCounter(raw)).toEqual({ seq: afterDirect.seq + 1, lastDeleteSeq: afterDirect.seq + 1 });
  });

  it("is lost when a migration re-creates the table, and missingChangeTriggers says which", () => {
    // What Prisma's "RedefineTables" does on SQLite for most column changes.
    const copy = new Database(":memory:");
    try {
      copy.exec(raw.prepare(`SELECT group_concat(sql, ';' || char(10)) FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'`).pluck().get() as string);
      expect(missingChangeTriggers(copy)).toEqual([]);
      copy.exec(`PRAGMA foreign_keys = OFF; CREATE TABLE new_Card AS SELECT * FROM Card; DROP TABLE Card; ALTER TABLE new_Card RENAME TO Card;`);
      expect(missingChangeTriggers(copy)).toEqual(["Card_changeSeq_insert", "Card_changeSeq_update", "Card_changeSeq_delete"]);
    } finally {
      copy.close();
    }
  });
});
