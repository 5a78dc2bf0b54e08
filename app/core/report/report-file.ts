/**
 * A score-report file (PDF or text) turned into text, with a message for every way it can fail.
 * One path for the upload form and the report:parse / practice:preview scripts.
 */
import { extractPdfText, type PdfTextResult } from "./pdf-text";
import { validateUpload } from "./validate";

export type ReportFileText = { ok: true; text: string } | { ok: false; message: string };

/** Text of a .txt file: UTF-8 (BOM dropped) or UTF-16 with a byte-order mark. */
export function decodeReportText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
}

/**
 * `extractPdf` reads a PDF's text; in-process by default (scripts), the server passes one that
 * runs in a worker thread with time and memory limits (app/server/pdf-extract.server.ts).
 */
export async function reportTextFromFile(
  file: { name: string; type: string; bytes: Uint8Array },
  extractPdf: (bytes: Uint8Array) => Promise<PdfTextResult> = extractPdfText,
): Promise<ReportFileText> {
  const problem = validateUpload({ name: file.name, type: file.type, size: file.bytes.length });
  if (problem) return { ok: false, message: problem };
  if (/\.pdf$/i.test(file.name) || file.type === "application/pdf") {
    const result = await extractPdf(file.bytes);
    return result.ok ? { ok: true, text: result.text } : { ok: false, message: result.message };
  }
  const text = decodeReportText(file.bytes);
  if (text.includes("\u0000")) {
    return { ok: false, message: "This .txt file contains binary data, not text. Upload the report as a PDF, or paste its text instead." };
  }
  if (!text.trim()) return { ok: false, message: "This file is empty. Upload the report itself, or paste its text instead." };
  return { ok: true, text };
}
