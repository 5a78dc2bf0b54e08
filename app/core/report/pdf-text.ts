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
 * Never throws: failures come back as { ok: false, code, message } with a message that tells
 * the candidate what to do instead.
 */
import { getDocumentProxy, type StructuredTextItem } from "unpdf";

export type PdfTextResult =
  | { ok: true; text: string }
  | { ok: false; code: "encrypted" | "corrupt" | "empty" | "no-text"; message: string };

export const MAX_PAGES = 20;

export const PDF_MESSAGES = {
  empty: "The file is empty: download your score report again and upload the PDF, or paste its text.",
  corrupt:
    "This file can't be read as a PDF (it may be damaged or not a PDF): download your score report again, or paste its text instead.",
  encrypted:
    "This PDF is password-protected: save or print it again without a password (or copy its text into the form), then try again.",
  "no-text": "This PDF has no text layer (it looks like a scan): enter the bands in the form instead.",
} as const;

type Failure = Extract<PdfTextResult, { ok: false }>;
const fail = (code: Failure["code"]): Failure => ({ ok: false, code, message: PDF_MESSAGES[code] });

/** Maps an error thrown by PDF.js to our failure codes (by name: PDF.js's classes aren't exported stably). */
export function failureForError(error: unknown): Failure {
  const name = error && typeof error === "object" && "name" in error ? String((error as { name: unknown }).name) : "";
  const message = error instanceof Error ? error.message : String(error ?? "");
  if (name === "PasswordException" || /password/i.test(message)) return fail("encrypted");
  if (/size is zero bytes|file is empty/i.test(message)) return fail("empty");
  return fail("corrupt");
}

export async function extractPdfText(bytes: Uint8Array): Promise<PdfTextResult> {
  if (!(bytes instanceof Uint8Array)) return fail("corrupt");
  if (bytes.byteLength === 0) return fail("empty");
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | null = null;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: pass a copy.
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0, isEvalSupported: false });
    const pages: string[] = [];
    for (let n = 1; n <= Math.min(pdf.numPages, MAX_PAGES); n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(linesFromItems(content.items.flatMap((it) => ("str" in it ? [toItem(it)] : []))));
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
