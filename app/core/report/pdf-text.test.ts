import { getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { parseReportText } from "./parse";
import { drawingOnlyPdf, encryptedPdf, reportPdf } from "./pdf-fixtures";
import { PDF_MESSAGES, extractPdfText, failureForError, linesFromItems } from "./pdf-text";
import { ALL } from "./test-exams";

const ROWS: Parameters<typeof reportPdf>[0] = [
  "Microsoft Certification Score Report",
  "Candidate: Jane Doe",
  "Exam: AZ-104 Microsoft Azure Administrator",
  "Exam date: 2026-11-03",
  "Score: 652",
  "Passing score: 700",
  "Result: Fail",
  ["Skill area", "Weight", "Result"],
  ["Manage Azure identities and governance", "20-25%", "Needs improvement"],
  ["Implement and manage storage", "15-20%", "Near baseline"],
  ["Deploy and manage Azure compute resources", "20-25%", "Above baseline"],
  ["Implement and manage virtual networking", "15-20%", "Needs improvement"],
  ["Monitor and maintain Azure resources", "10-15%", "Near baseline"],
];

describe("extractPdfText", () => {
  it("extracts a text report line by line, table cells separated by tabs", async () => {
    const result = await extractPdfText(await reportPdf(ROWS));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lines = result.text.split("\n");
    expect(lines[0]).toBe("Microsoft Certification Score Report");
    expect(lines).toContain("Score: 652");
    expect(lines).toContain("Implement and manage storage\t15-20%\tNear baseline");
    const parsed = parseReportText(result.text, ALL, { now: new Date("2026-12-01") });
    expect(parsed).toMatchObject({ exam: "AZ-104", score: 652, passed: false, date: "2026-11-03" });
    expect(parsed.domains.map((d) => d.level)).toEqual(["weak", "near", "strong", "weak", "near"]);
  });

  it("does not detach or change the caller's bytes", async () => {
    const bytes = await reportPdf(ROWS);
    const copy = bytes.slice();
    await extractPdfText(bytes);
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(Buffer.from(bytes).equals(Buffer.from(copy))).toBe(true);
  });

  it("joins pages with a blank line", async () => {
    const result = await extractPdfText(await reportPdf(["First page line"], { pages: 2 }));
    expect(result).toEqual({ ok: true, text: "First page line\n\nPage 2" });
  });

  it("reports an empty (zero-byte) file", async () => {
    expect(await extractPdfText(new Uint8Array(0))).toEqual({ ok: false, code: "empty", message: PDF_MESSAGES.empty });
  });

  it("reports corrupt bytes", async () => {
    const junk = new TextEncoder().encode("<html>This is not a PDF</html>".repeat(20));
    expect(await extractPdfText(junk)).toMatchObject({ ok: false, code: "corrupt" });
    const truncated = (await reportPdf(ROWS)).slice(0, 200);
    expect(await extractPdfText(truncated)).toMatchObject({ ok: false, code: "corrupt" });
    expect(await extractPdfText("not bytes" as unknown as Uint8Array)).toMatchObject({ ok: false, code: "corrupt" });
  });

  it("reports a PDF with a page but no text", async () => {
    expect(await extractPdfText(await drawingOnlyPdf())).toEqual({
      ok: false,
      code: "no-text",
      message: "This PDF has no text layer (it looks like a scan): enter the bands in the form instead.",
    });
  });

  it("reports a password-protected PDF", async () => {
    const bytes = await encryptedPdf();
    // The fixture really is encrypted: it opens with the password.
    const withPassword = await getDocumentProxy(bytes.slice(), { password: "secret", verbosity: 0 });
    expect(withPassword.numPages).toBe(1);
    await withPassword.destroy();
    const result = await extractPdfText(bytes);
    expect(result).toEqual({ ok: false, code: "encrypted", message: PDF_MESSAGES.encrypted });
    expect(PDF_MESSAGES.encrypted).toMatch(/password/);
  });

  it("maps PDF.js errors by name", () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });
    expect(failureForError(named("PasswordException", "No password given")).code).toBe("encrypted");
    expect(failureForError(named("InvalidPDFException", "Invalid PDF structure.")).code).toBe("corrupt");
    expect(failureForError(named("InvalidPDFException", "The PDF file is empty, i.e. its size is zero bytes.")).code).toBe("empty");
    expect(failureForError("weird").code).toBe("corrupt");
    expect(failureForError(undefined).code).toBe("corrupt");
  });
});

describe("linesFromItems", () => {
  const item = (str: string, x: number, y: number, width = str.length * 5) => ({ str, x, y, width, height: 10, fontSize: 10 });
  it("groups by baseline, orders by x, tabs wide gaps, spaces small ones", () => {
    expect(
      linesFromItems([
        item("Near baseline", 400, 700),
        item("Implement and manage storage", 50, 700.5),
        item(" ", 190, 700, 210), // PDF.js's gap filler
        item("Score:", 50, 720, 30),
        item("652", 83, 720),
      ]),
    ).toBe("Score: 652\nImplement and manage storage\tNear baseline");
  });
  it("handles nothing at all", () => {
    expect(linesFromItems([])).toBe("");
  });
});
