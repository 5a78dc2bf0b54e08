/** Turns an uploaded score-report file into text, with a message for every way it can fail. */
import { extractPdfText } from "~/core/report/pdf-text";
import { MAX_UPLOAD_BYTES, validateUpload } from "~/core/report/validate";

export { MAX_UPLOAD_BYTES };

export type UploadText = { ok: true; text: string } | { ok: false; message: string };

export async function textFromUpload(file: File): Promise<UploadText> {
  const problem = validateUpload({ name: file.name, type: file.type, size: file.size });
  if (problem) return { ok: false, message: problem };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (/\.pdf$/i.test(file.name) || file.type === "application/pdf") {
    const result = await extractPdfText(bytes);
    return result.ok ? { ok: true, text: result.text } : { ok: false, message: result.message };
  }
  if (bytes.includes(0)) {
    return { ok: false, message: "This .txt file contains binary data, not text. Upload the report as a PDF, or paste its text instead." };
  }
  const text = new TextDecoder("utf-8").decode(bytes);
  if (!text.trim()) return { ok: false, message: "This file is empty. Upload the report itself, or paste its text instead." };
  return { ok: true, text };
}
