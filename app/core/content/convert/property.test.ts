/**
 * Property tests: converters and the item parser never throw on arbitrary input; whatever a
 * converter produces is a valid item that survives write -> parse unchanged.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertGift } from "./gift";
import { convertCsv } from "./csv";
import { convertMarkdown } from "./markdown";
import { serializeItem, itemRelativePath } from "./write";
import { parseItem } from "../parse-item";
import { validateContent } from "../validate";
import { loadedExam, testExam } from "../test-helpers";
import type { ConvertResult } from "./common";
import type { Item } from "../schema";

const exam = testExam();
const opts = { exam, sourceName: "fuzz" };

/** Strings made of the characters each format cares about, plus arbitrary text. */
const pieces = {
  gift: ["{", "}", "=", "~", "#", "####", "::", "%50%", "%-100%", "\\", "\n", "\n\n", "//", "$CATEGORY: x", "[html]", "[markdown]", "<p>", "->", "T", " ", "a", "Which?"],
  csv: [",", ";", "\t", '"', '""', "\n", "\r\n", "question", "option_a", "option_b", "options", "correct", "A", "B", "A,C", "|", "domain", "storage", "difficulty", "3", "x", " "],
  markdown: ["### ", "## ", "- [ ] ", "- [x] ", "* [X] ", "```", "~~~", "---", "\n", "  ", "![i](a.png)", "**[⬆ Back to Top](#top)**", "Which", "?", "1", "## Explanation", " "],
};
const structured = (p: string[]) => fc.array(fc.oneof(fc.constantFrom(...p), fc.string({ maxLength: 8 })), { maxLength: 60 }).map((a) => a.join(""));
const anyText = fc.string({ unit: "binary", maxLength: 300 });

function checkResult(r: ConvertResult) {
  expect(Array.isArray(r.items)).toBe(true);
  for (const s of r.skipped) {
    expect(s.line).toBeGreaterThanOrEqual(1);
    expect(s.reason.length).toBeGreaterThan(0);
  }
  const parsed: Item[] = [];
  for (const item of r.items) {
    const { sourceLine, ...front } = item;
    const file = itemRelativePath(item);
    const back = parseItem(serializeItem(item), file);
    expect(back.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(back.item).toEqual({ ...front, file });
    parsed.push(back.item!);
  }
  // converted output passes content:check: warnings only
  expect(validateContent([loadedExam(parsed, exam)]).filter((p) => p.severity === "error")).toEqual([]);
}

/** Arbitrary text for stems/options: any code points, also the formats' special characters. */
const text = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  fc.array(fc.constantFrom("a", "b", " ", "\n", "{", "}", "=", "~", "#", ":", "\\", '"', ",", "|", "-", "[x]", "```", "## Explanation", "---", "é", "😀"), { minLength: 1, maxLength: 20 }).map((a) => a.join("")),
);
const escapeGift = (t: string) => t.replace(/[\\~=#{}:]/g, (c) => `\\${c}`).replace(/\n/g, "\\n");
const csvField = (t: string) => `"${t.replace(/"/g, '""')}"`;
const question = fc.record({
  stem: text,
  options: fc.array(fc.record({ text, correct: fc.boolean(), feedback: fc.option(text, { nil: undefined }) }), { minLength: 2, maxLength: 8 }),
  general: fc.option(text, { nil: undefined }),
});
type Q = typeof question extends fc.Arbitrary<infer T> ? T : never;

const wellFormed = {
  gift: fc.array(question, { minLength: 1, maxLength: 5 }).map((qs: Q[]) =>
    qs
      .map((q) => {
        const multi = q.options.filter((o) => o.correct).length > 1;
        const answers = q.options.map((o) => `${multi ? `~%${o.correct ? 50 : -100}%` : o.correct ? "=" : "~"}${escapeGift(o.text)}${o.feedback ? `#${escapeGift(o.feedback)}` : ""}`);
        return `${escapeGift(q.stem)} {\n${answers.join("\n")}${q.general ? `\n####${escapeGift(q.general)}` : ""}\n}`;
      })
      .join("\n\n"),
  ),
  csv: fc.array(question, { minLength: 1, maxLength: 5 }).map((qs: Q[]) =>
    [
      "question,option_a,option_b,option_c,option_d,option_e,option_f,option_g,option_h,correct,explanation",
      ...qs.map((q) => {
        const opts8 = Array.from({ length: 8 }, (_, i) => csvField(q.options[i]?.text ?? ""));
        const correct = q.options.map((o, i) => (o.correct ? "ABCDEFGH"[i] : "")).filter(Boolean).join(",");
        return [csvField(q.stem), ...opts8, correct, csvField(q.general ?? "")].join(",");
      }),
    ].join("\n"),
  ),
  markdown: fc.array(question, { minLength: 1, maxLength: 5 }).map((qs: Q[]) =>
    qs
      .map((q, n) => `### ${n + 1}\n\n${q.stem}\n\n${q.options.map((o) => `- [${o.correct ? "x" : " "}] ${o.text.replace(/\n/g, " ")}`).join("\n")}\n\n---\n`)
      .join("\n"),
  ),
};

describe.each([
  ["gift", convertGift, pieces.gift, wellFormed.gift],
  ["csv", convertCsv, pieces.csv, wellFormed.csv],
  ["markdown", convertMarkdown, pieces.markdown, wellFormed.markdown],
] as const)("%s converter", (_name, convert, p, good) => {
  it("never throws on arbitrary strings", () => {
    fc.assert(fc.property(anyText, (s) => checkResult(convert(s, opts))), { numRuns: 300 });
  });
  it("never throws on format-shaped noise", () => {
    fc.assert(fc.property(structured(p), (s) => checkResult(convert(s, opts))), { numRuns: 500 });
  });
  it("converts well-formed questions with arbitrary text into valid items that round-trip", () => {
    let converted = 0;
    fc.assert(
      fc.property(good, (s) => {
        const r = convert(s, opts);
        converted += r.items.length;
        checkResult(r);
      }),
      { numRuns: 300 },
    );
    expect(converted).toBeGreaterThan(100); // the property is not vacuous
  });
});
