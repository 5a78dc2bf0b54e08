import { describe, expect, it } from "vitest";
import { parseReportText } from "./parse";
import { ALL, AZ104, AZ204, GARDEN } from "./test-exams";
import { MAX_UPLOAD_BYTES, validateReportInput, validateUpload, type ReportInput } from "./validate";

const NOW = new Date("2026-12-01T12:00:00Z");
const ok: ReportInput = {
  score: 652,
  date: "2026-11-03",
  domains: [
    { id: "storage", level: "weak" },
    { id: "networking", band: "Near baseline" },
    { id: "compute", band: "above target" },
  ],
};
const messages = (input: ReportInput, exam = AZ104) => validateReportInput(exam, input, NOW, { exams: ALL });

describe("validateReportInput", () => {
  it("accepts a valid baseline", () => {
    expect(messages(ok)).toEqual([]);
    expect(messages({ ...ok, score: null, date: null })).toEqual([]);
    expect(messages({ ...ok, score: 1 })).toEqual([]);
    expect(messages({ ...ok, score: 1000 })).toEqual([]);
    expect(messages({ ...ok, date: "2026-12-01" })).toEqual([]);
  });

  it.each([0, 1001, -5, 5000])("rejects score %d outside the scale", (score) => {
    expect(messages({ ...ok, score })).toEqual([
      { field: "score", message: "Score must be between 1 and 1000 on this exam's scale" },
    ]);
  });

  it("uses the exam's own scale", () => {
    expect(messages({ ...ok, score: 50, domains: [{ id: "soil", level: "weak" }] }, GARDEN)).toEqual([
      { field: "score", message: "Score must be between 100 and 900 on this exam's scale" },
    ]);
  });

  it("rejects a score that is not a whole number or not a number", () => {
    expect(messages({ ...ok, score: 652.5 })[0].message).toBe("Score must be a whole number, as on the score report");
    expect(messages({ ...ok, score: Number.NaN })[0].message).toBe("Score must be a number, like 652");
    expect(messages({ ...ok, score: "652" as unknown as number })[0].field).toBe("score");
  });

  it("rejects a date in the future", () => {
    expect(messages({ ...ok, date: "2026-12-03" })).toEqual([
      { field: "date", message: "The exam date (3 December 2026) is in the future; enter the day you took the exam" },
    ]);
  });

  it("allows 'tomorrow' in UTC when it is already today east of UTC", () => {
    // 2026-12-01 12:00 UTC is 2026-12-02 in Kiribati (UTC+14).
    expect(messages({ ...ok, date: "2026-12-02" })).toEqual([]);
  });

  it.each(["2026-02-30", "03/11/2026", "yesterday", "2026-13-01", "20261103"])("rejects %j as not a date", (date) => {
    expect(messages({ ...ok, date })).toEqual([
      { field: "date", message: "Enter the exam date as a real date, like 2026-11-03" },
    ]);
  });

  it("rejects domains that are not part of the exam", () => {
    const errors = messages({ ...ok, domains: [...ok.domains, { id: "security", level: "weak" }] });
    expect(errors).toEqual([{ field: "domains.3", message: '"security" is not a domain of AZ-104' }]);
  });

  it("rejects no domains at all", () => {
    expect(messages({ ...ok, domains: [] })).toEqual([
      { field: "domains", message: "Enter at least one domain result from your score report" },
    ]);
  });

  it("rejects missing, unknown and contradictory bands and duplicates", () => {
    const errors = messages({
      domains: [
        { id: "storage" },
        { id: "networking", band: "Excellent" },
        { id: "compute", band: "Needs improvement", level: "strong" },
        { id: "monitor-maintain", level: "great" as never },
        { id: "storage", level: "weak" },
      ],
    });
    expect(errors).toEqual([
      { field: "domains.0", message: "Choose a band for Implement and manage storage" },
      {
        field: "domains.1",
        message:
          'Implement and manage virtual networking: "Excellent" is not a band on AZ-104 score reports (use Needs improvement, Near baseline, Above baseline)',
      },
      {
        field: "domains.2",
        message: 'Deploy and manage Azure compute resources: "Needs improvement" means weak, but the level says strong',
      },
      { field: "domains.3", message: 'Monitor and maintain Azure resources: "great" is not a level (use weak, near or strong)' },
      { field: "domains.4", message: "Implement and manage storage is listed more than once" },
    ]);
  });

  it("says when the report is for another exam (the parser's exam)", () => {
    const errors = messages({ ...ok, exam: "AZ-204" });
    expect(errors[0]).toEqual({ field: "exam", message: "This looks like a report for AZ-204, not AZ-104" });
  });

  it("says when most domains belong to another exam", () => {
    const text = `Develop Azure compute solutions: Below Target
Develop for Azure storage: Near Target
Implement Azure security: Above Target
Monitor and troubleshoot Azure solutions: Near Target
Connect to and consume Azure services and third-party services: Below Target`;
    const parsed = parseReportText(text, ALL, { now: NOW });
    expect(parsed.exam).toBe("AZ-204");
    const input = { domains: parsed.domains.map((d) => ({ id: d.id, name: d.name, level: d.level })) };
    const errors = validateReportInput(AZ104, input, NOW, { exams: ALL });
    expect(errors[0]).toEqual({ field: "exam", message: "This looks like a report for AZ-204, not AZ-104" });
    expect(errors.filter((e) => e.field.startsWith("domains.")).map((e) => e.message)).toEqual([
      '"Implement Azure security" is not a domain of AZ-104',
      '"Monitor and troubleshoot Azure solutions" is not a domain of AZ-104',
      '"Connect to and consume Azure services and third-party services" is not a domain of AZ-104',
    ]);
    // Without the list of exams it can only say the domains don't fit.
    expect(validateReportInput(AZ104, input, NOW)[0].message).toBe(
      "Most of these domains are not part of AZ-104; check that you chose the right exam",
    );
    // Half or fewer foreign domains: no exam-level error.
    expect(
      validateReportInput(AZ204, { domains: [{ id: "compute", level: "weak" }, { id: "networking", level: "weak" }] }, NOW, { exams: ALL })
        .map((e) => e.field),
    ).toEqual(["domains.1"]);
  });

  it("never throws on malformed input", () => {
    for (const bad of [null, undefined, {}, { domains: "x" }, { domains: [null, 3, { id: 5 }] }]) {
      expect(() => validateReportInput(AZ104, bad as never, NOW)).not.toThrow();
      expect(validateReportInput(AZ104, bad as never, NOW).length).toBeGreaterThan(0);
    }
  });
});

describe("validateUpload", () => {
  it("accepts PDFs and text files", () => {
    expect(validateUpload({ name: "score-report.pdf", type: "application/pdf", size: 120_000 })).toBeNull();
    expect(validateUpload({ name: "REPORT.PDF", type: "", size: 1 })).toBeNull();
    expect(validateUpload({ name: "notes.txt", type: "text/plain; charset=utf-8", size: 300 })).toBeNull();
    expect(validateUpload({ name: "notes.txt", type: "application/octet-stream", size: 300 })).toBeNull();
    expect(validateUpload({ name: "r.pdf", type: "application/pdf", size: MAX_UPLOAD_BYTES })).toBeNull();
  });

  it.each([
    ["report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["report.png", "image/png"],
    ["report", "application/pdf"],
    ["report.pdf.exe", "application/x-msdownload"],
  ])("rejects %s by extension", (name, type) => {
    expect(validateUpload({ name, type, size: 100 })).toMatch(/^Only PDF \(\.pdf\) and text \(\.txt\) files can be read/);
  });

  it("rejects a MIME type that does not match the extension", () => {
    expect(validateUpload({ name: "report.pdf", type: "image/jpeg", size: 100 })).toBe(
      '"report.pdf" is named .pdf but its type is image/jpeg; upload the score report as a PDF or a .txt file.',
    );
    expect(validateUpload({ name: "report.txt", type: "application/pdf", size: 100 })).toMatch(/its type is application\/pdf/);
  });

  it("rejects an empty file", () => {
    expect(validateUpload({ name: "report.pdf", type: "application/pdf", size: 0 })).toBe(
      "The file is empty; choose your score report file again.",
    );
  });

  it("rejects files over 5 MB with the size", () => {
    expect(validateUpload({ name: "r.pdf", type: "application/pdf", size: Math.round(7.2 * 1024 * 1024) })).toBe(
      "The file is 7.2 MB; the limit is 5 MB",
    );
    expect(validateUpload({ name: "r.pdf", type: "application/pdf", size: MAX_UPLOAD_BYTES + 1 })).toBe(
      "The file is 5.1 MB; the limit is 5 MB",
    );
  });

  it("never throws on odd input", () => {
    expect(validateUpload({ name: "r.pdf", type: "application/pdf", size: Number.NaN })).toMatch(/size/);
    expect(validateUpload(null as never)).toMatch(/Only PDF/);
  });
});
