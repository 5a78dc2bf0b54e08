import { describe, expect, it } from "vitest";
import { parseReportText, type ParsedReport } from "./parse";
import { ALL, AZ104, AZ204, GARDEN } from "./test-exams";

const NOW = new Date("2026-12-01T12:00:00Z");
const parse = (text: string, opts: { exam?: string; now?: Date } = {}) => parseReportText(text, ALL, { now: NOW, ...opts });
const levels = (r: ParsedReport) => Object.fromEntries(r.domains.map((d) => [d.id, d.level]));

const AZ104_ALL_WEAK_TO_STRONG = {
  "identity-governance": "weak",
  storage: "near",
  compute: "strong",
  networking: "weak",
  "monitor-maintain": "near",
};

describe("parseReportText: realistic reports", () => {
  it("1. plain text AZ-104 report with weights, noise, score and date", () => {
    const r = parse(`Microsoft
Certification Score Report
Jane Q. Candidate
1 Microsoft Way, Redmond, WA 98052
Exam: AZ-104: Microsoft Azure Administrator
Exam date: Nov 3, 2026
Score: 652
Passing score: 700
Result: Fail

Skills measured
Manage Azure identities and governance (20-25%)    Needs improvement
Implement and manage storage (15-20%)    Near baseline
Deploy and manage Azure compute resources (20-25%)    Above baseline
Implement and manage virtual networking (15-20%)    Needs improvement
Monitor and maintain Azure resources (10-15%)    Near baseline
`);
    expect(r.exam).toBe("AZ-104");
    expect(r.score).toBe(652);
    expect(r.passed).toBe(false);
    expect(r.date).toBe("2026-11-03");
    expect(levels(r)).toEqual(AZ104_ALL_WEAK_TO_STRONG);
    expect(r.domains[0]).toEqual({
      id: "identity-governance",
      name: "Manage Azure identities and governance",
      band: "Needs improvement",
      level: "weak",
      line: 12,
      certainty: "sure",
      text: "Manage Azure identities and governance (20-25%)    Needs improvement",
    });
    expect(r.unmatched).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it("2. Markdown table AZ-204 (header, separator, weight column)", () => {
    const r = parse(`# AZ-204 score report

| Domain | Weight | Result |
|---|:---:|---|
| Develop Azure compute solutions | 25–30% | Below Target |
| Develop for Azure storage | 15–20% | Near Target |
| Implement Azure security | 15–20% | Above Target |
| Monitor and troubleshoot Azure solutions | 5–10% | Near Target |
| Connect to and consume Azure services and third-party services | 20–25% | Below Target |

Score: 689 / 1000
`);
    expect(r.exam).toBe("AZ-204");
    expect(r.score).toBe(689);
    expect(r.passed).toBe(false);
    expect(levels(r)).toEqual({
      compute: "weak",
      storage: "near",
      security: "strong",
      "monitor-troubleshoot": "near",
      "connect-services": "weak",
    });
    expect(r.domains.map((d) => d.line)).toEqual([5, 6, 7, 8, 9]);
    expect(r.unmatched).toEqual([]);
  });

  it("3. tab-separated copy from a PDF, weights without parentheses", () => {
    const r = parse(
      [
        "MICROSOFT CERTIFICATION",
        "Candidate\tJohn Smith",
        "Exam\tAZ-104\tMicrosoft Azure Administrator",
        "Date\t2026-10-14",
        "Scaled score\t731",
        "Result\tPass",
        "Skill area\tWeight\tPerformance",
        "Manage Azure identities and governance\t20–25%\tAbove baseline",
        "Implement and manage storage\t15–20%\tNear baseline",
        "Deploy and manage Azure compute resources\t20–25%\tAbove baseline",
        "Implement and manage virtual networking\t15–20%\tNeeds improvement",
        "Monitor and maintain Azure resources\t10–15%\tAbove baseline",
      ].join("\r\n"),
    );
    expect(r).toMatchObject({ exam: "AZ-104", score: 731, passed: true, date: "2026-10-14" });
    expect(levels(r)).toEqual({
      "identity-governance": "strong",
      storage: "near",
      compute: "strong",
      networking: "weak",
      "monitor-maintain": "strong",
    });
  });

  it("4. bullets, band first, shortened names (AZ-204)", () => {
    const r = parse(`AZ-204 results
• Below Target: Compute Solutions
• Near Target: Storage
• Above Target: Security
• Below Target: Monitoring
• Near Target: Connect services`);
    expect(r.exam).toBe("AZ-204");
    expect(levels(r)).toEqual({
      compute: "weak",
      storage: "near",
      security: "strong",
      "monitor-troubleshoot": "weak",
      "connect-services": "near",
    });
  });

  it("5. band last after a dash, tabs and double spaces mixed", () => {
    const r = parse(`AZ-204
Compute Solutions - Below Target
Azure storage – Near target
Security\t\tAbove Target
Monitoring and troubleshooting  Below Target
Third-party services — Near Target`);
    expect(levels(r)).toEqual({
      compute: "weak",
      storage: "near",
      security: "strong",
      "monitor-troubleshoot": "weak",
      "connect-services": "near",
    });
  });

  it("6. aliases from the exam definition and AZ-104 short names, no code in the text", () => {
    const r = parse(`My results:
- Identities and governance: needs improvement
- Storage: borderline
- Compute: proficient
- Networking: needs work
- Monitoring and backup: at baseline`);
    expect(r.exam).toBe("AZ-104");
    expect(levels(r)).toEqual(AZ104_ALL_WEAK_TO_STRONG);
    expect(r.domains.map((d) => d.band)).toEqual([
      "Needs improvement",
      "Near baseline",
      "Above baseline",
      "Needs improvement",
      "Near baseline",
    ]);
  });

  it("7. all uppercase", () => {
    const r = parse(`EXAM AZ-104
SCORE: 702
MANAGE AZURE IDENTITIES AND GOVERNANCE: NEEDS IMPROVEMENT
IMPLEMENT AND MANAGE STORAGE: NEAR BASELINE
DEPLOY AND MANAGE AZURE COMPUTE RESOURCES: ABOVE BASELINE
IMPLEMENT AND MANAGE VIRTUAL NETWORKING: NEEDS IMPROVEMENT
MONITOR AND MAINTAIN AZURE RESOURCES: NEAR BASELINE`);
    expect(r).toMatchObject({ exam: "AZ-104", score: 702, passed: true });
    expect(levels(r)).toEqual(AZ104_ALL_WEAK_TO_STRONG);
  });

  it("8. no exam code: the exam is detected from the domain names", () => {
    const r = parse(`Develop Azure compute solutions: Above Target
Develop for Azure storage: Above Target
Implement Azure security: Near Target
Monitor and troubleshoot Azure solutions: Below Target
Connect to and consume Azure services and third-party services: Near Target`);
    expect(r.exam).toBe("AZ-204");
    expect(r.domains).toHaveLength(5);
    expect(r.score).toBeNull();
    expect(r.passed).toBeNull();
  });

  it("9. bar lengths as percentages, with and without weights", () => {
    const r = parse(`AZ-104
Manage Azure identities and governance (20-25%): 30%
Implement and manage storage (15–20%): 45%
Compute: 70%
Networking: 35 %
Monitoring and backup — bar 69%`);
    expect(levels(r)).toEqual({
      "identity-governance": "weak",
      storage: "near",
      compute: "strong",
      networking: "weak",
      "monitor-maintain": "near",
    });
    expect(r.domains[0].band).toBe("Needs improvement");
  });

  it("10. band headings with domain bullets under them", () => {
    const r = parse(`AZ-204 score report
Below Target
  - Develop Azure compute solutions
  - Monitor and troubleshoot Azure solutions

Near Target
  - Develop for Azure storage

Above Target
  - Implement Azure security
  - Connect to and consume Azure services and third-party services`);
    expect(levels(r)).toEqual({
      compute: "weak",
      "monitor-troubleshoot": "weak",
      storage: "near",
      security: "strong",
      "connect-services": "strong",
    });
    expect(r.unmatched).toEqual([]);
  });

  it("11. PDF table that came out one cell per line (names, then bands)", () => {
    const r = parse(`AZ-104
Manage Azure identities and governance
Needs improvement
Implement and manage storage
Near baseline
Deploy and manage Azure compute resources
Above baseline
Implement and manage virtual networking
Needs improvement
Monitor and maintain Azure resources
Near baseline`);
    expect(levels(r)).toEqual(AZ104_ALL_WEAK_TO_STRONG);
    const columns = parse(`AZ-104
Implement and manage storage
Implement and manage virtual networking
Above baseline
Needs improvement`);
    expect(levels(columns)).toEqual({ storage: "strong", networking: "weak" });
  });

  it("12. single spaces only (as unpdf merges cells), band after and before", () => {
    const r = parse(`Microsoft Certification Score Report AZ-104
Manage Azure identities and governance Needs improvement
Implement and manage storage Near baseline
Above baseline Deploy and manage Azure compute resources
Implement and manage virtual networking Below
Monitor and maintain Azure resources Near`);
    expect(levels(r)).toEqual(AZ104_ALL_WEAK_TO_STRONG);
  });

  it("13. numbered lists and Markdown emphasis", () => {
    const r = parse(`AZ-204
1. **Develop Azure compute solutions**: Below Target
2) *Develop for Azure storage* — Near Target
3. Implement Azure security: Above Target
(4) Monitor and troubleshoot Azure solutions: Near Target
5. Connect to and consume Azure services and third-party services: Near Target`);
    expect(levels(r)).toEqual({
      compute: "weak",
      storage: "near",
      security: "strong",
      "monitor-troubleshoot": "near",
      "connect-services": "near",
    });
  });

  it("14. ASCII table with +---+ borders", () => {
    const r = parse(`+------------------------------------------+---------+-------------------+
| Skill area                               | Weight  | Result            |
+------------------------------------------+---------+-------------------+
| Manage Azure identities and governance   | 20-25 % | Needs improvement |
| Implement and manage storage             | 15-20 % | Near baseline     |
| Deploy and manage Azure compute resources| 20-25 % | Above baseline    |
| Implement and manage virtual networking  | 15-20 % | Needs improvement |
| Monitor and maintain Azure resources     | 10-15 % | Near baseline     |
+------------------------------------------+---------+-------------------+`);
    expect(r.exam).toBe("AZ-104");
    expect(levels(r)).toEqual(AZ104_ALL_WEAK_TO_STRONG);
  });

  it("15. lines that look like results but match nothing go to unmatched", () => {
    const r = parse(`AZ-104
Networking: Below baseline
Cloud concepts - Below Target
Azure storage compute: near
Describe Azure architecture	Above baseline
Please see above
Legend: Below Target | Near Target | Above Target`);
    expect(levels(r)).toEqual({ networking: "weak" });
    expect(r.unmatched).toEqual([
      "Cloud concepts - Below Target",
      "Azure storage compute: near",
      "Describe Azure architecture\tAbove baseline",
    ]);
    expect(r.warnings.some((w) => w.includes("Azure storage compute: near") && w.includes("Implement and manage storage"))).toBe(true);
    expect(r.warnings.some((w) => w.startsWith("No band found for:"))).toBe(true);
  });

  it("16. the fictional exam: its own codes, bands and pass mark", () => {
    const r = parseReportText(
      `GX900 report — 2026-05-02
Score: 640
Soil and compost: Wilting
Watering: growing
Pest control: in bloom`,
      [AZ104, AZ204, GARDEN],
      { now: NOW },
    );
    expect(r).toMatchObject({ exam: "GX-900", score: 640, passed: true, date: "2026-05-02" });
    expect(levels(r)).toEqual({ soil: "weak", water: "near", pests: "strong" });
  });

  it("17. exam code spelled 'AZ 104' or 'az104'", () => {
    const body = "\nStorage: Below baseline";
    expect(parse(`Exam AZ 104${body}`).exam).toBe("AZ-104");
    expect(parse(`exam: az104${body}`).exam).toBe("AZ-104");
    expect(parse(`see learn.microsoft.com/az-104${body}`).exam).toBe("AZ-104");
    expect(parse(`AZ-1040${body}`).exam).toBeNull(); // not a code of ours; "Storage" fits both exams
  });

  it("18. opts.exam forces the exam and warns when the text fits another one", () => {
    const az204 = `Develop Azure compute solutions: Above Target
Develop for Azure storage: Above Target
Implement Azure security: Near Target`;
    const forced = parse(az204, { exam: "az-104" });
    expect(forced.exam).toBe("AZ-104");
    expect(forced.warnings).toContain("This looks like a report for AZ-204, not AZ-104.");
    expect(forced.domains.every((d) => AZ104.domains.some((x) => x.id === d.id))).toBe(true);
    const unknown = parse(az204, { exam: "XX-999" });
    expect(unknown.exam).toBeNull();
    expect(unknown.warnings[0]).toContain('Unknown exam "XX-999"');
  });

  it("19. a domain twice with different bands keeps the first and warns", () => {
    const r = parse(`AZ-104
Networking: Needs improvement
Storage: Near baseline
Networking: Above baseline`);
    expect(levels(r)).toEqual({ networking: "weak", storage: "near" });
    expect(r.warnings.some((w) => w.includes("appears twice"))).toBe(true);
  });

  it("20. a report that fits two exams equally gives no exam and lists the lines", () => {
    const r = parse(`Storage: Below Target
Result: Fail`);
    expect(r.exam).toBeNull();
    expect(r.passed).toBe(false);
    expect(r.domains).toEqual([]);
    expect(r.unmatched).toEqual(["Storage: Below Target"]);
    expect(r.warnings.join(" ")).toContain("Could not tell which exam this report is for (AZ-104 or AZ-204)");
    expect(parse(`Storage: Below Target`, { exam: "AZ-204" }).domains).toHaveLength(1);
    // "Compute" is AZ-104's exact short name but only a partial match on AZ-204.
    expect(parse(`Storage: Below Target\nCompute: Near Target`).exam).toBe("AZ-104");
  });

  it("21. a long realistic email-style paste with lots of noise", () => {
    const r = parse(`From: Microsoft Learn <noreply@microsoft.com>
Subject: Your exam results
Hello Jane,

Thank you for taking Exam AZ-204: Developing Solutions for Microsoft Azure on Tuesday, 3 November 2026.
Unfortunately, you did not pass this exam.
Your score: 612 (passing score: 700)

Skills measured                          Your performance
Develop Azure compute solutions          ███████░░░  Above Target
Develop for Azure storage                ████░░░░░░  Near Target
Implement Azure security                 ██░░░░░░░░  Below Target
Monitor and troubleshoot Azure solutions ███░░░░░░░  Below Target
Connect to and consume Azure services and third-party services  █████░░░  Near Target

Retake policy: if you fail, you can retake the exam after 24 hours.
Microsoft Corporation, One Microsoft Way, Redmond, WA 98052 USA
Privacy statement | Terms of use`);
    expect(r).toMatchObject({ exam: "AZ-204", score: 612, passed: false, date: "2026-11-03" });
    expect(levels(r)).toEqual({
      compute: "strong",
      storage: "near",
      security: "weak",
      "monitor-troubleshoot": "weak",
      "connect-services": "near",
    });
    expect(r.unmatched).toEqual([]);
  });

  it("22. pass/fail from words when there is no score", () => {
    expect(parse("AZ-104\nResult: PASS\nStorage: above").passed).toBe(true);
    expect(parse("AZ-104\nStatus - Failed\nStorage: above").passed).toBe(false);
    expect(parse("AZ-104\nCongratulations! You passed.").passed).toBe(true);
    expect(parse("AZ-104\nScore needed to pass: 700").passed).toBeNull();
    expect(parse("AZ-104\nPass/Fail: see below").passed).toBeNull();
  });

  it("23. the score decides pass/fail and contradictions are reported", () => {
    const r = parse("AZ-104\nYou scored 812 out of 1000\nResult: Fail");
    expect(r.score).toBe(812);
    expect(r.passed).toBe(true);
    expect(r.warnings.join(" ")).toContain("used the score");
    expect(parse("AZ-104\nScore: 700").passed).toBe(true);
    expect(parse("AZ-104\nScore: 699").passed).toBe(false);
    const pct = parse("AZ-104\nScore: 65%");
    expect(pct.score).toBeNull();
    expect(pct.warnings.join(" ")).toContain("percentage");
  });

  it("24. score label and value on separate lines (PDF columns)", () => {
    const r = parse("AZ-104\nYour score\n688\nPassing score\n700");
    expect(r.score).toBe(688);
    expect(r.passed).toBe(false);
  });

  it("26. several domains sharing one band, and band headings with filler words", () => {
    const r = parse(`AZ-104 summary
Weak areas: Networking, Storage
Strong: Compute and identities and governance
Monitoring and backup, near baseline`);
    expect(levels(r)).toEqual({
      "identity-governance": "strong",
      storage: "weak",
      compute: "strong",
      networking: "weak",
      "monitor-maintain": "near",
    });
    const grouped = parse(`AZ-204
Weak areas:
- Compute solutions
Strong skills:
- Security`);
    expect(levels(grouped)).toEqual({ compute: "weak", security: "strong" });
  });

  it("27. several 'domain: band' pairs on one line", () => {
    const r = parse("az-204 results\ncompute: weak; storage: strong\nSecurity - near, Monitoring - below target");
    expect(r.exam).toBe("AZ-204");
    expect(levels(r)).toEqual({ compute: "weak", storage: "strong", security: "near", "monitor-troubleshoot": "weak" });
    // Shared short names ("Compute", "Storage") are no reason to suspect AZ-104.
    expect(r.warnings.some((w) => w.startsWith("This looks like"))).toBe(false);
  });

  it("25. a single percentage equal to the weight is not taken as a bar length", () => {
    const r = parse("AZ-104\nNetworking 15%\nStorage: 52%\nCompute weight 20%");
    expect(levels(r)).toEqual({ storage: "near" });
    // The weight line names a domain but gives it no band: reported, so the candidate sees it.
    expect(r.unmatched).toEqual(["Networking 15%", "Compute weight 20%"]);
    expect(r.warnings.join(" ")).toContain("weight or its bar length");
  });
});

describe("parseReportText: dates", () => {
  const dateOf = (line: string, now = NOW) => parseReportText(`AZ-104\n${line}`, ALL, { now });
  it.each([
    ["Exam date: 2026-11-03", "2026-11-03"],
    ["Date: Nov 3, 2026", "2026-11-03"],
    ["Taken on November 3rd 2026", "2026-11-03"],
    ["3 Nov 2026", "2026-11-03"],
    ["03-Nov-2026", "2026-11-03"],
    ["Date: 2026/11/03", "2026-11-03"],
    ["Date: 13/11/2026", "2026-11-13"], // only day/month is valid
    ["Date: 11/13/2026", "2026-11-13"], // only month/day is valid
    ["Date: 03/03/2026", "2026-03-03"],
  ])("%s -> %s", (line, iso) => {
    expect(dateOf(line).date).toBe(iso);
  });

  it("numeric d/m vs m/d: the one that is not in the future, else a warning", () => {
    const now = new Date("2026-11-20T00:00:00Z");
    expect(dateOf("Exam date: 03/12/2026", now).date).toBe("2026-03-12"); // 3 December is in the future
    const both = dateOf("Exam date: 03/11/2026", now);
    expect(both.date).toBeNull();
    expect(both.warnings.join(" ")).toContain("could be 3 November 2026 or 11 March 2026");
  });

  it("prefers the exam date over other dates", () => {
    const r = parse("AZ-104\nPrinted 2026-11-30\nDate of birth: 1990-01-01\nExam date: 2026-11-03");
    expect(r.date).toBe("2026-11-03");
  });

  it("keeps a future date but warns; rejects impossible dates", () => {
    const r = dateOf("Exam date: 2027-01-05");
    expect(r.date).toBe("2027-01-05");
    expect(r.warnings.join(" ")).toContain("in the future");
    expect(dateOf("Exam date: 2026-02-30").date).toBeNull();
  });
});

describe("parseReportText: robustness", () => {
  it("handles empty, whitespace and non-string input", () => {
    for (const t of ["", "   \n\t\n", "\u0000\u0001", 42 as unknown as string, null as unknown as string]) {
      const r = parseReportText(t, ALL);
      expect(r.domains).toEqual([]);
      expect(r.exam).toBeNull();
    }
  });

  it("handles no exams at all", () => {
    const r = parseReportText("Networking: Below Target", []);
    expect(r.exam).toBeNull();
    expect(r.warnings.join(" ")).toContain("No exam definitions");
  });

  it("stays fast on adversarial input", () => {
    const nasty = [
      "1" + " ".repeat(150_000) + "x",
      "score is" + " ".repeat(150_000) + ":",
      "Networking " + "below ".repeat(30_000),
      "|".repeat(150_000),
      ("1/1/" + "1".repeat(50)).repeat(3_000),
      Array.from({ length: 5_000 }, (_, i) => `Storage: ${i % 2 ? "Below" : "Above"} Target ${i}%`).join("\n"),
    ];
    for (const text of nasty) {
      const started = performance.now();
      const r = parse(text);
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(Array.isArray(r.domains)).toBe(true);
    }
  });

  it("cuts very long input with a warning", () => {
    const long = "AZ-104\nNetworking: Below baseline\n" + "x".repeat(250_000);
    const r = parse(long);
    expect(r.domains).toHaveLength(1);
    expect(r.warnings.join(" ")).toContain("very long");
  });
});
