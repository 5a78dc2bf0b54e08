/**
 * Test helper: exam definitions read straight from content/<code>/exam.yaml with the
 * content schema (independent of the app's content loader), plus a made-up exam whose
 * wording shares nothing with Microsoft's, to show the parser is driven by data.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { ExamSchema, type ExamDefinition } from "../content/schema";

export const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../content");

export function loadExam(code: string, contentDir = CONTENT_DIR): ExamDefinition {
  const file = path.join(contentDir, code, "exam.yaml");
  return ExamSchema.parse(parseYaml(readFileSync(file, "utf8")));
}

export const AZ104 = loadExam("AZ-104");
export const AZ204 = loadExam("AZ-204");

/** A fictional exam with its own band words and a stricter pass mark. */
export const GARDEN: ExamDefinition = ExamSchema.parse({
  code: "GX-900",
  title: "Garden Operations Fundamentals",
  vendor: "Example",
  status: "active",
  blueprint: { version: "2026-01-01" },
  score: { min: 100, max: 900, passing: 600 },
  mock: { durationMinutes: 60, questions: 40 },
  domains: [
    { id: "soil", name: "Prepare soil and compost", weight: { min: 30, max: 40 }, objectives: [{ id: "ph", name: "Measure soil acidity" }] },
    { id: "water", name: "Plan irrigation and drainage", short: "Watering", weight: { min: 30, max: 40 }, objectives: [{ id: "drip", name: "Install drip lines" }] },
    { id: "pests", name: "Control pests organically", weight: { min: 20, max: 30 }, objectives: [{ id: "traps", name: "Set insect traps" }] },
  ],
  bands: [
    { label: "Wilting", level: "weak", aliases: ["dry", "needs water"] },
    { label: "Sprouting", level: "near", aliases: ["growing"] },
    { label: "Blooming", level: "strong", aliases: ["flowering", "in bloom"] },
  ],
  barThresholds: { nearFrom: 40, strongFrom: 80 },
  retakePolicy: { afterFirstFailHours: 48, afterLaterFailDays: 30, maxAttempts: 3, windowMonths: 6 },
});

export const ALL = [AZ104, AZ204];
