import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ExamSchema, ItemFrontMatterSchema } from "./schema";
import { REPO_ROOT, VALID_CONTENT } from "./test-helpers";

const realExamDirs = readdirSync(path.join(REPO_ROOT, "content"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(REPO_ROOT, "content", d.name, "exam.yaml")))
  .map((d) => d.name);

const baseItem = () => ({
  id: "cld100-storage-001",
  exam: "CLD-100",
  domain: "storage",
  type: "single",
  difficulty: 3,
  options: [
    { id: "a", text: "Yes", correct: true },
    { id: "b", text: "No" },
  ],
  provenance: { kind: "original" },
});

describe("ExamSchema", () => {
  it.each(realExamDirs)("accepts the real exam definition %s", (dir) => {
    const data = parse(readFileSync(path.join(REPO_ROOT, "content", dir, "exam.yaml"), "utf8"));
    const result = ExamSchema.safeParse(data);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    expect(result.data?.code).toBe(dir);
  });

  it("accepts the test exam with objective keywords", () => {
    const data = parse(readFileSync(path.join(VALID_CONTENT, "CLD-100/exam.yaml"), "utf8"));
    const exam = ExamSchema.parse(data);
    expect(exam.domains[0].objectives[0].keywords).toContain("lifecycle rule");
  });

  const valid = () => parse(readFileSync(path.join(VALID_CONTENT, "CLD-100/exam.yaml"), "utf8"));
  it("rejects a lowercase code, min > max weights, bad thresholds and unknown keys", () => {
    const data = valid();
    data.code = "cld-100";
    data.domains[0].weight = { min: 40, max: 30 };
    data.barThresholds = { nearFrom: 80, strongFrom: 70 };
    data.colour = "blue";
    const issues = ExamSchema.safeParse(data).error!.issues.map((i) => i.path.join("."));
    expect(issues).toEqual(expect.arrayContaining(["code", "domains.0.weight", "barThresholds", ""]));
  });
  it("normalises date values to YYYY-MM-DD text", () => {
    const data = valid();
    data.blueprint.version = new Date("2026-03-04T00:00:00Z");
    data.retiredOn = new Date("2027-01-02T00:00:00Z");
    const exam = ExamSchema.parse(data);
    expect(exam.blueprint.version).toBe("2026-03-04");
    expect(exam.retiredOn).toBe("2027-01-02");
  });
});

describe("ItemFrontMatterSchema", () => {
  it("applies defaults", () => {
    const item = ItemFrontMatterSchema.parse(baseItem());
    expect(item.options[1].correct).toBe(false);
    expect(item.references).toEqual([]);
    expect(item.revision).toBe(1);
  });
  it("accepts http(s) references only", () => {
    for (const ref of ["ftp://example.com/x", "javascript:alert(1)", "not a url", "mailto:a@b.co"]) {
      expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), references: [ref] }).success, ref).toBe(false);
    }
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), references: ["https://learn.microsoft.com/en-us/azure/"] }).success).toBe(true);
  });
  it("requires source and licence for adapted items", () => {
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), provenance: { kind: "adapted", source: "x" } }).success).toBe(false);
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), provenance: { kind: "adapted", source: "x", licence: "CC BY 4.0" } }).success).toBe(true);
  });
  it("limits difficulty, option count and option ids", () => {
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), difficulty: 6 }).success).toBe(false);
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), options: [{ id: "a", text: "x" }] }).success).toBe(false);
    // The schema allows 16 (drop-downs); content:check limits single and multiple answer to 8.
    const seventeen = Array.from({ length: 17 }, (_, i) => ({ id: `o${i}`, text: "x", correct: i === 0 }));
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), options: seventeen }).success).toBe(false);
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), options: [{ id: "A-1", text: "x" }, { id: "b", text: "y" }] }).success).toBe(false);
  });
  it("rejects unknown fields and non-kebab ids", () => {
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), colour: "red" }).success).toBe(false);
    expect(ItemFrontMatterSchema.safeParse({ ...baseItem(), id: "Bad_Id" }).success).toBe(false);
  });
});
