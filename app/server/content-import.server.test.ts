import { readFileSync, rmSync, writeFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkContent } from "~/core/content/validate";
import { initialItemRating } from "~/core/progress/rating";
import { createTestDb, type TestDb } from "../../tests/setup/test-db";
import { itemPath, tempContentTree, writeGeneratedItems, writeItem, writeSecondExam } from "../../tests/fixtures/content-tree";
import { importContent, type ImportResult } from "./content-import.server";

let db: TestDb;
let tree: { root: string; cleanup: () => void };

beforeEach(() => {
  db = createTestDb();
  tree = tempContentTree();
});
afterEach(async () => {
  await db.cleanup();
  tree.cleanup();
});

function ok(result: ImportResult) {
  if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.problems, null, 2)}`);
  return result.summary;
}
const summaryOf = async (code = "CLD-100") => ok(await importContent(db.prisma, tree.root)).exams.find((e) => e.code === code);

/** A candidate with a card and one review log on `itemId`. */
async function candidateWithHistory(itemId: string) {
  const user = await db.prisma.user.create({ data: { email: `u-${itemId}@example.com`, passwordHash: "x" } });
  const at = new Date("2026-03-01T10:00:00Z");
  const card = await db.prisma.card.create({
    data: { userId: user.id, itemId, due: new Date("2026-03-03T10:00:00Z"), stability: 2.3, difficulty: 2.1, scheduledDays: 2, learningSteps: 0, reps: 1, lapses: 0, state: 2, lastReview: at },
  });
  const log = await db.prisma.reviewLog.create({
    data: {
      cardId: card.id, userId: user.id, itemId, source: "practice", correct: true, rating: 3, durationMs: 12_000, reviewedAt: at,
      stateBefore: 0, dueBefore: null, stateAfter: 2, dueAfter: card.due, stabilityAfter: 2.3, difficultyAfter: 2.1, elapsedDays: 0, scheduledDays: 2,
    },
  });
  // Read back: a create returns the row as inserted, before the change-sequence trigger numbers it.
  return { user, card: await db.prisma.card.findUniqueOrThrow({ where: { id: card.id } }), log };
}

describe("importContent", () => {
  it("first import creates exams, domains, objectives, items and options", async () => {
    const loaded = await checkContent(tree.root);
    const items = loaded.exams[0].items;
    const progress: [number, number][] = [];
    const result = await importContent(db.prisma, tree.root, (done, total) => progress.push([done, total]));
    const summary = ok(result);

    expect(summary.exams).toEqual([{ code: "CLD-100", created: 4, updated: 0, unchanged: 0, retired: 0, revived: 0 }]);
    // The imported item (cld100-networking-001) lacks rationale, references and explanation: warnings only.
    expect(summary.warnings.length).toBeGreaterThan(0);
    expect(summary.warnings.every((w) => w.severity === "warning")).toBe(true);
    expect(progress.at(-1)).toEqual([4, 4]);

    const exam = await db.prisma.exam.findUniqueOrThrow({ where: { id: "CLD-100" } });
    expect(exam).toMatchObject({ title: "Cloud Fundamentals Practice", vendor: "Baseline Test Vendor", status: "active", blueprintVersion: "2026-01-15", scoreMin: 100, scoreMax: 1000, passingScore: 700, mockMinutes: 60, mockQuestions: 40 });
    expect(JSON.parse(exam.definition).code).toBe("CLD-100");

    const domains = await db.prisma.domain.findMany({ orderBy: { position: "asc" } });
    expect(domains.map((d) => [d.id, d.key, d.position, d.weightMin, d.weightMax])).toEqual([
      ["CLD-100/storage", "storage", 0, 25, 30],
      ["CLD-100/compute", "compute", 1, 30, 35],
      ["CLD-100/networking", "networking", 2, 20, 25],
      ["CLD-100/operations", "operations", 3, 15, 20],
    ]);
    expect(await db.prisma.objective.count()).toBe(8);
    expect(await db.prisma.objective.findUnique({ where: { id: "CLD-100/compute/serverless" } })).toMatchObject({ domainId: "CLD-100/compute", key: "serverless", position: 1 });

    const rows = await db.prisma.item.findMany({ orderBy: { id: "asc" }, include: { options: { orderBy: { position: "asc" } } } });
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id).sort());
    expect(await db.prisma.itemOption.count()).toBe(items.reduce((n, i) => n + i.options.length, 0));
    for (const row of rows) {
      const item = items.find((i) => i.id === row.id)!;
      expect(row).toMatchObject({
        examId: "CLD-100",
        domainId: `CLD-100/${item.domain}`,
        objectiveId: `CLD-100/${item.domain}/${item.objective}`,
        type: item.type,
        difficulty: item.difficulty,
        retired: false,
        rating: initialItemRating(item.difficulty),
        ratingCount: 0,
        file: item.file,
      });
      expect(row.options.map((o) => [o.key, o.correct, o.position])).toEqual(item.options.map((o, i) => [o.id, o.correct === true, i]));
      expect(row.choose).toBe(item.options.filter((o) => o.correct).length);
    }
    const compute = rows.find((r) => r.id === "cld100-compute-001")!;
    expect(compute).toMatchObject({ type: "multiple", choose: 2, revision: 2 });
    expect(compute.stem).toContain("Which **two** actions reduce this delay?");
    expect(JSON.parse(compute.references)).toEqual(["https://example.com/docs/functions/cold-start"]);
    expect(JSON.parse(compute.provenance)).toEqual({ kind: "original" });
    expect(rows.find((r) => r.id === "cld100-networking-001")!.options.every((o) => o.rationale === "")).toBe(true);
  });

  it("re-importing unchanged content reports everything unchanged and writes nothing", async () => {
    ok(await importContent(db.prisma, tree.root));
    const before = db.snapshot();
    const summary = await summaryOf();
    expect(summary).toEqual({ code: "CLD-100", created: 0, updated: 0, unchanged: 4, retired: 0, revived: 0 });
    const after = db.snapshot();
    expect(after.counts).toEqual(before.counts);
    expect(after.tables).toEqual(before.tables);
    expect(after.checksum).toBe(before.checksum);
  });

  it("updates a changed item in place by id and keeps candidates' cards, review logs and its Elo rating", async () => {
    ok(await importContent(db.prisma, tree.root));
    const { card, log } = await candidateWithHistory("cld100-storage-001");
    await db.prisma.item.update({ where: { id: "cld100-storage-001" }, data: { rating: 0.42, ratingCount: 7 } });

    const file = itemPath(tree.root, { id: "cld100-storage-001", domain: "storage" });
    const text = readFileSync(file, "utf8");
    expect(text).toContain("revision: 1");
    writeFileSync(file, text.replace("revision: 1", "revision: 2").replace(/\n## Explanation\n/, "\nA sentence added to the stem.\n\n## Explanation\n"));

    expect(await summaryOf()).toEqual({ code: "CLD-100", created: 0, updated: 1, unchanged: 3, retired: 0, revived: 0 });
    const row = await db.prisma.item.findUniqueOrThrow({ where: { id: "cld100-storage-001" } });
    expect(row.stem).toContain("A sentence added to the stem.");
    expect(row).toMatchObject({ revision: 2, retired: false, rating: 0.42, ratingCount: 7 });
    expect(await db.prisma.item.count()).toBe(4);
    expect(await db.prisma.card.findUniqueOrThrow({ where: { id: card.id } })).toEqual(card);
    expect(await db.prisma.reviewLog.findUniqueOrThrow({ where: { id: log.id } })).toEqual(log);
  });

  it("replaces a changed item's options (keys, text, key and order)", async () => {
    writeItem(tree.root, { id: "cld100-compute-101", domain: "compute", objective: "serverless", correct: ["a"] });
    ok(await importContent(db.prisma, tree.root));
    writeItem(tree.root, { id: "cld100-compute-101", domain: "compute", objective: "virtual-servers", correct: ["b", "d"], revision: 2 });
    expect(await summaryOf()).toMatchObject({ updated: 1, unchanged: 4 });
    const row = await db.prisma.item.findUniqueOrThrow({ where: { id: "cld100-compute-101" }, include: { options: { orderBy: { position: "asc" } } } });
    expect(row).toMatchObject({ type: "multiple", choose: 2, objectiveId: "CLD-100/compute/virtual-servers" });
    expect(row.options.filter((o) => o.correct).map((o) => o.key)).toEqual(["b", "d"]);
    expect(await db.prisma.itemOption.count({ where: { itemId: "cld100-compute-101" } })).toBe(4);
  });

  it("retires an item removed from the files (row and history kept) and revives it when it comes back", async () => {
    ok(await importContent(db.prisma, tree.root));
    const { card, log } = await candidateWithHistory("cld100-operations-001");
    const file = itemPath(tree.root, { id: "cld100-operations-001", domain: "operations" });
    const text = readFileSync(file, "utf8");
    rmSync(file);

    expect(await summaryOf()).toEqual({ code: "CLD-100", created: 0, updated: 0, unchanged: 3, retired: 1, revived: 0 });
    const retired = await db.prisma.item.findUniqueOrThrow({ where: { id: "cld100-operations-001" }, include: { options: true } });
    expect(retired.retired).toBe(true);
    expect(retired.options).toHaveLength(3);
    expect(await db.prisma.card.findUniqueOrThrow({ where: { id: card.id } })).toEqual(card);
    expect(await db.prisma.reviewLog.findUniqueOrThrow({ where: { id: log.id } })).toEqual(log);
    expect(await db.prisma.item.count({ where: { retired: false } })).toBe(3);

    // Still gone: nothing more to retire.
    expect(await summaryOf()).toMatchObject({ unchanged: 3, retired: 0 });

    // Back, with an edit made while it was away: revived with the current content.
    writeFileSync(file, text.replace("How do you get the folder back", "How do you recover the folder"));
    expect(await summaryOf()).toEqual({ code: "CLD-100", created: 0, updated: 0, unchanged: 3, retired: 0, revived: 1 });
    const revived = await db.prisma.item.findUniqueOrThrow({ where: { id: "cld100-operations-001" } });
    expect(revived.retired).toBe(false);
    expect(revived.stem).toContain("How do you recover the folder");
    expect(await db.prisma.reviewLog.count({ where: { itemId: "cld100-operations-001" } })).toBe(1);
    expect(await summaryOf()).toMatchObject({ unchanged: 4, revived: 0 });
  });

  it("refuses invalid content with problems and leaves the database untouched", async () => {
    ok(await importContent(db.prisma, tree.root));
    await candidateWithHistory("cld100-storage-001");
    const before = db.snapshot();
    const bytesBefore = readFileSync(db.file);

    // A valid change, a valid new item and a new exam that would all be written... plus one error.
    const changed = itemPath(tree.root, { id: "cld100-storage-001", domain: "storage" });
    writeFileSync(changed, readFileSync(changed, "utf8").replace("revision: 1", "revision: 3"));
    writeItem(tree.root, { id: "cld100-storage-201", domain: "storage", objective: "object-storage" });
    writeSecondExam(tree.root, "CLD-200", 2);
    rmSync(itemPath(tree.root, { id: "cld100-operations-001", domain: "operations" }));
    writeItem(tree.root, { id: "cld100-storage-202", domain: "no-such-domain" });

    const result = await importContent(db.prisma, tree.root);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const errors = result.problems.filter((p) => p.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "CLD-100/items/no-such-domain/cld100-storage-202.md", field: "domain" });
    expect(errors[0].message).toContain('"no-such-domain" is not a domain of CLD-100');

    const after = db.snapshot();
    expect(after.counts).toEqual(before.counts);
    expect(after.checksum).toBe(before.checksum);
    expect(readFileSync(db.file).equals(bytesBefore)).toBe(true);
  });

  it("refuses a tree whose exam.yaml is broken, writing nothing", async () => {
    const empty = db.snapshot();
    const yaml = path.join(tree.root, "CLD-100", "exam.yaml");
    writeFileSync(yaml, readFileSync(yaml, "utf8").replace("passing: 700", "passing: lots"));
    const result = await importContent(db.prisma, tree.root);
    expect(result.ok).toBe(false);
    expect(db.snapshot().checksum).toBe(empty.checksum);
    expect(await db.prisma.item.count()).toBe(0);
  });

  it("retires the items of an exam folder removed from the content, keeping their history", async () => {
    writeSecondExam(tree.root, "CLD-200", 3);
    const first = ok(await importContent(db.prisma, tree.root));
    expect(first.exams.map((e) => [e.code, e.created])).toEqual([["CLD-100", 4], ["CLD-200", 3]]);
    const { log } = await candidateWithHistory("cld-200-storage-001");

    const saved = mkdtempSync(path.join(tmpdir(), "baseline-saved-exam-"));
    cpSync(path.join(tree.root, "CLD-200"), saved, { recursive: true });
    rmSync(path.join(tree.root, "CLD-200"), { recursive: true });
    try {
      const second = ok(await importContent(db.prisma, tree.root));
      expect(second.exams.map((e) => e.code)).toEqual(["CLD-100", "CLD-200"]);
      expect(second.exams[0]).toMatchObject({ unchanged: 4, retired: 0 });
      expect(second.exams[1]).toEqual({ code: "CLD-200", created: 0, updated: 0, unchanged: 0, retired: 3, revived: 0, folderRemoved: true });
      // Imported again without the folder: nothing left to retire, nothing reported.
      expect(ok(await importContent(db.prisma, tree.root)).exams.map((e) => e.code)).toEqual(["CLD-100"]);
      const rows = await db.prisma.item.findMany({ where: { examId: "CLD-200" }, orderBy: { id: "asc" } });
      expect(rows.map((r) => [r.id, r.retired])).toEqual([
        ["cld-200-storage-001", true],
        ["cld-200-storage-002", true],
        ["cld-200-storage-003", true],
      ]);
      expect(await db.prisma.item.count({ where: { examId: "CLD-100", retired: true } })).toBe(0);
      expect(await db.prisma.exam.count()).toBe(2); // the exam row stays, for its history
      expect(await db.prisma.reviewLog.findUniqueOrThrow({ where: { id: log.id } })).toEqual(log);

      // The folder comes back: its items are revived.
      cpSync(saved, path.join(tree.root, "CLD-200"), { recursive: true });
      const third = ok(await importContent(db.prisma, tree.root));
      expect(third.exams.find((e) => e.code === "CLD-200")).toMatchObject({ revived: 3, retired: 0, created: 0 });
      expect(await db.prisma.item.count({ where: { retired: true } })).toBe(0);
    } finally {
      rmSync(saved, { recursive: true, force: true });
    }
  });

  it("refuses an empty content folder when the database has active items (a wrong CONTENT_DIR)", async () => {
    ok(await importContent(db.prisma, tree.root));
    const before = db.snapshot();
    const empty = mkdtempSync(path.join(tmpdir(), "baseline-empty-content-"));
    try {
      const result = await importContent(db.prisma, empty);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0].message).toContain("no exam folders found");
      expect(db.snapshot()).toEqual(before);
      expect(await db.prisma.item.count({ where: { retired: true } })).toBe(0);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("imports a larger generated tree in one go and re-imports it as unchanged", async () => {
    writeGeneratedItems(tree.root, 30);
    const { exams } = await checkContent(tree.root);
    const items = exams[0].items;
    expect(items).toHaveLength(124);
    expect(await summaryOf()).toMatchObject({ created: 124 });
    expect(await db.prisma.item.count()).toBe(124);
    expect(await db.prisma.itemOption.count()).toBe(items.reduce((n, i) => n + i.options.length, 0));
    expect(await summaryOf()).toMatchObject({ created: 0, unchanged: 124 });
  });

  it("updates the exam row when exam.yaml changes, and leaves it alone when it does not", async () => {
    ok(await importContent(db.prisma, tree.root));
    const first = await db.prisma.exam.findUniqueOrThrow({ where: { id: "CLD-100" } });
    const yaml = path.join(tree.root, "CLD-100", "exam.yaml");
    writeFileSync(yaml, readFileSync(yaml, "utf8").replace("title: Cloud Fundamentals Practice", "title: Cloud Fundamentals Practice (2026)").replace("name: Run workloads", "name: Run and scale workloads"));
    expect(await summaryOf()).toMatchObject({ unchanged: 4 });
    const second = await db.prisma.exam.findUniqueOrThrow({ where: { id: "CLD-100" } });
    expect(second.title).toBe("Cloud Fundamentals Practice (2026)");
    expect(second.contentHash).not.toBe(first.contentHash);
    expect(JSON.parse(second.definition).title).toBe("Cloud Fundamentals Practice (2026)");
    expect((await db.prisma.domain.findUniqueOrThrow({ where: { id: "CLD-100/compute" } })).name).toBe("Run and scale workloads");
  });

  it("moves an item to another exam when its file moves there with the same id", async () => {
    writeSecondExam(tree.root, "CLD-200", 1);
    ok(await importContent(db.prisma, tree.root));
    const { log } = await candidateWithHistory("cld100-storage-001");
    const from = itemPath(tree.root, { id: "cld100-storage-001", domain: "storage" });
    const text = readFileSync(from, "utf8");
    rmSync(from);
    const to = itemPath(tree.root, { id: "cld100-storage-001", exam: "CLD-200", domain: "storage" });
    writeFileSync(to, text.replace("exam: CLD-100", "exam: CLD-200"));

    const summary = ok(await importContent(db.prisma, tree.root));
    // CLD-100 is imported first and retires it; CLD-200 then brings it back as its own.
    expect(summary.exams).toEqual([
      { code: "CLD-100", created: 0, updated: 0, unchanged: 3, retired: 1, revived: 0 },
      { code: "CLD-200", created: 0, updated: 0, unchanged: 1, retired: 0, revived: 1 },
    ]);
    const row = await db.prisma.item.findUniqueOrThrow({ where: { id: "cld100-storage-001" } });
    expect(row).toMatchObject({ examId: "CLD-200", domainId: "CLD-200/storage", retired: false });
    expect(await db.prisma.reviewLog.findUniqueOrThrow({ where: { id: log.id } })).toEqual(log);
    expect(await db.prisma.item.count()).toBe(5);
    expect(ok(await importContent(db.prisma, tree.root)).exams.map((e) => e.unchanged)).toEqual([3, 2]);
  });
});
