import { describe, expect, it } from "vitest";
import { contentStats, summarizeStats } from "./stats";
import { loadContent } from "./load";
import { loadedExam, makeItem, VALID_CONTENT } from "./test-helpers";

describe("contentStats", () => {
  it("counts items per domain, objective and difficulty, including empty ones", () => {
    const stats = contentStats([
      loadedExam([
        makeItem({ difficulty: 1 }),
        makeItem({ difficulty: 1, objective: "storage-security" }),
        makeItem({ difficulty: 5, objective: undefined }),
        makeItem({ domain: "compute", objective: "serverless", difficulty: 3 }),
        makeItem({ domain: "unknown-domain", difficulty: 2 }),
      ]),
    ]);
    expect(stats.exams).toHaveLength(1);
    const [exam] = stats.exams;
    expect(exam).toMatchObject({ code: "CLD-100", title: "Cloud Fundamentals Practice" });
    expect(exam.domains.map((d) => [d.id, d.items])).toEqual([
      ["storage", 3],
      ["compute", 1],
      ["networking", 0],
      ["operations", 0],
    ]);
    expect(exam.domains[0]).toEqual({
      id: "storage",
      name: "Store and protect data",
      weight: { min: 25, max: 30 },
      items: 3,
      objectives: { "object-storage": 1, "storage-security": 1 },
      difficulties: { 1: 2, 2: 0, 3: 0, 4: 0, 5: 1 },
      types: expect.any(Object),
    });
    expect(Object.values(exam.domains[0].types).reduce((a, b) => a + b, 0)).toBe(3);
    expect(exam.domains[2].objectives).toEqual({ networks: 0, traffic: 0 });
  });

  it("summarises to exactly the --json keys", async () => {
    const { exams } = await loadContent(VALID_CONTENT);
    const summary = summarizeStats(contentStats(exams));
    expect(summary.exams[0].domains[0]).toEqual({ id: "storage", name: "Store and protect data", weight: { min: 25, max: 30 }, items: 1 });
    expect(Object.keys(summary.exams[0]).sort()).toEqual(["code", "domains", "title"]);
  });
});
