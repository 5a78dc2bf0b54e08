import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./content-check";
import { memoryIo } from "../app/core/content/cli";
import { FIXTURES, REPO_ROOT } from "../app/core/content/test-helpers";

describe("content:check", () => {
  it("prints warnings and a summary for valid content, exit 0", async () => {
    const io = memoryIo(REPO_ROOT);
    const code = await main(["--dir", "tests/fixtures/content/valid"], io);
    expect(code).toBe(0);
    const out = io.stdout();
    expect(out).toContain(
      "tests/fixtures/content/valid/CLD-100/items/operations/cld100-operations-001.md:21: warning: reviewed: not reviewed yet",
    );
    expect(out).toMatch(/content:check: tests\/fixtures\/content\/valid\/ is valid: 1 exam, 4 items, 0 errors, 4 warnings\n {2}CLD-100 {2}Cloud Fundamentals Practice {2}active {2}4 items\n$/);
    expect(io.stderr()).toBe("");
  });

  it("prints every problem as file:line: field: message and exits 1 on errors", async () => {
    const io = memoryIo(REPO_ROOT);
    const code = await main(["--dir", path.join(FIXTURES, "content/broken")], io);
    expect(code).toBe(1);
    const lines = io.stdout().trim().split("\n");
    expect(lines).toContain("tests/fixtures/content/broken/BAD-1/exam.yaml:12: domains[0].weight: weight.min must not exceed weight.max");
    expect(lines.at(-1)).toMatch(/^content:check: \d+ errors, \d+ warnings? in tests\/fixtures\/content\/broken\/ \(1 exam, 1 item loaded\)$/);
  });

  it("rejects unknown options with exit 2", async () => {
    const io = memoryIo(REPO_ROOT);
    expect(await main(["--bogus"], io)).toBe(2);
    expect(io.stderr()).toMatch(/usage: npm run content:check/);
  });

  it("defaults to content/", async () => {
    const io = memoryIo(path.join(FIXTURES, "content/valid/.."));
    // cwd without a content/ folder: reports that it cannot read it
    expect(await main([], io)).toBe(1);
    expect(io.stdout()).toMatch(/^content:1: \(directory\): cannot read the content directory/);
  });
});
