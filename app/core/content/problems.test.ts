import { describe, expect, it } from "vitest";
import { countProblems, error, fieldName, formatProblem, hasErrors, sortProblems, warning } from "./problems";

describe("formatProblem", () => {
  it("prints file:line: field: message for errors", () => {
    expect(formatProblem(error("AZ-104/items/storage/x.md", 12, "options[1].rationale", "is missing; add it"))).toBe(
      "AZ-104/items/storage/x.md:12: options[1].rationale: is missing; add it",
    );
  });
  it("marks warnings visibly after the location", () => {
    expect(formatProblem(warning("a.md", 3, "reviewed", "not reviewed yet"))).toBe("a.md:3: warning: reviewed: not reviewed yet");
  });
  it("joins a path prefix", () => {
    expect(formatProblem(error("A/exam.yaml", 1, "code", "m"), "content")).toBe("content/A/exam.yaml:1: code: m");
    expect(formatProblem(error("A/exam.yaml", 1, "code", "m"), "content/")).toBe("content/A/exam.yaml:1: code: m");
    expect(formatProblem(error("A/exam.yaml", 1, "code", "m"), ".")).toBe("A/exam.yaml:1: code: m");
  });
  it("clamps invalid line numbers to 1", () => {
    expect(error("f", 0, "x", "m").line).toBe(1);
    expect(error("f", Number.NaN, "x", "m").line).toBe(1);
  });
});

describe("helpers", () => {
  it("sorts by file, line, severity", () => {
    const sorted = sortProblems([warning("b", 1, "f", "m"), error("a", 5, "f", "m"), warning("a", 2, "f", "m"), error("a", 2, "f", "m")]);
    expect(sorted.map((p) => `${p.file}${p.line}${p.severity[0]}`)).toEqual(["a2e", "a2w", "a5e", "b1w"]);
  });
  it("counts and detects errors", () => {
    const list = [warning("b", 1, "f", "m"), error("a", 5, "f", "m")];
    expect(countProblems(list)).toEqual({ errors: 1, warnings: 1 });
    expect(hasErrors(list)).toBe(true);
    expect(hasErrors([warning("b", 1, "f", "m")])).toBe(false);
  });
  it("names fields from paths", () => {
    expect(fieldName(["options", 2, "rationale"])).toBe("options[2].rationale");
    expect(fieldName(["domains", 0, "objectives", 1, "id"])).toBe("domains[0].objectives[1].id");
    expect(fieldName([])).toBe("(file)");
  });
});
