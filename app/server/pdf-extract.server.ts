/**
 * PDF text extraction off the request's event loop (issue 14): each upload is read in its own
 * worker thread with a heap cap (resourceLimits) and a hard time limit after which the worker is
 * terminated, so a crafted file costs one bounded worker, never the server. The byte and text
 * limits inside the extraction itself are in core/report/pdf-text.ts.
 *
 * At most PDF_LIMITS.concurrent workers run at once; further uploads wait their turn (their time
 * limit counts from when they start), and past PDF_LIMITS.queue waiting ones are refused at once.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { fail, type PdfTextResult } from "~/core/report/pdf-text";

export const PDF_LIMITS = {
  timeoutMs: 8_000,
  maxOldGenerationSizeMb: 192,
  maxYoungGenerationSizeMb: 32,
  concurrent: 2,
  queue: 16,
};

export type PdfExtractOptions = Partial<Pick<typeof PDF_LIMITS, "timeoutMs" | "maxOldGenerationSizeMb">>;

/**
 * The worker's file. The production server bundle sits in build/server/ with pdf-worker.js
 * beside it; from source (tests, scripts, dev) the TypeScript entry runs through tsx.
 */
function workerEntry(): { script: string | URL; eval: boolean } {
  for (const rel of ["./pdf-worker.js", "../pdf-worker.js"]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === "file:" && fs.existsSync(fileURLToPath(url))) return { script: url, eval: false };
  }
  const source = new URL("./pdf-worker.server.ts", import.meta.url);
  if (source.protocol === "file:" && fs.existsSync(fileURLToPath(source))) {
    // Worker execArgv ignores --import, so tsx is registered by a two-line bootstrap.
    const bootstrap = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(source.href)}); });`;
    return { script: bootstrap, eval: true };
  }
  throw new Error(`pdf-extract: no PDF worker next to ${import.meta.url} (expected pdf-worker.js from the build)`);
}

let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<(() => void) | null> {
  if (running >= PDF_LIMITS.concurrent) {
    if (waiting.length >= PDF_LIMITS.queue) return null;
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

/** Text of a PDF, read in a worker thread; limits hit or a crashed worker give the "too-complex" failure. */
export async function extractPdfTextIsolated(bytes: Uint8Array, opts: PdfExtractOptions = {}): Promise<PdfTextResult> {
  const release = await slot();
  if (!release) return fail("too-complex");
  try {
    return await runWorker(bytes, { ...PDF_LIMITS, ...opts });
  } finally {
    release();
  }
}

function runWorker(bytes: Uint8Array, limits: typeof PDF_LIMITS): Promise<PdfTextResult> {
  const entry = workerEntry();
  const copy = bytes.slice(); // transferred to the worker
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(entry.script, {
      eval: entry.eval,
      workerData: { bytes: copy },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb },
      stdout: false,
      stderr: false,
    });
    const finish = (result: PdfTextResult | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(() => {
      console.warn(`pdf-extract: stopped a PDF after ${limits.timeoutMs} ms`);
      finish(fail("too-complex"));
    }, limits.timeoutMs);
    worker.once("message", (result: PdfTextResult) => finish(result));
    worker.once("error", (e) => {
      if ((e as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") {
        console.warn(`pdf-extract: a PDF hit the ${limits.maxOldGenerationSizeMb} MB heap limit`);
        finish(fail("too-complex"));
      } else {
        // Not the file's fault (extractPdfText never throws): a broken worker is a server error.
        finish(new Error(`pdf-extract: the PDF worker failed: ${e.message}`, { cause: e }));
      }
    });
    worker.once("exit", (code) => finish(new Error(`pdf-extract: the PDF worker exited (${code}) without a result`)));
  });
}
