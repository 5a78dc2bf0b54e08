import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReportText } from "./parse";
import { ALL } from "./test-exams";

const NOW = new Date("2026-12-01T12:00:00Z");
const parse = (text: string) => parseReportText(`AZ-104\n${text}`, ALL, { now: NOW });

describe("the scaled score under any common label", () => {
  it.each([
    ["Your score: 642", 642],
    ["Result: 642", 642],
    ["Your result: 612", 612],
    ["Passing score: 700 Your result: 612", 612],
    ["Score 642 / Passing score 700", 642],
    ["Passing score: 700\nYour score: 642", 642],
    ["Exam result 655 (pass mark 700)", 655],
    ["700 is the passing score. You scored 681.", 681],
    ["Score needed to pass: 700. Scaled score: 590", 590],
    ["Result\n688", 688],
    ["Minimum passing score 700, your score 733", 733],
  ])("%s -> %i", (text, score) => {
    expect(parse(text).score).toBe(score);
  });

  it("keeps the words the score was read from", () => {
    expect(parse("Passing score: 700 Your result: 612").scoreText).toBe("Passing score: 700 Your result: 612");
  });

  it("never takes the passing score for the score", () => {
    for (const t of ["Passing score: 700", "Passing score 700", "Pass mark: 700", "Score needed to pass: 700", "700 (passing score)", "Required score: 700"]) {
      expect(parse(t).score, t).toBeNull();
    }
  });

  it("leaves the score empty when the report shows several", () => {
    const r = parse("Your score: 642\nResult: 655");
    expect(r.score).toBeNull();
    expect(r.warnings.join(" ")).toContain("several scores (642, 655)");
  });

  it("property: a passing score written anywhere, with any label, is never read as the score", () => {
    const label = fc.constantFrom("Passing score", "Passing score:", "Pass mark", "Minimum passing score", "Score needed to pass:", "Required score:");
    const noise = fc.constantFrom("Microsoft", "Skills measured", "Implement and manage storage: Near baseline", "Result: Fail", "Thank you.");
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 900 }), label, fc.array(noise, { maxLength: 5 }), fc.constantFrom("\n", ". ", " "), (mark, lab, rest, joiner) => {
        const r = parse([...rest, `${lab} ${mark}`].join(joiner));
        expect(r.score).toBeNull();
        const withScore = parse([`${lab} ${mark}`, ...rest, "Your result: 512"].join(joiner));
        expect(withScore.score).toBe(512);
      }),
      { numRuns: 200 },
    );
  });
});
