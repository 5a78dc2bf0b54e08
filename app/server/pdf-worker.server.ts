/**
 * Worker-thread entry: extracts the text of one PDF and posts the result back. Started by
 * pdf-extract.server.ts, never imported by the app itself. Relative imports only: in the
 * production build this file is its own entry (vite.config.ts emits it as build/server/pdf-worker.js).
 */
import { parentPort, workerData } from "node:worker_threads";
import { extractPdfText } from "../core/report/pdf-text";

const bytes = (workerData as { bytes: Uint8Array }).bytes;
parentPort?.postMessage(await extractPdfText(bytes));
