import { describe, expect, it } from "vitest";
import { drawingOnlyPdf, reportPdf } from "./pdf-fixtures";
import { reportTextFromFile } from "./report-file";

const txt = (bytes: Uint8Array, name = "report.txt") => reportTextFromFile({ name, type: "text/plain", bytes });

describe("reportTextFromFile", () => {
  it("reads UTF-8 (dropping a BOM) and UTF-16 text files", async () => {
    expect(await txt(new TextEncoder().encode("\uFEFFScore: 640"))).toEqual({ ok: true, text: "Score: 640" });
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from("Score: 640", "utf16le")]);
    expect(await txt(utf16)).toEqual({ ok: true, text: "Score: 640" });
  });

  it("refuses binary data, blank text, a wrong type and an empty file with a message", async () => {
    expect(await txt(Uint8Array.from([0x41, 0x00, 0x42]))).toMatchObject({ ok: false, message: expect.stringContaining("binary data") });
    expect(await txt(new TextEncoder().encode("  \n "))).toMatchObject({ ok: false, message: expect.stringContaining("empty") });
    expect(await txt(Uint8Array.from([1, 2, 3]), "report.png")).toMatchObject({ ok: false });
    expect(await txt(new Uint8Array())).toMatchObject({ ok: false });
  });

  it("extracts a PDF's text and explains a PDF without a text layer", async () => {
    const pdf = await reportPdf(["Score: 640", ["Implement and manage storage", "Needs improvement"]]);
    const read = await reportTextFromFile({ name: "r.pdf", type: "application/pdf", bytes: pdf });
    expect(read.ok && read.text).toContain("Implement and manage storage");
    const scan = await reportTextFromFile({ name: "scan.pdf", type: "application/pdf", bytes: await drawingOnlyPdf() });
    expect(scan).toMatchObject({ ok: false, message: expect.stringMatching(/no text/i) });
  });
});
