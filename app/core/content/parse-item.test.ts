import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseItem, safeStem, splitBody } from "./parse-item";
import { formatProblem } from "./problems";
import { lineOf } from "./source-lines";

const GOOD = `---
id: cld100-storage-042
exam: CLD-100
domain: storage
objective: object-storage
type: single
difficulty: 2
options:
  - id: a
    text: Archive tier
    correct: true
    rationale: Cheapest storage for rarely read data.
  - id: b
    text: Hot tier
    rationale: Priced for frequent reads.
references:
  - https://example.com/docs/tiers
provenance:
  kind: original
revision: 1
reviewed:
  by: tester
  on: 2026-01-02
---
Which tier is cheapest for data read once a year?

## Explanation
Archive trades slow retrieval for the lowest price.
`;

describe("parseItem", () => {
  it("parses front matter, stem and explanation", () => {
    const { item, problems } = parseItem(GOOD, "CLD-100/items/storage/cld100-storage-042.md");
    expect(problems).toEqual([]);
    expect(item).toMatchObject({
      id: "cld100-storage-042",
      type: "single",
      difficulty: 2,
      stem: "Which tier is cheapest for data read once a year?",
      explanation: "Archive trades slow retrieval for the lowest price.",
      file: "CLD-100/items/storage/cld100-storage-042.md",
      reviewed: { by: "tester", on: "2026-01-02" },
    });
    expect(item!.options[1].correct).toBe(false);
  });

  it("maps every field to its line", () => {
    const { item } = parseItem(GOOD, "f.md");
    expect(lineOf(item!, ["id"])).toBe(2);
    expect(lineOf(item!, ["options"])).toBe(8);
    expect(lineOf(item!, ["options", 1])).toBe(13);
    expect(lineOf(item!, ["options", 1, "rationale"])).toBe(15);
    expect(lineOf(item!, ["options", 1, "correct"])).toBe(13); // absent -> the option's line
    expect(lineOf(item!, ["references", 0])).toBe(17);
    expect(lineOf(item!, ["reviewed", "on"])).toBe(23);
    expect(lineOf(item!, ["stem"])).toBe(25);
    expect(lineOf(item!, ["explanation"])).toBe(27);
  });

  it("accepts CRLF line endings and a BOM", () => {
    const { item, problems } = parseItem("\uFEFF" + GOOD.replace(/\n/g, "\r\n"), "f.md");
    expect(problems).toEqual([]);
    expect(item!.stem).toBe("Which tier is cheapest for data read once a year?");
    expect(lineOf(item!, ["options", 1, "rationale"])).toBe(15);
  });

  it("keeps Markdown, code blocks and a heading-like line inside a code block in the stem", () => {
    const text = GOOD.replace(
      "Which tier is cheapest for data read once a year?",
      "Look at this **config**:\n\n```yaml\n## Explanation\ntier: hot\n```\n\nWhat changes?",
    );
    const { item } = parseItem(text, "f.md");
    expect(item!.stem).toContain("```yaml\n## Explanation\ntier: hot\n```");
    expect(item!.explanation).toBe("Archive trades slow retrieval for the lowest price.");
  });

  it("reports a file without front matter", () => {
    const { item, problems } = parseItem("Just a question?\n", "f.md");
    expect(item).toBeUndefined();
    expect(formatProblem(problems[0])).toMatch(/^f\.md:1: front matter: an item file must start with a '---' line/);
  });

  it("reports unclosed front matter", () => {
    const { problems } = parseItem("---\nid: x\n", "f.md");
    expect(problems[0].message).toMatch(/not closed/);
  });

  it("reports YAML syntax errors at their line", () => {
    const text = GOOD.replace("difficulty: 2", "difficulty: 2\n  bad: [indent");
    const { item, problems } = parseItem(text, "f.md");
    expect(item).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].severity).toBe("error");
    expect(problems[0].line).toBeGreaterThanOrEqual(7);
    expect(problems[0].line).toBeLessThanOrEqual(9);
  });

  it("reports duplicate keys", () => {
    const { problems } = parseItem(GOOD.replace("difficulty: 2", "difficulty: 2\ndifficulty: 3"), "f.md");
    expect(problems.some((p) => p.line === 8 && /only once/.test(p.message))).toBe(true);
  });

  it("maps schema problems to field, line and a fix hint", () => {
    const text = GOOD.replace("domain: storage\n", "")
      .replace("type: single", "type: singel")
      .replace("    rationale: Priced for frequent reads.", "    rationale: Priced for frequent reads.\n    colour: red")
      .replace("https://example.com/docs/tiers", "ftp://example.com/tiers");
    const { item, problems } = parseItem(text, "f.md");
    expect(item).toBeUndefined();
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(byField.domain.line).toBe(1);
    expect(byField.domain.message).toMatch(/missing; add `domain: <domain id>`/);
    expect(byField.type.line).toBe(5);
    expect(byField.type.message).toMatch(/"singel" is not allowed; use one of: single, multiple/);
    expect(byField["options[1].colour"].line).toBe(15);
    expect(byField["options[1].colour"].message).toMatch(/unknown field "colour".*allowed here: id, text, correct, rationale/);
    expect(byField["references[0]"].line).toBe(17);
  });

  it("rejects a missing stem", () => {
    const { item, problems } = parseItem(GOOD.replace("Which tier is cheapest for data read once a year?\n", ""), "f.md");
    expect(item).toBeUndefined();
    expect(problems.map((p) => p.field)).toContain("stem");
  });

  it("reads an empty explanation and warns about a wrong-level heading", () => {
    const noExpl = parseItem(GOOD.replace(/## Explanation[\s\S]*$/, ""), "f.md");
    expect(noExpl.item!.explanation).toBe("");
    const wrong = parseItem(GOOD.replace("## Explanation", "### Explanation"), "f.md");
    expect(wrong.problems.map((p) => [p.field, p.severity, p.line])).toEqual([["explanation", "warning", 27]]);
    expect(wrong.item!.explanation).toBe("");
  });

  it("rejects front matter that is not a mapping", () => {
    expect(parseItem("---\n- a\n- b\n---\nstem", "f.md").problems[0].message).toMatch(/key: value/);
    expect(parseItem("---\n---\nstem", "f.md").problems[0].message).toMatch(/key: value/);
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (s) => {
        const r = parseItem(s, "f.md");
        expect(Array.isArray(r.problems)).toBe(true);
        if (!r.item) expect(r.problems.some((p) => p.severity === "error")).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on front-matter-shaped text", () => {
    const yamlish = fc.array(
      fc.oneof(
        fc.constantFrom("id: x", "options:", "  - id: a", "    text: t", "type: single", "difficulty: 9", "  correct: true", "&a [1]", "*a", "? x", "{", "key: 'open", "- ", "\t", ": :"),
        fc.string({ maxLength: 20 }),
      ),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(yamlish, fc.string({ maxLength: 60 }), (lines, body) => {
        const r = parseItem(`---\n${lines.join("\n")}\n---\n${body}`, "f.md");
        for (const p of r.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(typeof p.message).toBe("string");
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("splitBody / safeStem", () => {
  it("splits at the first explanation heading", () => {
    expect(splitBody("Q?\n\n## Explanation\nA\n\n## Explanation\nB")).toMatchObject({ stem: "Q?", explanation: "A\n\n## Explanation\nB", headingIndex: 2 });
  });
  it("escapes a literal heading and closes open fences, idempotently", () => {
    const s = safeStem("Q\n## Explanation\n```js\ncode");
    expect(s).toBe("Q\n\\## Explanation\n```js\ncode\n```");
    expect(safeStem(s)).toBe(s);
    expect(splitBody(s).stem).toBe(s);
  });
});
