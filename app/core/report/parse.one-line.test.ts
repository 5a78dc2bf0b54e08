/**
 * Reports pasted as one line (from an email or a PDF viewer): read by where the domain names
 * and band phrases occur, never by line breaks; a band not clearly a domain's is left empty.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReportText, type ParsedReport } from "./parse";
import { ALL } from "./test-exams";

const NOW = new Date("2026-12-01T12:00:00Z");
const parse = (text: string, opts: { exam?: string } = {}) => parseReportText(text, ALL, { now: NOW, ...opts });
const levels = (r: ParsedReport) => Object.fromEntries(r.domains.map((d) => [d.id, d.level]));

/** Existing multi-line fixtures (parse.test.ts 1, 3, 21 and the e2e paste), as lines. */
const FIXTURES: Record<string, string[]> = {
  "AZ-104 plain text": [
    "Microsoft",
    "Certification Score Report",
    "Exam: AZ-104: Microsoft Azure Administrator",
    "Exam date: Nov 3, 2026",
    "Score: 652",
    "Passing score: 700",
    "Result: Fail",
    "Skills measured",
    "Manage Azure identities and governance (20-25%)    Near baseline",
    "Implement and manage storage (15-20%)    Needs improvement",
    "Deploy and manage Azure compute resources (20-25%)    Above baseline",
    "Implement and manage virtual networking (15-20%)    Needs improvement",
    "Monitor and maintain Azure resources (10-15%)    Near baseline",
  ],
  "AZ-104 tab-separated": [
    "Exam\tAZ-104\tMicrosoft Azure Administrator",
    "Date\t2026-10-14",
    "Scaled score\t731",
    "Manage Azure identities and governance\t20–25%\tAbove baseline",
    "Implement and manage storage\t15–20%\tNear baseline",
    "Deploy and manage Azure compute resources\t20–25%\tAbove baseline",
    "Implement and manage virtual networking\t15–20%\tNeeds improvement",
    "Monitor and maintain Azure resources\t10–15%\tAbove baseline",
  ],
  "AZ-204 email": [
    "Thank you for taking Exam AZ-204: Developing Solutions for Microsoft Azure on Tuesday, 3 November 2026",
    "Your score: 612 (passing score: 700)",
    "Develop Azure compute solutions          Above Target",
    "Develop for Azure storage                Near Target",
    "Implement Azure security                 Below Target",
    "Monitor and troubleshoot Azure solutions Below Target",
    "Connect to and consume Azure services and third-party services  Near Target",
  ],
  "AZ-204 band first": [
    "AZ-204 results",
    "Below Target: Develop Azure compute solutions",
    "Near Target: Develop for Azure storage",
    "Above Target: Implement Azure security",
    "Below Target: Monitor and troubleshoot Azure solutions",
    "Near Target: Connect to and consume Azure services and third-party services",
  ],
};

describe("one-line reports read like the same report with line breaks", () => {
  for (const [name, lines] of Object.entries(FIXTURES)) {
    for (const [joiner, label] of [[". ", "full stops"], [" ", "spaces"]] as const) {
      it(`${name}, joined with ${label}`, () => {
        const multi = parse(lines.join("\n"));
        const one = parse(lines.join(joiner));
        expect(multi.domains).toHaveLength(5);
        expect(one.exam).toBe(multi.exam);
        expect(levels(one)).toEqual(levels(multi));
        expect(one.score).toBe(multi.score);
        expect(one.uncertain).toEqual([]);
      });
    }
  }

  it("the issue's email text: all five domains, identities Near baseline", () => {
    const r = parse(
      "Hello, here are your AZ-104 results. Score: 652. Passing score: 700. Manage Azure identities and governance: Near baseline. Implement and manage storage: Needs improvement. Deploy and manage Azure compute resources: Above baseline. Implement and manage virtual networking: Needs improvement. Monitor and maintain Azure resources: Near baseline.",
    );
    expect(r.score).toBe(652);
    expect(levels(r)).toEqual({
      "identity-governance": "near",
      storage: "weak",
      compute: "strong",
      networking: "weak",
      "monitor-maintain": "near",
    });
    const identities = r.domains.find((d) => d.id === "identity-governance")!;
    expect(identities.certainty).toBe("sure");
    expect(identities.text).toBe("Manage Azure identities and governance: Near baseline.");
  });

  it("a band first list on one line, headings shared by the following names", () => {
    const r = parse("AZ-104. Needs improvement: Implement and manage storage, Implement and manage virtual networking. Above baseline: Deploy and manage Azure compute resources.");
    expect(levels(r)).toEqual({ storage: "weak", networking: "weak", compute: "strong" });
  });

  it("a band not clearly next to its domain is left empty and reported as uncertain", () => {
    const r = parse(
      "AZ-104 Manage Azure identities and governance was reviewed again by the proctor team and then later marked Near baseline. Implement and manage storage: Needs improvement.",
    );
    expect(levels(r)).toEqual({ storage: "weak" });
    expect(r.uncertain).toHaveLength(1);
    expect(r.uncertain[0]).toMatchObject({ id: "identity-governance", line: 1 });
    expect(r.uncertain[0].text).toContain("Near baseline");
  });

  it("bands on both sides of the names are not guessed", () => {
    const r = parse("AZ-104 Near baseline Implement and manage storage Needs improvement Deploy and manage Azure compute resources Above baseline");
    expect(r.domains).toEqual([]);
    expect(r.uncertain.map((u) => u.id).sort()).toEqual(["compute", "storage"]);
  });

  it("marks a shortened name or a bar length as likely, an exact name beside its band as sure", () => {
    const r = parse("AZ-104\nImplement and manage storage: Near baseline\nNetworking 30%\nCompute solutions below");
    const by = Object.fromEntries(r.domains.map((d) => [d.id, d.certainty]));
    expect(by.storage).toBe("sure");
    expect(by.networking).toBe("likely");
  });
});

describe("property: line breaks don't change the reading", () => {
  const az104 = ALL.find((e) => e.code === "AZ-104")!;
  it("joining result lines with '. ' or ' ' gives the same domains and bands", () => {
    const band = fc.constantFrom(...az104.bands.map((b) => b.label));
    const row = fc.record({ d: fc.nat({ max: az104.domains.length - 1 }), band, weight: fc.boolean(), sep: fc.constantFrom(": ", "    ", "\t", " - ", " ") });
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => r.d, minLength: 2, maxLength: 5 }), fc.constantFrom(". ", " "), (rows, joiner) => {
        const lines = [
          "AZ-104 score report",
          "Score: 640",
          ...rows.map((r) => {
            const d = az104.domains[r.d];
            return `${d.name}${r.weight ? ` (${d.weight.min}-${d.weight.max}%)` : ""}${r.sep}${r.band}`;
          }),
        ];
        const multi = parseReportText(lines.join("\n"), ALL, { now: NOW });
        const one = parseReportText(lines.join(joiner), ALL, { now: NOW });
        expect(levels(multi)).toEqual(Object.fromEntries(rows.map((r) => [az104.domains[r.d].id, az104.bands.find((b) => b.label === r.band)!.level])));
        expect(levels(one)).toEqual(levels(multi));
        expect(one.score).toBe(640);
      }),
      { numRuns: 300 },
    );
  });
});
