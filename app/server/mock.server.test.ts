import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExamDefinition } from "~/core/content/schema";
import { createSingletonTestDb, type TestDb } from "../../tests/setup/test-db";
import { tempContentTree, writeGeneratedItems, writeItem } from "../../tests/fixtures/content-tree";
import { importContent } from "./content-import.server";
import { closeWriter } from "./sqlite-writer.server";

const MIN = 60_000;
const T0 = new Date("2026-06-01T09:00:00Z");

// mock.server.ts uses the db.server.ts singleton: point DATABASE_URL at the test database first.
const db: TestDb = createSingletonTestDb();
const mocks = await import("./mock.server");
const { getExamDefinition } = await import("./exams.server");
const { prisma: singleton } = await import("./db.server");

const tree = tempContentTree();
let exam: ExamDefinition;
beforeAll(async () => {
  writeGeneratedItems(tree.root, 12);
  const result = await importContent(db.prisma, tree.root);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  exam = (await getExamDefinition("CLD-100"))!;
});
afterAll(async () => {
  closeWriter();
  await singleton.$disconnect();
  await db.cleanup();
  tree.cleanup();
});

let users = 0;
async function newUser() {
  users++;
  return db.prisma.user.create({ data: { email: `mock${users}@example.com`, passwordHash: "x" } });
}

async function started(userId: string, request = {}, now = T0) {
  const r = await mocks.startMock(userId, exam, request, now);
  if (!r.ok) throw new Error(r.message);
  return (await mocks.getMock(userId, r.mockId, now))!;
}

function correctKeys(q: { snapshot: { options: { key: string; correct: boolean }[] } }) {
  return q.snapshot.options.filter((o) => o.correct).map((o) => o.key);
}
function wrongKey(q: { snapshot: { options: { key: string; correct: boolean }[] } }) {
  return q.snapshot.options.find((o) => !o.correct)!.key;
}

describe("startMock", () => {
  it("stores the full mock with the exam's length, its deadline and a snapshot of each item", async () => {
    const user = await newUser();
    const mock = await started(user.id);
    expect(mock.questions).toHaveLength(exam.mock.questions);
    expect(mock.durationMinutes).toBe(exam.mock.durationMinutes);
    expect(mock.deadline.getTime() - T0.getTime()).toBe(exam.mock.durationMinutes * MIN);
    expect(new Set(mock.questions.map((q) => q.itemId)).size).toBe(mock.questions.length);
    for (const q of mock.questions) {
      expect(q.snapshot.stem.length).toBeGreaterThan(10);
      expect([...q.optionOrder].sort()).toEqual(q.snapshot.options.map((o) => o.key).sort());
    }
  });

  it("resumes the mock in progress instead of starting a second one", async () => {
    const user = await newUser();
    const first = await started(user.id);
    const again = await mocks.startMock(user.id, exam, {}, new Date(T0.getTime() + 5 * MIN));
    expect(again).toEqual({ ok: true, mockId: first.id });
  });

  it("a shorter mock on chosen domains is timed at the exam's pace", async () => {
    const user = await newUser();
    const mock = await started(user.id, { domains: ["storage", "compute"], questions: 10 });
    expect(mock.questions).toHaveLength(10);
    expect(new Set(mock.questions.map((q) => q.domainKey))).toEqual(new Set(["storage", "compute"]));
    expect(mock.durationMinutes).toBe(Math.ceil((exam.mock.durationMinutes * 10) / exam.mock.questions));
  });

  it("says which domain is short when the bank cannot fill the mock", async () => {
    const user = await newUser();
    const r = await mocks.startMock(user.id, exam, { questions: 400 }, T0);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/too small/i);
      expect(r.largest).toBeGreaterThan(0);
      expect(r.largest).toBeLessThan(400);
    }
  });
});

describe("answers and the deadline", () => {
  it("saves answers and flags, changes them freely, and another tab sees the same", async () => {
    const user = await newUser();
    const mock = await started(user.id);
    const q0 = mock.questions[0];
    expect(await mocks.saveMockAnswer(user.id, mock.id, 0, [wrongKey(q0)], new Date(T0.getTime() + MIN))).toMatchObject({ ok: true });
    expect(await mocks.saveMockAnswer(user.id, mock.id, 0, correctKeys(q0), new Date(T0.getTime() + 2 * MIN), { flagged: true })).toMatchObject({ ok: true });
    const seen = (await mocks.getMock(user.id, mock.id, new Date(T0.getTime() + 3 * MIN)))!;
    expect(seen.questions[0].selected).toEqual(correctKeys(q0));
    expect(seen.questions[0].flagged).toBe(true);
    expect(seen.status).toBe("open");
  });

  it("refuses an option that is not in the question, and a position outside the mock", async () => {
    const user = await newUser();
    const mock = await started(user.id);
    expect(await mocks.saveMockAnswer(user.id, mock.id, 0, ["zz"], T0)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await mocks.saveMockAnswer(user.id, mock.id, 999, ["a"], T0)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("refuses answers at and after the deadline, saying so, and finalises the mock as of the deadline", async () => {
    const user = await newUser();
    const mock = await started(user.id);
    const q0 = mock.questions[0];
    await mocks.saveMockAnswer(user.id, mock.id, 0, correctKeys(q0), new Date(T0.getTime() + MIN));
    const late = await mocks.saveMockAnswer(user.id, mock.id, 1, correctKeys(mock.questions[1]), mock.deadline);
    expect(late).toMatchObject({ ok: false, reason: "expired" });
    if (!late.ok) expect(late.message).toMatch(/time is up/i);
    const after = (await mocks.getMock(user.id, mock.id, new Date(mock.deadline.getTime() + 60 * MIN)))!;
    expect(after.status).toBe("submitted");
    expect(after.submittedAt).toEqual(mock.deadline);
    expect(after.result!.correct).toBe(1);
    expect(after.questions[1].selected).toEqual([]);
  });

  it("a mock whose time ran out while the candidate was away is found submitted on the next visit", async () => {
    const user = await newUser();
    const mock = await started(user.id);
    await mocks.saveMockAnswer(user.id, mock.id, 0, correctKeys(mock.questions[0]), new Date(T0.getTime() + MIN));
    const later = new Date(mock.deadline.getTime() + 24 * 60 * MIN);
    const list = await mocks.listMocks(user.id, "CLD-100", later);
    expect(list[0]).toMatchObject({ id: mock.id });
    expect(list[0].submittedAt).toEqual(mock.deadline);
    expect(list[0].result!.correct).toBe(1);
    expect(await mocks.openMock(user.id, "CLD-100", later)).toBeNull();
  });
});

describe("submitMock", () => {
  it("scores per domain, feeds every answer to the cards once (source mock), and a second submit changes nothing", async () => {
    const user = await newUser();
    const mock = await started(user.id);
    const at = new Date(T0.getTime() + 10 * MIN);
    // Right on the first 20, wrong on the next 10, the rest unanswered.
    for (const q of mock.questions.slice(0, 20)) await mocks.saveMockAnswer(user.id, mock.id, q.position, correctKeys(q), at);
    for (const q of mock.questions.slice(20, 30)) await mocks.saveMockAnswer(user.id, mock.id, q.position, [wrongKey(q)], at);
    const submitAt = new Date(T0.getTime() + 30 * MIN);
    expect(await mocks.submitMock(user.id, mock.id, submitAt)).toEqual({ ok: true });
    expect(await mocks.submitMock(user.id, mock.id, new Date(submitAt.getTime() + MIN))).toEqual({ ok: true });

    const done = (await mocks.getMock(user.id, mock.id, submitAt))!;
    expect(done.status).toBe("submitted");
    expect(done.submittedAt).toEqual(submitAt);
    expect(done.result).toMatchObject({ total: 40, correct: 20, answered: 30 });
    expect(done.result!.domains.reduce((s, d) => s + d.total, 0)).toBe(40);
    const logs = await db.prisma.reviewLog.findMany({ where: { userId: user.id } });
    expect(logs).toHaveLength(30);
    expect(logs.every((l) => l.source === "mock")).toBe(true);
    expect(logs.filter((l) => l.correct)).toHaveLength(20);
    expect(await db.prisma.card.count({ where: { userId: user.id } })).toBe(30);
    expect(await db.prisma.learnerRating.count({ where: { userId: user.id } })).toBeGreaterThan(0);
    // Answers after submission are refused.
    expect(await mocks.saveMockAnswer(user.id, mock.id, 35, correctKeys(done.questions[35]), submitAt)).toMatchObject({ ok: false, reason: "submitted" });
  });

  it("compares each domain with the latest score report", async () => {
    const user = await newUser();
    const domains = await db.prisma.domain.findMany({ where: { examId: "CLD-100" } });
    await db.prisma.scoreReport.create({
      data: {
        userId: user.id,
        examId: "CLD-100",
        takenAt: new Date("2026-05-01T00:00:00Z"),
        source: "form",
        results: { create: domains.map((d) => ({ domainId: d.id, band: exam.bands.find((b) => b.level === "weak")!.label, level: "weak" })) },
      },
    });
    const mock = await started(user.id);
    for (const q of mock.questions) await mocks.saveMockAnswer(user.id, mock.id, q.position, correctKeys(q), T0);
    await mocks.submitMock(user.id, mock.id, new Date(T0.getTime() + MIN));
    const done = (await mocks.getMock(user.id, mock.id))!;
    expect(done.result!.baselineReportTakenAt).toBe("2026-05-01");
    for (const d of done.result!.domains) {
      expect(d.baseline?.level).toBe("weak");
      expect(d.change).toBe("up");
      expect(d.changeText).toContain("→");
    }
  });

  it("keeps the version it was assembled with when an import changes the item's key during the mock", async () => {
    const user = await newUser();
    const mock = await started(user.id);
    const q0 = mock.questions[0];
    const before = correctKeys(q0);
    // Re-import with the key of that item moved to another option.
    const moved = q0.snapshot.options.find((o) => !o.correct)!.key;
    writeItem(tree.root, { id: q0.itemId, domain: q0.domainKey, objective: q0.snapshot.objective?.key, difficulty: q0.snapshot.difficulty, correct: [moved], revision: 2, stem: q0.snapshot.stem });
    const imported = await importContent(db.prisma, tree.root);
    expect(imported.ok).toBe(true);
    await mocks.saveMockAnswer(user.id, mock.id, 0, before, T0);
    await mocks.submitMock(user.id, mock.id, new Date(T0.getTime() + MIN));
    const done = (await mocks.getMock(user.id, mock.id))!;
    expect(done.questions[0].correct).toBe(true);
    expect(correctKeys(done.questions[0])).toEqual(before);
  });
});

describe("ownership", () => {
  it("another candidate can neither read, answer, flag nor submit a mock", async () => {
    const owner = await newUser();
    const other = await newUser();
    const mock = await started(owner.id);
    expect(await mocks.getMock(other.id, mock.id)).toBeNull();
    expect(await mocks.saveMockAnswer(other.id, mock.id, 0, correctKeys(mock.questions[0]), T0)).toMatchObject({ ok: false, reason: "not-found" });
    expect(await mocks.setMockFlag(other.id, mock.id, 0, true, T0)).toMatchObject({ ok: false, reason: "not-found" });
    expect(await mocks.submitMock(other.id, mock.id, T0)).toMatchObject({ ok: false, reason: "not-found" });
    expect(await mocks.listMocks(other.id, "CLD-100", T0)).toEqual([]);
    const untouched = (await mocks.getMock(owner.id, mock.id, T0))!;
    expect(untouched.status).toBe("open");
    expect(untouched.questions.every((q) => q.selected.length === 0 && !q.flagged)).toBe(true);
  });
});
