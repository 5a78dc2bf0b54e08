import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { convertCsv, detectDelimiter, parseLetters, splitReferences } from "./csv";
import { FIXTURES, testExam } from "../test-helpers";

const exam = testExam();
const opts = { exam, sourceName: "bank.csv" };
const read = (f: string) => readFileSync(path.join(FIXTURES, "convert", f), "utf8");

describe("convertCsv on a realistic file (BOM, multi-line fields, bad rows)", () => {
  const { items, skipped } = convertCsv(read("bank.csv"), opts);

  it("converts the good rows with their starting line", () => {
    expect(items.map((i) => [i.sourceLine, i.type, i.domain, i.objective])).toEqual([
      [2, "single", "storage", "object-storage"],
      [3, "multiple", "networking", "networks"],
      [8, "single", "operations", "recovery"],
      [15, "single", "operations", "monitoring"],
      [17, "single", "storage", undefined],
    ]);
  });

  it("maps columns to item fields", () => {
    const [tiers, nets, restore, alert] = items;
    expect(tiers).toMatchObject({
      stem: "Which tier is cheapest for data read once a year?",
      difficulty: 2,
      explanation: "Archive has the lowest storage price.",
      references: ["https://example.com/docs/tiers"],
      provenance: { kind: "imported", source: "bank.csv" },
      revision: 1,
    });
    expect(tiers.options.map((o) => [o.id, o.text, o.correct])).toEqual([
      ["a", "Hot", false],
      ["b", "Cool", false],
      ["c", "Cold", false],
      ["d", "Archive", true],
    ]);
    expect(tiers.suggestedDomain).toBeUndefined();
    expect(tiers.tags).toBeUndefined();
    expect(nets.stem).toContain("- servers in separate address ranges\n- traffic between them kept private");
    expect(nets).toMatchObject({ choose: 2, references: ["https://example.com/docs/subnets", "https://example.com/docs/peering"], tags: ["needs-review"] });
    expect(nets.options[0].rationale).toBe("Subnets split an address range.");
    expect(restore.explanation).toBe("Source: see the backup guide");
    expect(alert).toMatchObject({ suggestedDomain: true, tags: ["needs-review"] });
  });

  it("reports ragged and invalid rows, and a quote that is never closed, by line", () => {
    expect(skipped.map((s) => s.line)).toEqual([9, 10, 11, 12, 13, 16]);
    expect(skipped[0].reason).toMatch(/row has 4 fields but the header has 12/);
    expect(skipped[1].reason).toMatch(/difficulty "9"/);
    expect(skipped[2].reason).toMatch(/domain "databases" is not a domain of CLD-100/);
    expect(skipped[3].reason).toMatch(/no correct answer/);
    expect(skipped[4].reason).toMatch(/correct names option C but the row has only 2 options/);
    expect(skipped[5].reason).toMatch(/not closed before the line ends \(it runs on to line 17\)/);
  });
});

describe("convertCsv variants", () => {
  it("reads an `options` column separated by | and a semicolon delimiter", () => {
    const { items, skipped } = convertCsv(read("bank-options.csv"), opts);
    expect(skipped).toEqual([]);
    expect(items.map((i) => [i.options.length, i.options.filter((o) => o.correct).map((o) => o.id).join("")])).toEqual([
      [3, "a"],
      [4, "ac"],
    ]);
  });
  it("reads tab-separated text with CRLF line endings", () => {
    const { items } = convertCsv("Question\tOption A\tOption B\tCorrect\r\nWhich is first?\tOne\tTwo\tA\r\n", opts);
    expect(items[0]).toMatchObject({ stem: "Which is first?", sourceLine: 2 });
  });
  it("requires a header with question, options and correct", () => {
    expect(convertCsv("stem_text,a,b\nx,y,z\n", opts).skipped[0].reason).toMatch(/no "question" column/);
    expect(convertCsv("question,correct\nx,A\n", opts).skipped[0].reason).toMatch(/no option columns/);
    expect(convertCsv("question,option_a,option_b\nx,y,z\n", opts).skipped[0].reason).toMatch(/no "correct" column/);
  });
  it("reports gaps in the options, quotes in unquoted fields and unknown objectives", () => {
    const text = 'question,option_a,option_b,option_c,correct,objective\nGap?,A,,C,A,\nA 5" disk?,Yes,No,,A,\nObj?,A,B,,A,nonsense\n';
    const { skipped } = convertCsv(text, opts);
    expect(skipped.map((s) => [s.line, s.reason.split(/[;,]/)[0]])).toEqual([
      [2, "option_b is empty but a later option is filled"],
      [3, "a quote inside an unquoted field"],
      [4, 'objective "nonsense" is not an objective of CLD-100'],
    ]);
  });
  it("handles empty input and blank rows", () => {
    expect(convertCsv("", opts)).toEqual({ items: [], skipped: [] });
    expect(convertCsv("question,option_a,option_b,correct\n,,,\n\n", opts)).toEqual({ items: [], skipped: [] });
  });
});

describe("helpers", () => {
  it("parses correct letters", () => {
    expect(parseLetters("B")).toEqual([1]);
    expect(parseLetters("A,C")).toEqual([0, 2]);
    expect(parseLetters("c; a")).toEqual([0, 2]);
    expect(parseLetters("AC")).toEqual([0, 2]);
    expect(parseLetters("B.")).toEqual([1]);
    expect(parseLetters("Z")).toBeUndefined();
    expect(parseLetters("")).toBeUndefined();
  });
  it("detects the delimiter from the header", () => {
    expect(detectDelimiter('a;b;"c,d"\n1,2,3')).toBe(";");
    expect(detectDelimiter("a\tb\n")).toBe("\t");
    expect(detectDelimiter("question\n")).toBe(",");
  });
  it("splits references", () => {
    expect(splitReferences("https://a.example.com/x | https://b.example.com/y;see page 4")).toEqual(["https://a.example.com/x", "https://b.example.com/y", "see page 4"]);
  });
});
