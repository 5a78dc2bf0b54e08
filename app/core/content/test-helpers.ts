/**
 * Builders for unit tests of the content modules (not used by production code).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseExam, type LoadedExam } from "./load";
import type { ExamDefinition, Item } from "./schema";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const FIXTURES = path.join(REPO_ROOT, "tests/fixtures");
export const VALID_CONTENT = path.join(FIXTURES, "content/valid");

/** The fictional CLD-100 exam of tests/fixtures/content/valid (a fresh copy per call). */
export function testExam(): ExamDefinition {
  const file = path.join(VALID_CONTENT, "CLD-100/exam.yaml");
  const parsed = parseExam(readFileSync(file, "utf8"), "CLD-100/exam.yaml");
  if (!parsed.exam) throw new Error(`fixture exam invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.exam;
}

let counter = 0;

/** A complete, valid, reviewed original single-answer item of CLD-100 (override anything). */
export function makeItem(overrides: Partial<Item> = {}): Item {
  counter++;
  const id = overrides.id ?? `cld100-storage-t${String(counter).padStart(4, "0")}`;
  const domain = overrides.domain ?? "storage";
  return {
    id,
    exam: "CLD-100",
    domain,
    objective: domain === "storage" ? "object-storage" : undefined,
    type: "single",
    difficulty: 3,
    options: [
      { id: "a", text: "First option", correct: true, rationale: "Why a is right." },
      { id: "b", text: "Second option", correct: false, rationale: "Why b is wrong." },
      { id: "c", text: "Third option", correct: false, rationale: "Why c is wrong." },
    ],
    references: ["https://example.com/docs/page"],
    provenance: { kind: "original" },
    revision: 1,
    reviewed: { by: "tester", on: "2026-01-01" },
    stem: `Unique question number ${counter} about ${id} with enough words to stand alone?`,
    explanation: "Because the documentation says so.",
    file: `CLD-100/items/${domain}/${id}.md`,
    ...overrides,
  } as Item;
}

export function loadedExam(items: Item[], exam: ExamDefinition = testExam()): LoadedExam {
  return { exam, file: `${exam.code}/exam.yaml`, items };
}
