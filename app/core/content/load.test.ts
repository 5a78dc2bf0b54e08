import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadContent, parseExam } from "./load";
import { formatProblem } from "./problems";
import { lineOf } from "./source-lines";
import { validateContent } from "./validate";
import { FIXTURES, VALID_CONTENT } from "./test-helpers";

describe("loadContent", () => {
  it("loads the valid fixture tree with paths relative to the root", async () => {
    const { exams, problems } = await loadContent(VALID_CONTENT);
    expect(problems).toEqual([]);
    expect(exams.map((e) => [e.exam.code, e.file, e.items.length])).toEqual([["CLD-100", "CLD-100/exam.yaml", 4]]);
    expect(exams[0].items.map((i) => i.file)).toEqual([
      "CLD-100/items/compute/cld100-compute-001.md",
      "CLD-100/items/networking/cld100-networking-001.md",
      "CLD-100/items/operations/cld100-operations-001.md",
      "CLD-100/items/storage/cld100-storage-001.md",
    ]);
    expect(lineOf(exams[0].exam, ["domains", 1, "weight"])).toBe(31);
  });

  it("reports broken exams, orphan items and broken YAML without throwing", async () => {
    const { exams, problems } = await loadContent(path.join(FIXTURES, "content/broken"));
    expect(exams.map((e) => e.exam.code)).toEqual(["OK-200"]);
    expect(exams[0].items.map((i) => i.id)).toEqual(["ok200-storage-001"]);
    const lines = problems.map((p) => formatProblem(p));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BAD-1\/exam\.yaml:1: title: is missing; add `title:`/),
        expect.stringMatching(/^BAD-1\/exam\.yaml:12: domains\[0\]\.weight: weight\.min must not exceed weight\.max/),
        expect.stringMatching(/^BAD-1\/exam\.yaml:18: bands\[0\]\.level: text "poor" is not allowed; use one of: weak, near, strong/),
        expect.stringMatching(/^BAD-1\/exam\.yaml:1: \(file\): the 1 item\(s\) of BAD-1 were parsed but not cross-checked/),
        expect.stringMatching(/^NOEXAM\/exam\.yaml:1: \(file\): NOEXAM\/ has items but no exam\.yaml/),
        expect.stringMatching(/^OK-200\/items\/storage\/ok200-storage-002\.md:\d+: /),
      ]),
    );
    expect(problems.some((p) => p.file.startsWith("schema"))).toBe(false);
  });

  it("reports a missing root directory", async () => {
    const { exams, problems } = await loadContent(path.join(FIXTURES, "does-not-exist"));
    expect(exams).toEqual([]);
    expect(problems[0].message).toMatch(/cannot read the content directory/);
  });
});

describe("parseExam", () => {
  it("reports YAML that is not a mapping", () => {
    expect(parseExam("- a\n", "X/exam.yaml").problems[0].message).toMatch(/key: value/);
  });
});

describe("10,000 items", () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("load + validate take seconds", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "baseline-bench-"));
    const exam = (await import("node:fs")).readFileSync(path.join(VALID_CONTENT, "CLD-100/exam.yaml"), "utf8");
    await mkdir(path.join(dir, "CLD-100/items/storage"), { recursive: true });
    await writeFile(path.join(dir, "CLD-100/exam.yaml"), exam);
    // skewed vocabulary of 600 words, mulberry32 PRNG (deterministic)
    const words = Array.from({ length: 600 }, (_, k) => `w${k.toString(36)}`);
    let seed = 7 >>> 0;
    const rnd = () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const N = 10_000;
    const writes: Promise<void>[] = [];
    for (let i = 0; i < N; i++) {
      const id = `cld100-storage-${String(i).padStart(5, "0")}`;
      const tail = Array.from({ length: 30 }, () => words[Math.floor(rnd() * rnd() * words.length)]).join(" ");
      const text = `---
id: ${id}
exam: CLD-100
domain: storage
objective: object-storage
type: single
difficulty: ${1 + (i % 5)}
options:
  - id: a
    text: Option one for ${i}
    correct: true
    rationale: Because one.
  - id: b
    text: Option two for ${i}
    rationale: Because not two.
  - id: c
    text: Option three for ${i}
    rationale: Because not three.
references:
  - https://example.com/docs/${i}
provenance:
  kind: original
reviewed: { by: bench, on: 2026-01-01 }
---
You manage a storage account for a team that keeps scanned documents. Case ${i}: ${tail}. What should you do?

## Explanation
Explanation ${i}.
`;
      writes.push(writeFile(path.join(dir, "CLD-100/items/storage", `${id}.md`), text));
      if (writes.length >= 500) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);

    const t0 = performance.now();
    const loaded = await loadContent(dir);
    const t1 = performance.now();
    const problems = validateContent(loaded.exams);
    const t2 = performance.now();
    expect(loaded.problems).toEqual([]);
    expect(loaded.exams[0].items).toHaveLength(N);
    expect(problems).toEqual([]);
    // Seconds, not minutes: ~3 s to load and <1 s to validate on an idle 2-core machine. The
    // limits are generous because CI machines are shared; they catch quadratic regressions.
    expect(t1 - t0).toBeLessThan(30_000);
    expect(t2 - t1).toBeLessThan(10_000);
    process.stdout.write(`  10k items: load ${Math.round(t1 - t0)} ms, validate ${Math.round(t2 - t1)} ms\n`);
  }, 60_000);
});
