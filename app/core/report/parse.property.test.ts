import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExamDefinition } from "../content/schema";
import { parseReportText, type ParsedReport } from "./parse";
import { ALL, AZ104, AZ204, GARDEN } from "./test-exams";

const EXAMS = [AZ104, AZ204, GARDEN];
const NOW = new Date("2026-12-01T00:00:00Z");

function checkInvariants(r: ParsedReport, exams: ExamDefinition[]) {
  expect(Array.isArray(r.domains)).toBe(true);
  expect(Array.isArray(r.unmatched)).toBe(true);
  expect(Array.isArray(r.warnings)).toBe(true);
  // The catch-all in parseReportText must not be what kept it from throwing.
  expect(r.warnings.filter((w) => w.startsWith("Could not read this report ("))).toEqual([]);
  if (r.exam === null) {
    expect(r.domains).toEqual([]);
    return;
  }
  const exam = exams.find((e) => e.code === r.exam);
  expect(exam).toBeDefined();
  const ids = new Set(exam!.domains.map((d) => d.id));
  const labels = new Set(exam!.bands.map((b) => b.label));
  for (const d of r.domains) {
    expect(ids.has(d.id)).toBe(true);
    expect(["weak", "near", "strong"]).toContain(d.level);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(labels.has(d.band) || ["Weak", "Near", "Strong"].includes(d.band)).toBe(true);
  }
  expect(new Set(r.domains.map((d) => d.id)).size).toBe(r.domains.length);
  if (r.date !== null) expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  if (r.score !== null) expect(Number.isInteger(r.score)).toBe(true);
}

// Words that occur in reports, so random strings often look almost like result lines.
const reportWords = [
  "AZ-104", "AZ-204", "az 104", "GX-900", "Score:", "Passing", "score", "700", "652", "Result:", "Pass", "Fail",
  "Below", "Near", "Above", "Target", "baseline", "Needs", "improvement", "strong", "weak", "near", "|", "-", "–",
  ":", "\t", "  ", "(15-20%)", "35%", "15%", "100%", "Storage", "Compute", "Networking", "Security", "Monitoring",
  "Develop", "Azure", "compute", "solutions", "Implement", "and", "manage", "virtual", "networking", "identities",
  "governance", "Wilting", "in bloom", "Watering", "•", "*", "1.", "Nov 3, 2026", "03/11/2026", "2026-11-03",
  "Microsoft", "Redmond", "\n", "\n", "\n", "#", "**",
];
const wordSoup = fc.array(fc.constantFrom(...reportWords), { maxLength: 60 }).map((ws) => ws.join(" "));
const anyText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  wordSoup,
);

const CLEAN_AZ204 = [
  "Exam AZ-204",
  "Develop Azure compute solutions (25-30%)\tBelow Target",
  "Develop for Azure storage: Near Target",
  "Implement Azure security - Above Target",
  "Monitor and troubleshoot Azure solutions | Near Target",
  "Connect services: 30%",
];
const noiseLines = fc.constantFrom(
  "Microsoft Corporation",
  "One Microsoft Way, Redmond, WA 98052",
  "Candidate: Jane Doe",
  "Candidate ID: 0012345678",
  "Registration number 7Q2-99",
  "Score report",
  "Skills measured",
  "Thank you for taking this exam.",
  "Page 1 of 2",
  "",
  "   ",
  "----------",
  "| Domain | Result |",
  "|---|---|",
  "Printed 2026-11-30",
  "www.microsoft.com/learn",
  "Your performance by skill area",
  "Below Target  Near Target  Above Target",
);
const randomNoise = fc.oneof(noiseLines, fc.string({ maxLength: 60 }).filter((s) => !/\n|\r/.test(s)));

function insertNoise(lines: string[], noise: { at: number; line: string }[]): string {
  const out = [...lines];
  for (const n of noise) out.splice(n.at % (out.length + 1), 0, n.line);
  return out.join("\n");
}
const summary = (r: ParsedReport) => r.domains.map((d) => `${d.id}=${d.level}`);

describe("parseReportText properties", () => {
  it("never throws and only returns domain ids of the reported exam, for arbitrary text", () => {
    fc.assert(
      fc.property(anyText, fc.option(fc.constantFrom("AZ-104", "az204", "GX-900", "nope"), { nil: undefined }), (text, exam) => {
        const r = parseReportText(text, EXAMS, { exam, now: NOW });
        checkInvariants(r, EXAMS);
        if (exam === "AZ-104") expect(r.exam).toBe("AZ-104");
      }),
      { numRuns: 600 },
    );
  });

  it("keeps the same results when known noise lines are inserted anywhere", () => {
    const clean = parseReportText(CLEAN_AZ204.join("\n"), ALL, { now: NOW });
    expect(summary(clean)).toEqual([
      "compute=weak",
      "storage=near",
      "security=strong",
      "monitor-troubleshoot=near",
      "connect-services=weak",
    ]);
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), line: noiseLines }), { maxLength: 12 }), (noise) => {
        const r = parseReportText(insertNoise(CLEAN_AZ204, noise), ALL, { now: NOW });
        checkInvariants(r, ALL);
        expect(r.exam).toBe("AZ-204");
        expect(summary(r)).toEqual(summary(clean));
        expect(r.unmatched).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("stays within the exam for realistic text with random noise lines", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), line: randomNoise }), { maxLength: 12 }), (noise) => {
        const r = parseReportText(insertNoise(CLEAN_AZ204, noise), ALL, { now: NOW });
        checkInvariants(r, ALL);
        expect(r.exam).toBe("AZ-204");
      }),
      { numRuns: 300 },
    );
  });
});
