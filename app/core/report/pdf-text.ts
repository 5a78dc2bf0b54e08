/**
 * Text of a score-report PDF, one report line per text line, via unpdf (PDF.js).
 *
 * unpdf's extractText (unpdf 1.7) keeps line breaks, but joins the cells of a table row with a
 * single space ("Implement and manage storage Near baseline"), because PDF.js fills the gap
 * with a whitespace item as wide as the gap. We rebuild lines from the positioned text items
 * instead (the document comes from unpdf's getDocumentProxy; items from PDF.js's
 * getTextContent, as unpdf's extractTextItems does): items on the same baseline form one line
 * in x order, whitespace-only items are dropped, and a horizontal gap wider than 1.5 font
 * sizes becomes a tab, so table cells stay apart for the parser. Pages are joined with a
 * blank line. At most MAX_PAGES pages are read (a score report has one or two).
 *
 * Limits against hostile files (issue 14): before PDF.js sees the file, every zlib stream in it
 * is inflated with a byte budget (MAX_INFLATED_BYTES in all; a 2 MB upload can inflate to
 * gigabytes, held by PDF.js outside the JS heap where no heap limit sees it), and text stops at
 * MAX_TEXT_CHARS. Time and heap are bounded by the caller: the server runs this in a worker
 * thread (app/server/pdf-extract.server.ts).
 *
 * Never throws: failures come back as { ok: false, code, message } with a message that tells
 * the candidate what to do instead.
 */
import zlib from "node:zlib";
import { getDocumentProxy, type StructuredTextItem } from "unpdf";

export type PdfTextResult =
  | { ok: true; text: string }
  | { ok: false; code: "encrypted" | "corrupt" | "empty" | "no-text" | "too-complex"; message: string };

export const MAX_PAGES = 20;
/** All streams of a file together, inflated: a real score report needs well under 1 MB. */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
/** The paste form's limit: a report is a few thousand characters. */
export const MAX_TEXT_CHARS = 200_000;

export const PDF_MESSAGES = {
  empty: "The file is empty: download your score report again and upload the PDF, or paste its text.",
  corrupt:
    "This file can't be read as a PDF (it may be damaged or not a PDF): download your score report again, or paste its text instead.",
  encrypted:
    "This PDF is password-protected: save or print it again without a password (or copy its text into the form), then try again.",
  "no-text": "This PDF has no text layer (it looks like a scan): enter the bands in the form instead.",
  "too-complex": "This PDF could not be read in time; paste the text instead (open the PDF, select all its text, copy it and use \u201cPaste the report text\u201d).",
} as const;

type Failure = Extract<PdfTextResult, { ok: false }>;
export const fail = (code: Failure["code"]): Failure => ({ ok: false, code, message: PDF_MESSAGES[code] });

/** Maps an error thrown by PDF.js to our failure codes (by name: PDF.js's classes aren't exported stably). */
export function failureForError(error: unknown): Failure {
  const name = error && typeof error === "object" && "name" in error ? String((error as { name: unknown }).name) : "";
  const message = error instanceof Error ? error.message : String(error ?? "");
  if (name === "PasswordException" || /password/i.test(message)) return fail("encrypted");
  if (/size is zero bytes|file is empty/i.test(message)) return fail("empty");
  return fail("corrupt");
}

const STREAM = Buffer.from("stream");
const END_STREAM = Buffer.from("endstream");
const isZlibHeader = (b: Uint8Array) => b.length >= 2 && (b[0] & 0x0f) === 8 && ((b[0] << 8) | b[1]) % 31 === 0;

/**
 * How many bytes the file's zlib streams inflate to, counted up to `budget` (then budget + 1 is
 * returned, without inflating further). Streams are found by their keywords, as PDF.js's own
 * recovery does; nested zlib layers (a FlateDecode chain) are counted too.
 */
export function inflatedSize(bytes: Uint8Array, budget = MAX_INFLATED_BYTES): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (let at = buf.indexOf(STREAM); at !== -1; at = buf.indexOf(STREAM, at + 1)) {
    if (at >= 3 && buf.subarray(at - 3, at).toString("latin1") === "end") continue;
    let start = at + STREAM.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = buf.indexOf(END_STREAM, start);
    let data: Uint8Array = buf.subarray(start, end === -1 ? buf.length : end);
    for (let layer = 0; layer < 4 && isZlibHeader(data); layer++) {
      try {
        data = zlib.inflateSync(data, { maxOutputLength: budget - total + 1, finishFlush: zlib.constants.Z_SYNC_FLUSH });
      } catch (e) {
        if (e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return budget + 1;
        break; // not zlib after all, or damaged: PDF.js decides
      }
      total += data.length;
      if (total > budget) return budget + 1;
    }
    if (end === -1) break;
    at = end + END_STREAM.length - 1;
  }
  return total;
}

export async function extractPdfText(bytes: Uint8Array): Promise<PdfTextResult> {
  if (!(bytes instanceof Uint8Array)) return fail("corrupt");
  if (bytes.byteLength === 0) return fail("empty");
  if (inflatedSize(bytes) > MAX_INFLATED_BYTES) return fail("too-complex");
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | null = null;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: pass a copy.
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0, isEvalSupported: false });
    const pages: string[] = [];
    let chars = 0;
    for (let n = 1; n <= Math.min(pdf.numPages, MAX_PAGES); n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      chars += content.items.reduce((sum, it) => sum + ("str" in it ? it.str.length : 0), 0);
      if (chars > MAX_TEXT_CHARS) return fail("too-complex");
      pages.push(linesFromItems(content.items.flatMap((it) => ("str" in it ? [toItem(it)] : []))));
      page.cleanup();
    }
    return finish(pages);
  } catch (error) {
    return failureForError(error);
  } finally {
    if (pdf) await pdf.destroy().catch(() => undefined);
  }
}

function finish(pages: string[]): PdfTextResult {
  const text = pages.join("\n\n").replace(/\n{3,}/g, "\n\n").trim();
  return text.length === 0 ? fail("no-text") : { ok: true, text };
}

type Item = Pick<StructuredTextItem, "str" | "x" | "y" | "width" | "height" | "fontSize">;

function toItem(it: { str: string; transform: number[]; width: number; height: number }): Item {
  const [a, b, , , e, f] = it.transform;
  return { str: it.str, x: e, y: f, width: it.width, height: it.height, fontSize: Math.hypot(a, b) || it.height };
}

/** Rebuilds the lines of one page from positioned text items. */
export function linesFromItems(items: readonly Item[]): string {
  const parts = items.filter(
    (it) => typeof it.str === "string" && it.str.trim().length > 0 && Number.isFinite(it.x) && Number.isFinite(it.y),
  );
  // Top to bottom (PDF y grows upwards), then left to right.
  const sorted = [...parts].sort((p, q) => q.y - p.y || p.x - q.x);
  const rows: Item[][] = [];
  for (const it of sorted) {
    const size = it.fontSize > 0 ? it.fontSize : it.height > 0 ? it.height : 10;
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y - it.y) <= size * 0.4) row.push(it);
    else rows.push([it]);
  }
  return rows
    .map((row) => {
      row.sort((p, q) => p.x - q.x);
      let line = "";
      let end = Number.NEGATIVE_INFINITY;
      for (const it of row) {
        const size = it.fontSize > 0 ? it.fontSize : 10;
        const gap = it.x - end;
        if (line.length > 0) {
          if (gap > size * 1.5) line = line.replace(/[ \t]+$/, "") + "\t";
          else if (gap > size * 0.15 && !/\s$/.test(line) && !/^\s/.test(it.str)) line += " ";
        }
        line += it.str;
        end = Math.max(end, it.x + (it.width > 0 ? it.width : 0));
      }
      return line.replace(/[ \t]+$/, "").replace(/^\s+/, "");
    })
    .filter((l) => l.length > 0)
    .join("\n");
}
