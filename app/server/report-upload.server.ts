/** Turns an uploaded score-report file into text (core/report/report-file.ts does the work). */
import { reportTextFromFile, type ReportFileText } from "~/core/report/report-file";
import { MAX_UPLOAD_BYTES } from "~/core/report/validate";
import { extractPdfTextIsolated } from "./pdf-extract.server";

export { MAX_UPLOAD_BYTES };

/** PDFs are read in a worker thread with time and memory limits, never on the request's event loop. */
export async function textFromUpload(file: File): Promise<ReportFileText> {
  return reportTextFromFile({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }, (bytes) => extractPdfTextIsolated(bytes));
}
