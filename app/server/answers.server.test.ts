import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testExam } from "~/core/content/test-helpers";
import { initialLearnerRating, updateAfterAnswer } from "~/core/progress/rating";
import { createScheduler, Rating } from "~/core/scheduling/scheduler";
import { createSingletonTestDb, type TestDb } from "../../tests/setup/test-db";
import { tempContentTree, writeGeneratedItems } from "../../tests/fixtures/content-tree";
import { importContent } from "./content-import.server";
import { isCorrect, recordAnswer, type AnswerInput } from "./answers.server";
import { closeWriter, writeTransaction } from "./sqlite-writer.server";

const DAY = 86_400_000;
const NOW = new Date("2026-05-04T09:00:00Z");

// practice.server.ts uses the db.server.ts singleton, which is created from DATABASE_URL when
// db.server.ts is first imported: point it at the test database, then import dynamically.
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

let users = 0;
async function newUser(data: { allowEasy?: boolean; sessionSize?: number } = {}) {
  users++;
  return db.prisma.user.create({ data: { email: `candidate${users}@example.com`, passwordHash: "x", ...data } });
}

function answer(userId: string, itemId: string, selected: string[], extra: Partial<AnswerInput> = {}) {
  return writeTransaction((conn) =>
    recordAnswer(conn, { userId, itemId, selected, guessed: false, durationMs: 40_000, source: "practice", now: NOW, ...extra }),
  );
}

async function keys(itemId: string) {
  const options = await db.prisma.itemOption.findMany({ where: { itemId }, orderBy: { position: "asc" } });
  return { right: options.filter((o) => o.correct).map((o) => o.key), wrong: options.filter((o) => !o.correct).map((o) => o.key) };
}

describe("isCorrect", () => {
  it("requires exactly the correct set", () => {
    expect(isCorrect(["a"], ["a"])).toBe(true);
    expect(isCorrect(["b", "a"], ["a", "b"])).toBe(true);
    expect(isCorrect(["a"], ["a", "b"])).toBe(false);
    expect(isCorrect(["a", "b", "c"], ["a", "b"])).toBe(false);
    expect(isCorrect(["a", "a"], ["a", "b"])).toBe(false);
    expect(isCorrect([], ["a"])).toBe(false);
  });
});

describe("recordAnswer", () => {
  it("first wrong answer creates the card and a review log rated Again", async () => {
    const user = await newUser();
    const { right, wrong } = await keys("gen-storage-001");
    const outcome = await answer(user.id, "gen-storage-001", [wrong[0]]);
    expect(outcome).toMatchObject({ correct: false, correctKeys: right, rating: Rating.Again });

    const card = await db.prisma.card.findUniqueOrThrow({ where: { userId_itemId: { userId: user.id, itemId: "gen-storage-001" } } });
    expect(card).toMatchObject({ reps: 1, lastReview: NOW });
    expect(card.due).toEqual(outcome.dueAfter);
    const logs = await db.prisma.reviewLog.findMany({ where: { userId: user.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      cardId: card.id,
      itemId: "gen-storage-001",
      source: "practice",
      correct: false,
      rating: Rating.Again,
      durationMs: 40_000,
      reviewedAt: NOW,
      stateBefore: 0,
      dueBefore: null,
      stateAfter: card.state,
      dueAfter: card.due,
      stabilityAfter: card.stability,
      difficultyAfter: card.difficulty,
      elapsedDays: 0,
    });
  });

  it("rates a right answer Good, a right guess Hard, and Easy only when allowed, quick and in practice", async () => {
    const user = await newUser();
    const easy = await newUser({ allowEasy: true });
    const item = "gen-compute-001";
    const { right, wrong } = await keys(item);
    const cases: [string, string[], Partial<AnswerInput>, number][] = [
      [user.id, right, {}, Rating.Good],
      [user.id, right, { guessed: true }, Rating.Hard],
      [user.id, wrong.slice(0, 1), { guessed: true }, Rating.Again],
      [easy.id, right, { durationMs: 5_000 }, Rating.Easy],
      [easy.id, right, { durationMs: 5_000, source: "mock" }, Rating.Good],
      [easy.id, right, { durationMs: 5_000, guessed: true }, Rating.Hard],
      [easy.id, right, { durationMs: 60_000 }, Rating.Good],
      [easy.id, right, { durationMs: null }, Rating.Good],
    ];
    for (const [i, [userId, selected, extra, rating]] of cases.entries()) {
      const now = new Date(NOW.getTime() + i * 60_000);
      const before = await db.prisma.reviewLog.count({ where: { userId } });
      const outcome = await answer(userId, item, selected, { ...extra, now });
      expect(outcome.rating, JSON.stringify(extra)).toBe(rating);
      expect(await db.prisma.reviewLog.count({ where: { userId } })).toBe(before + 1);
      const log = await db.prisma.reviewLog.findFirstOrThrow({ where: { userId, reviewedAt: now } });
      expect(log.rating).toBe(rating);
      expect(log.source).toBe(extra.source ?? "practice");
    }
  });

  it("a second answer updates the same card and logs the state it started from", async () => {
    const user = await newUser();
    const item = "gen-networking-001";
    const { right } = await keys(item);
    const first = await answer(user.id, item, right);
    const card1 = await db.prisma.card.findUniqueOrThrow({ where: { userId_itemId: { userId: user.id, itemId: item } } });
    const later = new Date(first.dueAfter.getTime() + 3_600_000);
    await answer(user.id, item, right, { now: later });

    const cards = await db.prisma.card.findMany({ where: { userId: user.id } });
    expect(cards).toHaveLength(1);
    expect(cards[0].id).toBe(card1.id);
    expect(cards[0]).toMatchObject({ reps: 2, lastReview: later });
    expect(cards[0].due.getTime()).toBeGreaterThan(card1.due.getTime());
    expect(cards[0].stability).toBeGreaterThan(card1.stability);

    const logs = await db.prisma.reviewLog.findMany({ where: { userId: user.id }, orderBy: { reviewedAt: "asc" } });
    expect(logs).toHaveLength(2);
    expect(logs.every((l) => l.cardId === card1.id)).toBe(true);
    expect(logs[1]).toMatchObject({ stateBefore: card1.state, dueBefore: card1.due, dueAfter: cards[0].due });
    expect(logs[1].elapsedDays).toBeCloseTo((later.getTime() - NOW.getTime()) / DAY, 6);
  });

  it("never schedules a review after the planned retake date", async () => {
    const planned = new Date(NOW.getTime() + 6 * DAY);
    const withPlan = await newUser();
    const withoutPlan = await newUser();
    await db.prisma.examPlan.create({ data: { userId: withPlan.id, examId: "CLD-100", plannedDate: planned } });
    await db.prisma.examPlan.create({ data: { userId: withoutPlan.id, examId: "CLD-100", plannedDate: null } });
    const item = "gen-operations-001";
    const { right } = await keys(item);

    let capped = 0;
    let uncappedPastExam = false;
    for (const [userId, hasPlan] of [[withPlan.id, true], [withoutPlan.id, false]] as const) {
      let now = NOW;
      for (let i = 0; i < 5 && now < planned; i++) {
        const outcome = await answer(userId, item, right, { now });
        if (hasPlan) {
          expect(outcome.dueAfter.getTime()).toBeLessThanOrEqual(planned.getTime());
          if (outcome.dueAfter.getTime() === planned.getTime() - createScheduler().options.retakeMarginDays * DAY) capped++;
        } else if (outcome.dueAfter > planned) uncappedPastExam = true;
        now = outcome.dueAfter;
      }
      const logs = await db.prisma.reviewLog.findMany({ where: { userId } });
      if (hasPlan) expect(logs.every((l) => l.dueAfter <= planned)).toBe(true);
    }
    expect(capped).toBeGreaterThan(0); // the cap really applied
    expect(uncappedPastExam).toBe(true); // and without it FSRS would have gone past the exam
  });

  it("creates and updates the learner's domain rating and moves the item's rating (Elo)", async () => {
    const user = await newUser();
    const itemA = "gen-storage-002";
    const itemB = "gen-storage-003";
    const a0 = await db.prisma.item.findUniqueOrThrow({ where: { id: itemA } });
    const b0 = await db.prisma.item.findUniqueOrThrow({ where: { id: itemB } });

    await answer(user.id, itemA, (await keys(itemA)).right);
    const r1 = await db.prisma.learnerRating.findUniqueOrThrow({ where: { userId_domainId: { userId: user.id, domainId: "CLD-100/storage" } } });
    const expected1 = updateAfterAnswer({ learner: initialLearnerRating(null), item: a0.rating, correct: true, learnerAnswers: 0, itemAnswers: a0.ratingCount });
    expect(r1.answers).toBe(1);
    expect(r1.rating).toBeCloseTo(expected1.learner, 10);
    expect(r1.rating).toBeGreaterThan(initialLearnerRating(null));
    const a1 = await db.prisma.item.findUniqueOrThrow({ where: { id: itemA } });
    expect(a1.rating).toBeLessThan(a0.rating); // answered right: the item looks easier
    expect(a1.rating).toBeCloseTo(expected1.item, 10);
    expect(a1.ratingCount).toBe(a0.ratingCount + 1);

    await answer(user.id, itemB, [(await keys(itemB)).wrong[0]]);
    const r2 = await db.prisma.learnerRating.findUniqueOrThrow({ where: { userId_domainId: { userId: user.id, domainId: "CLD-100/storage" } } });
    const expected2 = updateAfterAnswer({ learner: r1.rating, item: b0.rating, correct: false, learnerAnswers: 1, itemAnswers: b0.ratingCount });
    expect(r2.answers).toBe(2);
    expect(r2.rating).toBeCloseTo(expected2.learner, 10);
    expect(r2.rating).toBeLessThan(r1.rating);
    const b1 = await db.prisma.item.findUniqueOrThrow({ where: { id: itemB } });
    expect(b1.rating).toBeGreaterThan(b0.rating); // answered wrong: the item looks harder
    expect(b1.ratingCount).toBe(b0.ratingCount + 1);
    expect(await db.prisma.learnerRating.count({ where: { userId: user.id } })).toBe(1);
  });

  it("seeds a first learner rating from the latest score report's band for the domain", async () => {
    const user = await newUser();
    const report = (takenAt: string, level: string, band: string) =>
      db.prisma.scoreReport.create({
        data: { userId: user.id, examId: "CLD-100", takenAt: new Date(takenAt), source: "form", results: { create: [{ domainId: "CLD-100/compute", band, level }] } },
      });
    await report("2026-01-10T00:00:00Z", "strong", "Ready");
    await report("2026-03-10T00:00:00Z", "weak", "Needs practice"); // the latest attempt wins
    const item = await db.prisma.item.findUniqueOrThrow({ where: { id: "gen-compute-002" } });
    await answer(user.id, item.id, (await keys(item.id)).right);
    const rating = await db.prisma.learnerRating.findUniqueOrThrow({ where: { userId_domainId: { userId: user.id, domainId: "CLD-100/compute" } } });
    const expected = updateAfterAnswer({ learner: initialLearnerRating("weak"), item: item.rating, correct: true, learnerAnswers: 0, itemAnswers: item.ratingCount });
    expect(rating.rating).toBeCloseTo(expected.learner, 10);
  });

  it("grades a multiple-answer item right only for the exact set of keys", async () => {
    const user = await newUser();
    const item = "cld100-compute-001"; // choose 2: a and b
    expect((await keys(item)).right).toEqual(["a", "b"]);
    const cases: [string[], boolean][] = [
      [["a"], false],
      [["b"], false],
      [["a", "b", "c"], false],
      [["a", "c"], false],
      [["b", "a"], true],
    ];
    for (const [selected, correct] of cases) {
      const outcome = await answer(user.id, item, selected);
      expect(outcome.correct, selected.join(",")).toBe(correct);
      expect(outcome.correctKeys.sort()).toEqual(["a", "b"]);
      expect(outcome.rating).toBe(correct ? Rating.Good : Rating.Again);
    }
    const logs = await db.prisma.reviewLog.findMany({ where: { userId: user.id }, orderBy: { reviewedAt: "asc" } });
    expect(logs.map((l) => l.correct)).toEqual(cases.map(([, c]) => c));
  });

  it("writes nothing when the transaction fails (unknown item)", async () => {
    const user = await newUser();
    await expect(answer(user.id, "no-such-item", ["a"])).rejects.toThrow();
    expect(await db.prisma.card.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.prisma.reviewLog.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("answerQuestion (practice.server)", () => {
  const exam = testExam();

  async function session(size: number) {
    const user = await newUser({ sessionSize: size });
    const started = await practice.startPractice(user.id, exam, "daily", { now: NOW });
    if (!started.ok) throw new Error(started.message);
    const s = await practice.getSession(user.id, started.sessionId);
    expect(s!.questions).toHaveLength(size);
    return { userId: user.id, sessionId: started.sessionId, questions: s!.questions };
  }
  const right = (q: { item: { options: { key: string; correct: boolean }[] } }) => q.item.options.filter((o) => o.correct).map((o) => o.key);
  const wrong = (q: { item: { options: { key: string; correct: boolean }[] } }) => [q.item.options.find((o) => !o.correct)!.key];

  it("uses the test database through the db.server singleton", async () => {
    const user = await newUser();
    expect(await singleton.user.findUnique({ where: { id: user.id } })).not.toBeNull();
  });

  it("is idempotent: a second submit of the same question keeps the first answer and writes no second log", async () => {
    const { userId, sessionId, questions } = await session(6);
    const q = questions[0];
    expect(await practice.answerQuestion(userId, sessionId, q.id, right(q), false, 9_000, NOW)).toEqual({ ok: true });
    const later = new Date(NOW.getTime() + 5_000);
    expect(await practice.answerQuestion(userId, sessionId, q.id, wrong(q), true, 1_000, later)).toEqual({ ok: false, code: "already-answered", message: practice.ALREADY_ANSWERED });
    expect(await practice.answerQuestion(userId, sessionId, q.id, right(q), false, 9_000, later)).toEqual({ ok: true });

    expect(await db.prisma.reviewLog.count({ where: { userId } })).toBe(1);
    expect(await db.prisma.card.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId: q.item.id } } })).toMatchObject({ reps: 1 });
    const stored = await db.prisma.practiceQuestion.findUniqueOrThrow({ where: { id: q.id } });
    expect(stored).toMatchObject({ correct: true, guessed: false, durationMs: 9_000, answeredAt: NOW });
    expect(JSON.parse(stored.selected!)).toEqual(right(q));
    expect(await db.prisma.practiceQuestion.count({ where: { sessionId } })).toBe(6);
    const learner = await db.prisma.learnerRating.findMany({ where: { userId } });
    expect(learner.map((l) => l.answers)).toEqual([1]);
  });

  it("says so, writes nothing and loses nothing when the database stays locked (the answer can be submitted again)", async () => {
    const { userId, sessionId, questions } = await session(3);
    const q = questions[0];
    const other = new Database(db.file);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {}); // for the operator, expected here
    try {
      other.prepare("BEGIN IMMEDIATE").run(); // another writer holds the lock
      const refused = await practice.answerQuestion(userId, sessionId, q.id, right(q), false, 9_000, NOW, { maxWaitMs: 60 });
      expect(refused).toEqual({ ok: false, message: expect.stringMatching(/could not be saved.*busy.*submit it again/) });
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^answerQuestion: The database is busy/));
      other.prepare("ROLLBACK").run();
    } finally {
      other.close();
      logged.mockRestore();
    }
    expect(await db.prisma.reviewLog.count({ where: { userId } })).toBe(0);
    expect((await db.prisma.practiceQuestion.findUniqueOrThrow({ where: { id: q.id } })).answeredAt).toBeNull();
    // Submitted again once the lock is gone: saved once.
    expect(await practice.answerQuestion(userId, sessionId, q.id, right(q), false, 9_000, NOW)).toEqual({ ok: true });
    expect(await db.prisma.reviewLog.count({ where: { userId } })).toBe(1);
  });

  it("appends a retry of a wrongly answered question at the end when at least three remain unanswered", async () => {
    const { userId, sessionId, questions } = await session(6);
    const q = questions[0];
    expect(await practice.answerQuestion(userId, sessionId, q.id, wrong(q), false, 20_000, NOW)).toEqual({ ok: true });
    const after = await db.prisma.practiceQuestion.findMany({ where: { sessionId }, orderBy: { position: "asc" } });
    expect(after).toHaveLength(7);
    const retry = after[6];
    expect(retry).toMatchObject({ itemId: q.item.id, position: 6, kind: "retry", answeredAt: null });
    expect(retry.reason).toMatch(/^Retry/);
    expect([...JSON.parse(retry.optionOrder)].sort()).toEqual([...JSON.parse(q.optionOrder)].sort());

    // A second wrong submit is ignored (idempotent), so no second retry.
    await practice.answerQuestion(userId, sessionId, q.id, wrong(q), false, 20_000, NOW);
    expect(await db.prisma.practiceQuestion.count({ where: { sessionId } })).toBe(7);

    // The retry itself answered wrong with nothing after it: not queued again.
    for (const other of questions.slice(1)) await practice.answerQuestion(userId, sessionId, other.id, right(other), false, 10_000, NOW);
    await practice.answerQuestion(userId, sessionId, retry.id, wrong(q), false, 10_000, NOW);
    expect(await db.prisma.practiceQuestion.count({ where: { sessionId } })).toBe(7);
    expect((await db.prisma.practiceSession.findUniqueOrThrow({ where: { id: sessionId } })).completedAt).toEqual(NOW);
    expect(await db.prisma.reviewLog.count({ where: { userId } })).toBe(7);
  });

  it("appends a retry with exactly three unanswered questions left, not with two", async () => {
    const { userId, sessionId, questions } = await session(6);
    const answerAt = (q: (typeof questions)[number], ok: boolean) => practice.answerQuestion(userId, sessionId, q.id, ok ? right(q) : wrong(q), false, 10_000, NOW);
    await answerAt(questions[0], true);
    await answerAt(questions[1], true);
    // After questions[2]: questions 3, 4 and 5 are unanswered.
    await answerAt(questions[2], false);
    const afterThree = await db.prisma.practiceQuestion.findMany({ where: { sessionId }, orderBy: { position: "asc" } });
    expect(afterThree.map((q) => q.kind).slice(6)).toEqual(["retry"]);
    expect(afterThree[6].itemId).toBe(questions[2].item.id);
    await answerAt(questions[3], true);
    // After questions[4]: questions[5] and the retry are unanswered: two, so no retry.
    await answerAt(questions[4], false);
    expect(await db.prisma.practiceQuestion.count({ where: { sessionId } })).toBe(7);
    expect((await db.prisma.practiceQuestion.findUniqueOrThrow({ where: { id: questions[4].id } })).correct).toBe(false);
  });

  it("counts only unanswered questions after the wrong one", async () => {
    const { userId, sessionId, questions } = await session(5);
    // Answer the later questions first: after questions[0] only already-answered ones remain.
    for (const q of questions.slice(1)) await practice.answerQuestion(userId, sessionId, q.id, right(q), false, 10_000, NOW);
    await practice.answerQuestion(userId, sessionId, questions[0].id, wrong(questions[0]), false, 10_000, NOW);
    expect(await db.prisma.practiceQuestion.count({ where: { sessionId } })).toBe(5);
  });

  it("of two different answers racing for one question, exactly one is stored and the other is told it lost", async () => {
    const { userId, sessionId, questions } = await session(6);
    const q = questions[0];
    const results = await Promise.all([
      practice.answerQuestion(userId, sessionId, q.id, right(q), false, 9_000, NOW),
      practice.answerQuestion(userId, sessionId, q.id, wrong(q), false, 9_000, NOW),
    ]);
    expect(results).toContainEqual({ ok: true });
    expect(results).toContainEqual({ ok: false, code: "already-answered", message: practice.ALREADY_ANSWERED });
    expect(await db.prisma.reviewLog.count({ where: { userId } })).toBe(1);
    const stored = await db.prisma.practiceQuestion.findUniqueOrThrow({ where: { id: q.id } });
    expect(JSON.parse(stored.selected!)).toEqual(results[0].ok ? right(q) : wrong(q));
  });

  it("stores a flag only for an item of the candidate's own, existing session", async () => {
    const { userId, sessionId, questions } = await session(4);
    const other = await newUser();
    const itemId = questions[0].item.id;
    expect(await practice.flagItem(other.id, sessionId, itemId, "typo", null)).toBe(false);
    expect(await practice.flagItem(userId, "no-such-session", itemId, "typo", null)).toBe(false);
    const notInSession = await db.prisma.item.findFirstOrThrow({ where: { id: { notIn: questions.map((x) => x.item.id) } }, select: { id: true } });
    expect(await practice.flagItem(userId, sessionId, notInSession.id, "typo", null)).toBe(false);
    expect(await db.prisma.itemFlag.count()).toBe(0);
    expect(await practice.flagItem(userId, sessionId, itemId, "typo", "Misspelt")).toBe(true);
    expect(await db.prisma.itemFlag.findMany({ select: { userId: true, itemId: true } })).toEqual([{ userId, itemId }]);
    expect(await practice.ownsSession(userId, sessionId)).toBe(true);
    expect(await practice.ownsSession(other.id, sessionId)).toBe(false);
  });

  it("refuses answers that are not for this candidate's session or not among the options, writing nothing", async () => {
    const { userId, sessionId, questions } = await session(4);
    const other = await newUser();
    const q = questions[0];
    expect(await practice.answerQuestion(other.id, sessionId, q.id, right(q), false, null, NOW)).toEqual({ ok: false, message: "This question is not part of your session." });
    expect(await practice.answerQuestion(userId, "no-such-session", q.id, right(q), false, null, NOW)).toMatchObject({ ok: false });
    expect(await practice.answerQuestion(userId, sessionId, q.id, [], false, null, NOW)).toEqual({ ok: false, message: "Choose an answer first." });
    expect(await practice.answerQuestion(userId, sessionId, q.id, ["zz"], false, null, NOW)).toEqual({ ok: false, message: "That answer is not one of the options." });
    expect(await db.prisma.reviewLog.count({ where: { userId: { in: [userId, other.id] } } })).toBe(0);
    expect((await db.prisma.practiceQuestion.findUniqueOrThrow({ where: { id: q.id } })).answeredAt).toBeNull();
  });
});
