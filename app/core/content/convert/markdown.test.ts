import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { convertMarkdown, isBackToTop } from "./markdown";
import { FIXTURES, testExam } from "../test-helpers";

const exam = testExam();
const opts = { exam, sourceName: "https://example.com/community/bank" };
const bank = readFileSync(path.join(FIXTURES, "convert/bank.md"), "utf8");

describe("convertMarkdown on a community-style file", () => {
  const { items, skipped } = convertMarkdown(bank, opts);

  it("converts questions with a marked answer", () => {
    expect(items.map((i) => [i.sourceLine, i.type, i.domain])).toEqual([
      [11, "single", "storage"],
      [21, "multiple", "compute"],
      [46, "single", "networking"],
      [75, "single", "operations"],
    ]);
  });

  it("uses the heading as stem unless it is a number", () => {
    expect(items[0].stem).toBe("Which access tier keeps the storage cost lowest for invoices read once a year?");
    expect(items[2].stem).toBe("Which feature lets a load balancer stop sending traffic to a failed server?");
    expect(items[1].stem.startsWith("A function answers its first request")).toBe(true);
  });

  it("keeps images and code blocks (task-list lines inside code are not options)", () => {
    expect(items[1].stem).toContain("![latency chart](images/cold-start.png)");
    expect(items[1].stem).toContain("```text\nGET /orders  ->  first call 4.8 s, later calls 120 ms\n- [x] this is not an option, it is inside a code block\n```");
    expect(items[1].options).toHaveLength(4);
    expect(items[1].choose).toBe(2);
  });

  it("reads continuation lines, upper-case X and * bullets", () => {
    expect(items[2].options[1]).toEqual({ id: "b", text: "A health probe\nthat checks each backend", correct: true });
    expect(items[3].options.map((o) => o.correct)).toEqual([false, true]);
  });

  it("takes text after the options as explanation and its URLs as references", () => {
    expect(items[1].explanation).toBe("Keeping an instance warm avoids the start; a smaller package shortens it.\nSee https://example.com/docs/functions/cold-start for details.");
    expect(items[1].references).toEqual(["https://example.com/docs/functions/cold-start"]);
  });

  it("drops back-to-top links and separators", () => {
    for (const i of items) expect(`${i.stem}\n${i.explanation}`).not.toMatch(/back to top|^---$/im);
  });

  it("skips questions without a marked answer or without options", () => {
    expect(skipped).toEqual([
      { line: 57, reason: expect.stringMatching(/^no answer is marked/) },
      { line: 69, reason: expect.stringMatching(/^no answer options/) },
    ]);
  });
});

describe("isBackToTop", () => {
  it.each([
    "**[⬆ Back to Top](#table-of-contents)**",
    "[Back to top](#top)",
    "⬆️ **[Back to top](#cloud-fundamentals-practice-questions)**",
    '<a href="#top">⬆ back to top</a>',
    "[↑ Top](#top)",
  ])("recognises %s", (line) => expect(isBackToTop(line)).toBe(true));
  it.each(["Go back to top of the stack and pop", "[Docs](https://example.com/top)", ""])("ignores %s", (line) => expect(isBackToTop(line)).toBe(false));
});
