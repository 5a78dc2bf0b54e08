import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testExam } from "~/core/content/test-helpers";
import { createSingletonTestDb, type TestDb } from "../../tests/setup/test-db";
import { tempContentTree, writeGeneratedItems } from "../../tests/fixtures/content-tree";
import { importContent } from "./content-import.server";
import { closeWriter } from "./sqlite-writer.server";

const NOW = new Date("2026-05-04T09:00:00Z");
const LATER = new Date("2026-05-04T09:30:00Z");

// The server modules use the db.server.ts singleton: point it at the test database first.
const db: TestDb = createSingletonTestDb();
const practice = await import("./practice.server");
const { prisma: singleton } = await import("./db.server");

const tree = tempContentTree();
beforeAll(async () => {
  writeGeneratedItems(tree.root, 6);
  const result = await importContent(db.prisma, tree.root);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
});
afterAll(async () => {
  closeWriter();
  await singleton.$disconnect();
  await db.cleanup();
  tree.cleanup();
});

const exam = testExam();
let users = 0;
const newUser = (sessionSize = 6) => db.prisma.user.create({ data: { email: `s${++users}@example.com`, passwordHash: "x", sessionSize } });

type Q = { id: string; item: { id: string; options: { key: string; correct: boolean }[] } };
const right = (q: Q) => q.item.options.filter((o) => o.correct).map((o) => o.key);

async function start(userId: string, kind: "daily" | "extra" | "custom" = "daily", now = NOW) {
  const started = await practice.startPractice(userId, exam, kind, { now, ...(kind === "custom" ? { size: 3, filter: { pool: "all" as const } } : {}) });
  if (!started.ok) throw new Error(started.message);
  return { id: started.sessionId, questions: (await practice.getSession(userId, started.sessionId))!.questions as Q[] };
}

describe("ending a session early", () => {
  it("keeps what was answered, returns the rest to the pool unseen, and is the owner's only", async () => {
    const user = await newUser();
    const s = await start(user.id);
    for (const q of s.questions.slice(0, 2)) expect(await practice.answerQuestion(user.id, s.id, q.id, right(q), false, 1_000, NOW)).toEqual({ ok: true });

    const other = await newUser();
    expect(await practice.endSession(other.id, s.id, LATER)).toMatchObject({ ok: false });
    expect(await db.prisma.practiceQuestion.count({ where: { sessionId: s.id } })).toBe(6);

    expect(await practice.endSession(user.id, s.id, LATER)).toEqual({ ok: true, answered: 2, returned: 4 });
    const row = await db.prisma.practiceSession.findUniqueOrThrow({ where: { id: s.id }, include: { questions: true } });
    expect(row.dropped).toBe(4);
    expect(row.completedAt).toEqual(LATER);
    expect(row.questions.map((q) => q.itemId).sort()).toEqual(s.questions.slice(0, 2).map((q) => q.item.id).sort());
    const unreached = s.questions.slice(2).map((q) => q.item.id);
    expect(await db.prisma.card.count({ where: { userId: user.id, itemId: { in: unreached } } })).toBe(0);
    expect(await practice.unfinishedSessions(user.id, exam.code)).toEqual([]);

    // A late answer to a question that went back is refused; ending again changes nothing.
    expect(await practice.answerQuestion(user.id, s.id, s.questions[3].id, right(s.questions[3]), false, 1_000, LATER)).toMatchObject({ ok: false });
    expect(await practice.endSession(user.id, s.id, LATER)).toEqual({ ok: true, answered: 2, returned: 0 });

    // The selector treats them as never drawn: with the bank's answered items aside, they are new again.
    const input = await practice.loadSelectorInput(user.id, exam, LATER, 20, 1);
    const carded = new Set(input.cards.map((c) => c.itemId));
    for (const id of unreached) expect(carded.has(id)).toBe(false);
  });
});

describe("today's plan and unfinished sessions", () => {
  it("counts down what is left, draws only that, then says done and offers extra practice", async () => {
    const user = await newUser(6);
    expect(await practice.todayPlan(user.id, exam, NOW)).toMatchObject({ left: 6, answeredToday: 0, done: false });
    const first = await start(user.id);
    for (const q of first.questions.slice(0, 2)) await practice.answerQuestion(user.id, first.id, q.id, right(q), false, 1_000, NOW);
    expect(await practice.todayPlan(user.id, exam, NOW)).toMatchObject({ left: 4, answeredToday: 2, done: false });

    // A second daily session while the first is open: both listed, newest first; it draws the 4 left.
    const second = await start(user.id);
    expect(second.questions).toHaveLength(4);
    expect((await practice.unfinishedSessions(user.id, exam.code)).map((s) => [s.id, s.answered, s.total])).toEqual([
      [second.id, 0, 4],
      [first.id, 2, 6],
    ]);
    for (const q of second.questions) await practice.answerQuestion(user.id, second.id, q.id, right(q), false, 1_000, NOW);
    const plan = await practice.todayPlan(user.id, exam, NOW);
    expect(plan).toMatchObject({ left: 0, answeredToday: 6, done: true, new: 0, reviews: 0 });
    expect(await practice.startPractice(user.id, exam, "daily", { now: NOW })).toEqual({ ok: false, message: "Today's plan is done. Start extra practice for more." });
    expect((await start(user.id, "extra")).questions).toHaveLength(6);
    // Extra practice is not part of the plan; the next day starts afresh.
    expect((await practice.todayPlan(user.id, exam, NOW)).answeredToday).toBe(6);
    expect(await practice.todayPlan(user.id, exam, new Date("2026-05-05T08:00:00Z"))).toMatchObject({ left: 6, done: false });
  });
});
