import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkContent, validateContent, validateExam } from "./validate";
import { parseItem } from "./parse-item";
import { formatProblem, type Problem } from "./problems";
import type { CaseStudy, Item } from "./schema";
import { loadedExam, makeItem, testExam, VALID_CONTENT } from "./test-helpers";

const check = (items: Item[], exam = testExam()) => validateContent([loadedExam(items, exam)]);
const only = (problems: Problem[], field: string) => problems.filter((p) => p.field === field);
const errors = (problems: Problem[]) => problems.filter((p) => p.severity === "error");

describe("validateContent: a clean item", () => {
  it("has no problems", () => {
    expect(check([makeItem(), makeItem({ domain: "compute", objective: "serverless" })])).toEqual([]);
  });
  it("accepts { exams } as well as a list", () => {
    expect(validateContent({ exams: [loadedExam([makeItem()])] })).toEqual([]);
  });
});

describe("ids", () => {
  it("must be unique across all content, also across exams", () => {
    const a = makeItem({ id: "dup-001", file: "CLD-100/items/storage/dup-001.md" });
    const b = makeItem({ id: "dup-001", file: "CLD-100/items/storage/zz/dup-001.md" });
    const other = testExam();
    other.code = "CLD-200";
    const c = makeItem({ id: "dup-001", exam: "CLD-200", file: "CLD-200/items/storage/dup-001.md" });
    const problems = validateContent([loadedExam([a, b]), { exam: other, file: "CLD-200/exam.yaml", items: [c] }]);
    const dups = only(problems, "id").filter((p) => /already used/.test(p.message));
    expect(dups.map((p) => p.file)).toEqual(["CLD-100/items/storage/zz/dup-001.md", "CLD-200/items/storage/dup-001.md"]);
    expect(dups[0].message).toMatch(/already used by CLD-100\/items\/storage\/dup-001\.md:1/);
    expect(dups.every((p) => p.severity === "error")).toBe(true);
  });
});

describe("references to the exam definition", () => {
  it("exam must match the exam folder", () => {
    const p = only(check([makeItem({ exam: "CLD-999" })]), "exam");
    expect(p[0]).toMatchObject({ severity: "error" });
    expect(p[0].message).toMatch(/"CLD-999" does not match the exam folder CLD-100/);
  });
  it("domain must exist", () => {
    const p = only(check([makeItem({ domain: "databases", objective: undefined, file: "CLD-100/items/databases/x.md" })]), "domain");
    expect(p[0].severity).toBe("error");
    expect(p[0].message).toMatch(/not a domain of CLD-100; use one of: storage, compute, networking, operations/);
  });
  it("objective must exist in the item's domain (with a hint when it is in another)", () => {
    const wrongDomain = only(check([makeItem({ objective: "serverless" })]), "objective");
    expect(wrongDomain[0].message).toMatch(/not an objective of domain storage \(it belongs to domain compute/);
    const unknown = only(check([makeItem({ objective: "nope" })]), "objective");
    expect(unknown[0].message).toMatch(/use one of: object-storage, storage-security/);
  });
});

describe("exam definition", () => {
  it("domain weight ranges must be able to sum to 100 (mins)", () => {
    const exam = testExam();
    exam.domains[0].weight = { min: 60, max: 70 };
    const p = validateExam(loadedExam([], exam));
    expect(p.map((x) => x.message)).toEqual([expect.stringMatching(/weight\.min values add up to 125%, more than 100%/)]);
  });
  it("domain weight ranges must be able to sum to 100 (maxes)", () => {
    const exam = testExam();
    exam.domains[0].weight = { min: 5, max: 5 };
    const p = validateExam(loadedExam([], exam));
    expect(p.map((x) => x.message)).toEqual([expect.stringMatching(/weight\.max values add up to 85%, less than 100%/)]);
  });
  it("domain and objective ids are unique", () => {
    const exam = testExam();
    exam.domains[1].id = "storage";
    exam.domains[0].objectives[1].id = "object-storage";
    const fields = validateExam(loadedExam([], exam)).map((x) => x.field);
    expect(fields).toEqual(expect.arrayContaining(["domains[1].id", "domains[0].objectives[1].id"]));
  });
  it("code must match its folder", () => {
    const exam = testExam();
    expect(validateExam({ exam, file: "CLD-101/exam.yaml", items: [] })[0].message).toMatch(/does not match its folder CLD-101/);
  });
  it("a band label or alias names one band only", () => {
    const exam = testExam();
    exam.bands[2].aliases.push("Borderline");
    expect(validateExam(loadedExam([], exam))[0].message).toMatch(/"Borderline" also names band "Almost there"/);
  });
  it("exam codes are unique", () => {
    const a = loadedExam([]);
    const b = { ...loadedExam([]), file: "CLD-100-copy/exam.yaml" };
    expect(validateContent([a, b]).some((p) => /also defined in CLD-100\/exam\.yaml/.test(p.message))).toBe(true);
  });
});

describe("answer key", () => {
  const opts = (...correct: boolean[]) => correct.map((c, i) => ({ id: "abcdefgh"[i], text: `Option ${i}`, correct: c, rationale: "r" }));
  it("at least one option is correct", () => {
    const p = only(check([makeItem({ options: opts(false, false, false) })]), "options");
    expect(p[0]).toMatchObject({ severity: "error" });
    expect(p[0].message).toMatch(/no option is marked correct/);
  });
  it("not every option is correct", () => {
    expect(only(check([makeItem({ type: "multiple", choose: 2, options: opts(true, true) })]), "options")[0].message).toMatch(/every option is marked correct/);
  });
  it("single has exactly one correct option", () => {
    const p = only(check([makeItem({ options: opts(true, true, false) })]), "type");
    expect(p[0].message).toMatch(/exactly one correct option but 2 are marked.*choose: 2/);
  });
  it("single does not choose more than one", () => {
    expect(only(check([makeItem({ choose: 2 })]), "choose")[0].message).toMatch(/single-answer item has choose 1, not 2/);
  });
  it("multiple needs choose", () => {
    const p = only(check([makeItem({ type: "multiple", options: opts(true, true, false) })]), "choose");
    expect(p[0].message).toMatch(/type multiple needs `choose:`.*here 2/);
  });
  it("multiple has choose equal to the number of correct options", () => {
    const p = only(check([makeItem({ type: "multiple", choose: 3, options: opts(true, true, false, false) })]), "choose");
    expect(p[0].message).toMatch(/choose is 3 but 2 option\(s\) are marked correct/);
  });
  it("multiple with a single correct option is a warning", () => {
    const p = only(check([makeItem({ type: "multiple", choose: 1 })]), "type");
    expect(p[0]).toMatchObject({ severity: "warning" });
  });
  it("option ids are unique", () => {
    const options = opts(true, false, false);
    options[2].id = "a";
    expect(only(check([makeItem({ options })]), "options[2].id")[0].message).toMatch(/option id "a" is used twice/);
  });
  it("references are URLs (checked by the schema when parsing)", () => {
    const text = `---\nid: x-001\nexam: CLD-100\ndomain: storage\ntype: single\ndifficulty: 1\noptions:\n  - { id: a, text: A, correct: true }\n  - { id: b, text: B }\nreferences:\n  - see the docs\nprovenance: { kind: original }\n---\nStem?\n`;
    const { problems } = parseItem(text, "x.md");
    expect(problems.map((p) => formatProblem(p))).toEqual(["x.md:11: references[0]: references must be full https:// URLs"]);
  });
});

describe("completeness: errors for original/adapted, warnings for imported", () => {
  const bare = (kind: "original" | "adapted" | "imported") =>
    makeItem({
      provenance: kind === "adapted" ? { kind, source: "s", licence: "CC BY 4.0" } : { kind, source: kind === "imported" ? "bank.gift" : undefined },
      options: [
        { id: "a", text: "A", correct: true },
        { id: "b", text: "B", correct: false, rationale: "  " },
        { id: "c", text: "C", correct: false, rationale: "fine" },
      ],
      explanation: "",
      references: [],
      reviewed: undefined,
    });
  it.each(["original", "adapted"] as const)("%s: rationale, explanation and reference are errors", (kind) => {
    const p = check([bare(kind)]);
    expect(errors(p).map((x) => x.field).sort()).toEqual(["explanation", "options[0].rationale", "references"]);
    expect(only(p, "options[0].rationale")[0].message).toMatch(/options a, b have no rationale/);
  });
  it("imported: the same are warnings", () => {
    const p = check([bare("imported")]);
    expect(errors(p)).toEqual([]);
    expect(p.map((x) => x.field).sort()).toEqual(["explanation", "options[0].rationale", "references"]);
    expect(p[0].message).toMatch(/warning because the item is imported/);
  });
  it("missing `reviewed` warns for original items only", () => {
    expect(only(check([bare("original")]), "reviewed")).toEqual([expect.objectContaining({ severity: "warning" })]);
    expect(only(check([bare("adapted")]), "reviewed")).toEqual([]);
    expect(only(check([bare("imported")]), "reviewed")).toEqual([]);
  });
  it("a suggested domain warns until removed", () => {
    expect(only(check([makeItem({ suggestedDomain: true })]), "suggestedDomain")[0].severity).toBe("warning");
  });
});

describe("file location", () => {
  it("warns when the file is not in the folder of its domain", () => {
    const p = only(check([makeItem({ id: "x-001", file: "CLD-100/items/compute/x-001.md" })]), "domain");
    expect(p).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringMatching(/in items\/compute\/ but its domain is storage; move it to items\/storage\//) })]);
  });
  it("warns when the file is directly in items/", () => {
    expect(only(check([makeItem({ id: "x-001", file: "CLD-100/items/x-001.md" })]), "domain")[0].message).toMatch(/directly in items/);
  });
  it("warns when the file name differs from the id", () => {
    const p = only(check([makeItem({ id: "x-001", file: "CLD-100/items/storage/x-1.md" })]), "id");
    expect(p[0]).toMatchObject({ severity: "warning" });
    expect(p[0].message).toMatch(/rename the file to x-001\.md/);
  });
});

describe("duplicate stems", () => {
  const stem =
    "A team stores scanned invoices that are read once a year during an audit and can wait several hours for retrieval. Which storage option keeps the cost lowest?";
  it("the same stem after normalisation is an error", () => {
    const a = makeItem({ stem });
    const b = makeItem({ stem: `  ${stem.toUpperCase().replace(/\?/, " ?!")}\n` });
    const p = only(check([a, b]), "stem");
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ severity: "error", file: b.file });
    expect(p[0].message).toMatch(new RegExp(`the same stem as ${a.file.replace(/[.]/g, "\\.")}:1`));
  });
  it("a nearly identical stem (one word changed in a long stem) is an error", () => {
    const long = `${stem} The invoices are PDF files between one and five megabytes, and the auditors need them within a business day of asking for them.`;
    const p = only(check([makeItem({ stem: long }), makeItem({ stem: long.replace("PDF", "TIFF") })]), "stem");
    expect(p[0].severity).toBe("error");
    expect(p[0].message).toMatch(/nearly the same stem as .*% similar/);
  });
  it("different questions sharing a scenario are not flagged", () => {
    const p = check([makeItem({ stem }), makeItem({ stem: stem.replace("Which storage option keeps the cost lowest?", "How can the team prove the invoices were not changed after upload?") })]);
    expect(only(p, "stem")).toEqual([]);
  });
  it("near-duplicates involving an imported item are warnings", () => {
    const long = `${stem} The invoices are PDF files between one and five megabytes, and the auditors need them within a business day of asking for them.`;
    const imported = makeItem({ stem: long.replace("PDF", "TIFF"), provenance: { kind: "imported", source: "bank" } });
    expect(only(check([makeItem({ stem: long }), imported]), "stem")[0].severity).toBe("warning");
  });
  it("the same stem in another exam is a warning", () => {
    const other = testExam();
    other.code = "CLD-200";
    const p = validateContent([loadedExam([makeItem({ stem })]), { exam: other, file: "CLD-200/exam.yaml", items: [makeItem({ stem, exam: "CLD-200", file: "CLD-200/items/storage/y.md", id: "y" })] }]);
    expect(only(p, "stem")[0]).toMatchObject({ severity: "warning", message: expect.stringMatching(/in exam CLD-100/) });
  });
  it("reports each duplicate once against the first occurrence", () => {
    const p = only(check([makeItem({ stem }), makeItem({ stem }), makeItem({ stem })]), "stem");
    expect(p).toHaveLength(2);
  });
});

describe("checkContent", () => {
  it("combines load and validate on a fixture tree, with real line numbers", async () => {
    const { exams, problems } = await checkContent(VALID_CONTENT);
    expect(exams).toHaveLength(1);
    expect(errors(problems)).toEqual([]);
    expect(problems.map((p) => formatProblem(p))).toEqual([
      "CLD-100/items/networking/cld100-networking-001.md:1: warning: references: no reference; add `references:` with at least one https:// URL of documentation that backs the key (a warning because the item is imported; review it before publishing)",
      "CLD-100/items/networking/cld100-networking-001.md:9: warning: options[0].rationale: options a, b, c have no rationale; add `rationale:` saying why each option is right or wrong (a warning because the item is imported; review it before publishing)",
      "CLD-100/items/networking/cld100-networking-001.md:24: warning: explanation: the explanation is missing; write under a `## Explanation` heading, after the question, why the key is right (a warning because the item is imported; review it before publishing)",
      "CLD-100/items/operations/cld100-operations-001.md:21: warning: reviewed: not reviewed yet; add `reviewed: { by: <reviewer>, on: <YYYY-MM-DD> }` once someone else has checked the key",
    ]);
  });
});

describe("scale", () => {
  it("validates 10,000 in-memory items with shared boilerplate quickly", () => {
    const items = Array.from({ length: 10_000 }, (_, i) =>
      makeItem({
        stem: `You have a storage account named store${i} in region r${i % 7}. Team ${i * 7919} must read object ${(i * 104729) % 99991} once per quarter at cost ${i % 13}. What should you configure?`,
      }),
    );
    const t0 = performance.now();
    const problems = check(items);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(errors(problems)).toEqual([]);
  });
});

describe("successor of a retired exam", () => {
  const retired = () => {
    const e = testExam();
    e.code = "CLD-050";
    e.status = "retired";
    return e;
  };
  it("accepts a successor in the content with a map over both exams' domains", () => {
    const old = retired();
    old.successor = { code: "CLD-100", domainMap: { storage: ["storage"], compute: ["compute", "operations"] } };
    const problems = validateContent([loadedExam([]), { exam: old, file: "CLD-050/exam.yaml", items: [] }]);
    expect(problems.filter((p) => p.field.startsWith("successor"))).toEqual([]);
  });
  it("names an unknown successor, and unknown domains on either side", () => {
    const a = retired();
    a.successor = { code: "NOPE-1", domainMap: {} };
    const b = retired();
    b.code = "CLD-051";
    b.successor = { code: "CLD-100", domainMap: { storage: ["no-such"], nowhere: ["compute"] } };
    const problems = validateContent([loadedExam([]), { exam: a, file: "CLD-050/exam.yaml", items: [] }, { exam: b, file: "CLD-051/exam.yaml", items: [] }]);
    const msgs = problems.filter((p) => p.field.startsWith("successor")).map((p) => `${p.file} ${p.field}: ${p.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringContaining("CLD-050/exam.yaml successor.code: no exam NOPE-1"),
        expect.stringContaining("no-such is not a domain of CLD-100"),
        expect.stringContaining("nowhere is not a domain of CLD-051"),
      ]),
    );
  });
});

describe("item types (docs/content-format.md, \"Item types\")", () => {
  const statements = (n: number) => Array.from({ length: n }, (_, i) => ({ id: "abcdefgh"[i], text: `Statement ${i}`, correct: i % 2 === 0, rationale: "r" }));
  const steps = (correct: string) => "abcd".split("").map((id) => ({ id, text: `Action ${id}`, correct: correct.includes(id), rationale: "r" }));
  const DROPDOWN_STEM = "Complete the command: az storage account create --sku [[sku]] --kind [[kind]]";
  const choice = (id: string, blank: string | undefined, correct = false) => ({ id, blank, text: `Choice ${id}`, correct, rationale: "r" });
  const dropdownOptions = () => [choice("a", "sku", true), choice("b", "sku"), choice("c", "kind"), choice("d", "kind", true)];
  const typeProblems = (overrides: Partial<Item>) => check([makeItem(overrides)]).filter((p) => p.field !== "reviewed");

  describe("yesno", () => {
    it("three to five statements: no problem (any may be Yes or No)", () => {
      expect(check([makeItem({ type: "yesno", options: statements(3) })])).toEqual([]);
      expect(check([makeItem({ type: "yesno", options: statements(5).map((o) => ({ ...o, correct: true })) })])).toEqual([]);
    });
    it("one statement is an error", () => {
      const p = only(check([makeItem({ type: "yesno", options: statements(1) })]), "options");
      expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
      expect(p[0].message).toMatch(/needs at least two statements.*add statements as options/);
    });
    it("six statements is an error", () => {
      const p = only(check([makeItem({ type: "yesno", options: statements(6) })]), "options");
      expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
      expect(p[0].message).toMatch(/at most five statements, not 6; split it into two items/);
    });
    it("two statements is a warning", () => {
      const p = only(check([makeItem({ type: "yesno", options: statements(2) })]), "options");
      expect(p).toEqual([expect.objectContaining({ severity: "warning" })]);
      expect(p[0].message).toMatch(/usually has three to five statements; add one or more/);
    });
  });

  describe("order", () => {
    it("steps in `order`, the other options distractors: no problem", () => {
      expect(check([makeItem({ type: "order", options: steps("abc"), order: ["c", "a", "b"] })])).toEqual([]);
    });
    it("a step in `order` that is not an option", () => {
      const p = only(typeProblems({ type: "order", options: steps("abc"), order: ["c", "a", "b", "z"] }), "order[3]");
      expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
      expect(p[0].message).toMatch(/"z" is not an option of this item; every step in `order` must be one of the options \(a, b, c, d\)/);
    });
    it("a step repeated in `order`", () => {
      const p = only(typeProblems({ type: "order", options: steps("abc"), order: ["c", "a", "c", "b"] }), "order[2]");
      expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
      expect(p[0].message).toMatch(/"c" appears twice in `order`; each step is used once/);
    });
    it("a correct option left out of `order`", () => {
      const problems = typeProblems({ type: "order", options: steps("abc"), order: ["c", "a"] });
      expect(problems.map((p) => p.field)).toEqual(["options[1].correct"]);
      expect(problems[0].severity).toBe("error");
      expect(problems[0].message).toMatch(/option b is marked correct but is not in `order`; add it to `order` or remove `correct: true`/);
    });
    it("a step in `order` not marked correct", () => {
      const p = only(typeProblems({ type: "order", options: steps("ab"), order: ["a", "b", "c"] }), "options[2].correct");
      expect(p[0].message).toMatch(/option c is a step in `order`; mark it `correct: true`/);
    });
    it("no `order`, or a single step", () => {
      expect(only(typeProblems({ type: "order", options: steps("ab") }), "order")[0].message).toMatch(/needs `order:` with the ids of the steps in the right sequence, e.g. `order: \[c, a, d\]`/);
      expect(only(typeProblems({ type: "order", options: steps("a"), order: ["a"] }), "order")[0].message).toMatch(/at least two steps in `order`/);
    });
    it("`order` on an item that is not an order item", () => {
      for (const type of ["single", "yesno"] as const) {
        const p = only(check([makeItem({ type, order: ["a", "b"] })]), "order");
        expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
        expect(p[0].message).toMatch(/`order` is only for order \(build-list\) items; remove it or use `type: order`/);
      }
    });
  });

  describe("dropdown", () => {
    it("two blanks, each with two options and one right: no problem", () => {
      expect(check([makeItem({ type: "dropdown", stem: DROPDOWN_STEM, options: dropdownOptions() })])).toEqual([]);
    });
    it("a blank with one option", () => {
      const options = dropdownOptions().filter((o) => o.id !== "c");
      const p = only(typeProblems({ type: "dropdown", stem: DROPDOWN_STEM, options }), "options[2].blank");
      expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
      expect(p[0].message).toMatch(/blank "kind" has only one option; give each blank at least two options/);
    });
    it("a blank with no placeholder in the question", () => {
      const p = only(typeProblems({ type: "dropdown", stem: "Set the SKU to [[sku]].", options: dropdownOptions() }), "stem");
      expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
      expect(p[0].message).toMatch(/blank "kind" has options but the question has no `\[\[kind\]\]` placeholder; put `\[\[kind\]\]` where the choice goes/);
    });
    it("a placeholder with no options", () => {
      const p = only(typeProblems({ type: "dropdown", stem: `${DROPDOWN_STEM} --access-tier [[tier]]`, options: dropdownOptions() }), "stem");
      expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
      expect(p[0].message).toMatch(/`\[\[tier\]\]` placeholder but no option has `blank: tier`; add its options/);
    });
    it("two correct options in one blank (and none in another)", () => {
      const options = dropdownOptions().map((o) => (o.id === "b" ? { ...o, correct: true } : o.id === "d" ? { ...o, correct: false } : o));
      const problems = typeProblems({ type: "dropdown", stem: DROPDOWN_STEM, options });
      expect(problems.map((p) => [p.field, p.severity])).toEqual([
        ["options[0].correct", "error"],
        ["options[2].correct", "error"],
      ]);
      expect(problems[0].message).toMatch(/blank "sku" needs exactly one option marked `correct: true`, not 2/);
      expect(problems[1].message).toMatch(/blank "kind" needs exactly one option marked `correct: true`, not 0/);
    });
    it("an option without a blank", () => {
      const options = dropdownOptions().map((o) => (o.id === "d" ? { ...o, blank: undefined } : o));
      expect(only(typeProblems({ type: "dropdown", stem: DROPDOWN_STEM, options }), "options[3].blank")[0].message).toMatch(/names its blank; add `blank: <id>`/);
    });
    it("one blank is a warning", () => {
      const p = only(check([makeItem({ type: "dropdown", stem: "Use [[sku]].", options: dropdownOptions().slice(0, 2) })]), "options");
      expect(p).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringMatching(/consider `type: single`/) })]);
    });
    it("a placeholder used twice", () => {
      const p = only(typeProblems({ type: "dropdown", stem: `${DROPDOWN_STEM} and again [[sku]]`, options: dropdownOptions() }), "stem");
      expect(p[0].message).toMatch(/appears twice in the question; use each blank once/);
    });
    it("`blank` on a single item", () => {
      const options = [choice("a", "sku", true), choice("b", undefined), choice("c", undefined)];
      const p = only(check([makeItem({ options })]), "options[0].blank");
      expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
      expect(p[0].message).toMatch(/`blank` is only for dropdown items; remove it or use `type: dropdown`/);
    });
  });
});

describe("case studies", () => {
  const caseStudy = (overrides: Partial<CaseStudy> = {}): CaseStudy => ({
    id: "contoso",
    exam: "CLD-100",
    title: "Contoso, Ltd.",
    provenance: { kind: "original" },
    scenario: "Contoso runs two data centres.",
    file: "CLD-100/cases/contoso.md",
    ...overrides,
  });
  const withCases = (items: Item[], cases: CaseStudy[]) => validateContent([{ ...loadedExam(items), cases }]);

  it("an item using a case study of its exam: no problem", () => {
    expect(withCases([makeItem({ caseStudy: "contoso" })], [caseStudy()])).toEqual([]);
  });
  it("an item naming a missing case study, with the file to add", () => {
    const p = only(withCases([makeItem({ caseStudy: "fabrikam" })], []), "caseStudy");
    expect(p).toEqual([expect.objectContaining({ severity: "error" })]);
    expect(p[0].message).toMatch(/no case study "fabrikam" in CLD-100\/cases\/; add CLD-100\/cases\/fabrikam\.md$/);
    const known = only(withCases([makeItem({ caseStudy: "fabrikam" }), makeItem({ caseStudy: "contoso" })], [caseStudy()]), "caseStudy");
    expect(known.map((x) => x.message)).toEqual([expect.stringMatching(/add CLD-100\/cases\/fabrikam\.md or use one of: contoso$/)]);
  });
  it("an unused case study is a warning on its file", () => {
    const p = withCases([makeItem()], [caseStudy()]);
    expect(p).toEqual([expect.objectContaining({ severity: "warning", file: "CLD-100/cases/contoso.md", field: "id" })]);
    expect(p[0].message).toMatch(/no item uses case study contoso; add `caseStudy: contoso` to its items or remove the file/);
  });
  it("ids unique, the exam's own, and named like the file", () => {
    const items = [makeItem({ caseStudy: "contoso" })];
    const twice = withCases(items, [caseStudy(), caseStudy({ file: "CLD-100/cases/contoso-2.md" })]);
    expect(twice.filter((p) => p.severity === "error").map((p) => p.message)).toEqual([expect.stringMatching(/case study id "contoso" is used twice in CLD-100; give each case study its own id/)]);
    expect(only(twice, "id").some((p) => p.severity === "warning" && /name the file contoso\.md/.test(p.message))).toBe(true);
    const foreign = only(withCases(items, [caseStudy({ exam: "CLD-200" })]), "exam");
    expect(foreign[0].message).toMatch(/"CLD-200" does not match the exam folder CLD-100; use `exam: CLD-100`/);
  });
  it("are loaded from <EXAM>/cases/*.md and checked with real line numbers", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "baseline-cases-"));
    try {
      cpSync(VALID_CONTENT, root, { recursive: true });
      mkdirSync(path.join(root, "CLD-100/cases"));
      writeFileSync(path.join(root, "CLD-100/cases/contoso.md"), "---\nid: contoso\nexam: CLD-100\ntitle: Contoso, Ltd.\nprovenance: { kind: original }\n---\n## Overview\n\nContoso runs two data centres.\n");
      const { exams, problems } = await checkContent(root);
      expect(exams[0].cases?.map((c) => [c.id, c.title, c.file, c.scenario])).toEqual([["contoso", "Contoso, Ltd.", "CLD-100/cases/contoso.md", "## Overview\n\nContoso runs two data centres."]]);
      expect(problems.filter((p) => p.file.includes("/cases/")).map((p) => formatProblem(p))).toEqual([
        "CLD-100/cases/contoso.md:2: warning: id: no item uses case study contoso; add `caseStudy: contoso` to its items or remove the file",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
