import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { convertGift, htmlToText, unescapeGift } from "./gift";
import { FIXTURES, testExam } from "../test-helpers";

const exam = testExam();
const opts = { exam, sourceName: "bank.gift" };
const bank = readFileSync(path.join(FIXTURES, "convert/bank.gift"), "utf8");

describe("convertGift on a realistic bank", () => {
  const { items, skipped } = convertGift(bank, opts);

  it("converts the multiple-choice questions with their source lines", () => {
    expect(items.map((i) => [i.sourceLine, i.type, i.choose ?? 1, i.domain])).toEqual([
      [6, "single", 1, "storage"],
      [15, "multiple", 2, "compute"],
      [23, "single", 1, "networking"],
      [29, "single", 1, "operations"],
      [39, "dropdown", 1, "storage"],
      [50, "single", 1, "operations"],
    ]);
  });

  it("turns a matching question into a drop-down item: a blank per premise, every answer offered", () => {
    const match = items.find((i) => i.sourceLine === 39)!;
    expect(match.stem).toBe("Match each tier to its use.\n\n1. Hot: [[m1]]\n2. Archive: [[m2]]");
    expect(match.options.map((o) => [o.blank, o.text, o.correct])).toEqual([
      ["m1", "frequent reads", true],
      ["m1", "yearly audits", false],
      ["m2", "frequent reads", false],
      ["m2", "yearly audits", true],
    ]);
  });

  it("keeps title out of the stem, maps feedback to rationale and #### to explanation", () => {
    const [archive] = items;
    expect(archive.stem).toBe(
      "A team keeps scanned invoices that are read once a year during an audit.\nRetrieval may take hours. Which **access tier** keeps the storage cost lowest?",
    );
    expect(archive.options).toEqual([
      { id: "a", text: "Archive", correct: true, rationale: "Lowest storage price; slow retrieval is acceptable here." },
      { id: "b", text: "Hot", correct: false, rationale: "Priced for data that is read often." },
      { id: "c", text: "Cool", correct: false, rationale: "Cheaper than hot, but more expensive than archive to store." },
    ]);
    expect(archive.explanation).toBe("Rarely read data that can wait for retrieval belongs in the archive tier.");
  });

  it("treats positive weights as correct in multiple-answer questions", () => {
    expect(items[1].options.map((o) => o.correct)).toEqual([true, true, false, false]);
    expect(items[1].options[2].rationale).toBe("The timeout does not affect start-up.");
  });

  it("turns [html] into Markdown-ish text and resolves escapes", () => {
    expect(items[2].stem).toBe("A load balancer must stop sending traffic to a server that fails.\n\nWhich setting = the **right** tool { and not a guess }?");
    expect(items[2].options.map((o) => o.text)).toEqual(["A health probe: checks each backend", "A second DNS record ~ per server", "A larger subnet # for more addresses"]);
  });

  it("marks the gap of a missing-word question", () => {
    expect(items[3].stem).toBe("The command that lists every snapshot of a volume is _____ in the CLI.");
  });

  it("adds provenance, revision, a suggested domain and the needs-review tag", () => {
    for (const i of items) {
      expect(i.provenance).toEqual({ kind: "imported", source: "bank.gift" });
      expect(i.revision).toBe(1);
      expect(i.suggestedDomain).toBe(true);
      expect(i.tags).toEqual(["needs-review"]);
      expect(i.id).toMatch(/^cld100-[0-9a-f]{10}$/);
    }
  });

  it("skips other question kinds and malformed questions with line and reason", () => {
    expect(skipped).toEqual([
      { line: 33, reason: expect.stringMatching(/^true\/false question/) },
      { line: 35, reason: expect.stringMatching(/^short-answer question/) },
      { line: 37, reason: expect.stringMatching(/^numerical question/) },
      { line: 44, reason: expect.stringMatching(/^essay question/) },
      { line: 46, reason: expect.stringMatching(/^unterminated '\{' \(opened on line 46\)/) },
      { line: 56, reason: expect.stringMatching(/^no answer block/) },
    ]);
  });
});

describe("convertGift details", () => {
  it("gives the same ids when converting again, and different ids for different stems", () => {
    const a = convertGift(bank, opts).items.map((i) => i.id);
    expect(convertGift(bank, opts).items.map((i) => i.id)).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    expect(convertGift(bank, { ...opts, idPrefix: "Team Bank" }).items[0].id).toMatch(/^team-bank-[0-9a-f]{10}$/);
  });
  it("uses --domain when given and then only suggests the objective", () => {
    const { items } = convertGift("Which tier is cheapest for archive data? {=Archive ~Hot}", { ...opts, domain: "storage" });
    expect(items[0]).toMatchObject({ domain: "storage", objective: "object-storage", tags: ["needs-review"] });
    expect(items[0].suggestedDomain).toBeUndefined();
  });
  it("throws for a --domain the exam does not have", () => {
    expect(() => convertGift("", { ...opts, domain: "nope" })).toThrow(/not a domain of CLD-100/);
  });
  it("skips several '=' answers, partial credit in single answers, missing correct answers and repeats", () => {
    const text = [
      "Q1 which? {=a =b ~c}",
      "",
      "Q2 which? {=a ~%50%b ~c}",
      "",
      "Q3 which? {~a ~b}",
      "",
      "Q4 which? {=a ~b}",
      "",
      "q4   WHICH? {=a ~b ~c}",
      "",
      "Q5 {=a ~b} and {=c ~d}",
    ].join("\n");
    const { items, skipped } = convertGift(text, opts);
    expect(items).toHaveLength(1);
    expect(skipped.map((s) => [s.line, s.reason.split(/[;(]/)[0].trim()])).toEqual([
      [1, "several '=' answers"],
      [3, "partial-credit answer in a single-answer question"],
      [5, "no correct answer is marked"],
      [9, "same question text"],
      [11, "more than one answer block"],
    ]);
  });
  it("ignores comments inside a question and handles CRLF", () => {
    const { items } = convertGift("// header\r\nWhich one?\r\n// note\r\n{\r\n=Yes\r\n~No\r\n}\r\n", opts);
    expect(items[0]).toMatchObject({ stem: "Which one?", sourceLine: 2 });
  });
  it("reports a brace inside an answer block", () => {
    expect(convertGift("Which? {=a {b} ~c}", opts).skipped[0].reason).toMatch(/'\{' inside the answer block/);
  });
  it("unescapes and converts HTML", () => {
    expect(unescapeGift("a\\=b\\~c\\#d\\{e\\}f\\:g\\nh\\\\i")).toBe("a=b~c#d{e}f:g\nh\\i");
    expect(htmlToText("<p>One &amp; <em>two</em></p><ul><li>x</li></ul>")).toBe("One & *two*\n\n- x");
  });
});
