import { describe, expect, it } from "vitest";
import { inflateBombPdf, sharedStreamPdf } from "~/core/report/hostile-pdf-fixtures";
import { reportPdf } from "~/core/report/pdf-fixtures";
import { PDF_MESSAGES } from "~/core/report/pdf-text";
import { extractPdfTextIsolated } from "./pdf-extract.server";
import { textFromUpload } from "./report-upload.server";

const pdfFile = (bytes: Uint8Array, name = "report.pdf") => new File([bytes as Uint8Array<ArrayBuffer>], name, { type: "application/pdf" });

/** Runs `work` while a 10 ms timer ticks on this thread; returns the longest gap between ticks. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; gapMs: number; ms: number }> {
  let last = performance.now();
  let gapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  try {
    const result = await work();
    return { result, gapMs, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

describe("textFromUpload (issue 14: hostile PDFs)", () => {
  it("reads a real report in a worker", async () => {
    const read = await textFromUpload(pdfFile(await reportPdf(["Microsoft Azure Administrator", ["Implement and manage storage", "Near baseline"]])));
    expect(read).toEqual({ ok: true, text: "Microsoft Azure Administrator\nImplement and manage storage\tNear baseline" });
  });

  it("refuses a small file whose stream inflates to 512 MiB, quickly and without stalling this thread", async () => {
    const bomb = await inflateBombPdf(512 * 2 ** 20);
    expect(bomb.length).toBeLessThan(600_000);
    const rssBefore = process.memoryUsage().rss;
    const { result, gapMs, ms } = await longestStall(() => textFromUpload(pdfFile(bomb)));
    expect(result).toEqual({ ok: false, message: PDF_MESSAGES["too-complex"] });
    expect(ms).toBeLessThan(5_000);
    expect(gapMs).toBeLessThan(250);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 2 ** 20);
  }, 30_000);

  it("stops a file of many pages sharing one large stream at the text limit, without stalling this thread", async () => {
    const shared = sharedStreamPdf(20, 20_000);
    expect(shared.length).toBeLessThan(210_000);
    const { result, gapMs, ms } = await longestStall(() => textFromUpload(pdfFile(shared)));
    expect(result).toEqual({ ok: false, message: PDF_MESSAGES["too-complex"] });
    expect(ms).toBeLessThan(8_000);
    expect(gapMs).toBeLessThan(250);
  }, 30_000);

  it("terminates the worker at the time limit and keeps this thread responsive meanwhile", async () => {
    // Under the byte and text limits, but slow: only the clock stops it.
    const slow = sharedStreamPdf(20, 9_000);
    const { result, gapMs, ms } = await longestStall(() => extractPdfTextIsolated(slow, { timeoutMs: 300 }));
    expect(result).toMatchObject({ ok: false, code: "too-complex", message: PDF_MESSAGES["too-complex"] });
    expect(ms).toBeLessThan(1_500);
    expect(gapMs).toBeLessThan(250);
  }, 30_000);

  it("turns a worker that runs out of heap into the same message", async () => {
    const heavy = sharedStreamPdf(1, 9_000);
    const result = await extractPdfTextIsolated(heavy, { maxOldGenerationSizeMb: 8, timeoutMs: 20_000 });
    expect(result).toMatchObject({ ok: false, code: "too-complex" });
  }, 30_000);
});
