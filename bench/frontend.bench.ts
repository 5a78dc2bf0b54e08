/**
 * `npm run bench:frontend`: what the practice question page costs a browser.
 *
 * Starts the production build (scripts/start.ts --skip-build; builds first when build/ is
 * missing) on a fresh temp database with the bundled content, signs a candidate up in headless
 * Chromium, starts a daily session and then loads the practice question page `--loads` times
 * (default 7, `--quick` 2), each in a fresh browser context with the session cookie (cold cache):
 * - the JavaScript and CSS the page loads: bytes on the wire as served (Content-Encoding from the
 *   server, when it compresses) and gzip / brotli sizes of the same files (what any compressing
 *   proxy would serve);
 * - the largest contentful paint (PerformanceObserver, buffered), median and max over the loads.
 * Targets: compressed JavaScript < 150 KB; LCP < 1 s on localhost. Figures only, never a failure.
 *
 *   npm run bench:frontend -- [--loads 7] [--quick] [--json]
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "@playwright/test";

export const JS_BUDGET_KB = 150;
export const LCP_BUDGET_MS = 1000;

export type FrontendFigures = {
  loads: number;
  files: { url: string; type: "script" | "stylesheet"; raw: number; wire: number | null; gzip: number; brotli: number }[];
  js: { raw: number; gzip: number; brotli: number; wire: number | null };
  css: { raw: number; gzip: number; brotli: number; wire: number | null };
  lcpMs: { median: number; max: number; all: number[] };
};

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

function findChromium(): string {
  const c = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(Boolean) as string[];
  const found = c.find((p) => fs.existsSync(p));
  if (!found) throw new Error("bench:frontend needs Chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH");
  return found;
}

async function waitFor(url: string, ms: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server did not answer ${url} within ${ms / 1000} s`);
}

export async function run(opts: { loads?: number } = {}): Promise<FrontendFigures> {
  const loads = opts.loads ?? 7;
  if (!fs.existsSync(path.join(root, "build", "server", "index.js"))) {
    const b = spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
    if (b.status !== 0) throw new Error("the production build failed");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-frontend-"));
  const port = 3990 + Math.floor(Math.random() * 9);
  const server = spawn("npx", ["tsx", "scripts/start.ts", "--skip-build"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${path.join(dir, "bench.db")}`, SESSION_SECRET: "bench-secret-bench-secret-bench-secret-42" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  server.stderr!.on("data", (d) => (stderr += String(d)));
  const stop = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // gone
    }
  };
  process.once("exit", stop);
  let browser: Browser | null = null;
  try {
    const base = `http://localhost:${port}`;
    await waitFor(`${base}/`, 180_000, server).catch((e) => {
      throw new Error(`${(e as Error).message}\n${stderr.slice(-2000)}`);
    });
    browser = await chromium.launch({ executablePath: findChromium(), args: ["--no-sandbox", "--disable-gpu"] });
    // Sign up and start a session (through the UI, as a candidate does).
    const setup = await browser.newContext({ baseURL: base });
    const page = await setup.newPage();
    await page.goto("/signup");
    await page.getByLabel("Email").fill(`bench-${Date.now()}@example.com`);
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await page.getByLabel("Repeat password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.goto("/exams/AZ-104/practice");
    await page.getByRole("button", { name: "Start today's session" }).click();
    await page.waitForURL(/\/practice\/[a-z0-9]+$/);
    const questionUrl = page.url();
    const state = await setup.storageState();
    await setup.close();

    const lcps: number[] = [];
    const files = new Map<string, FrontendFigures["files"][number]>();
    for (let i = 0; i < loads; i++) {
      const ctx = await browser.newContext({ baseURL: base, storageState: state });
      const p = await ctx.newPage();
      const wire = new Map<string, number | null>();
      p.on("response", async (res) => {
        const type = res.request().resourceType();
        if (type !== "script" && type !== "stylesheet") return;
        // Body bytes as transferred (compressed when the server compressed it).
        const sizes = await res.request().sizes().catch(() => null);
        wire.set(res.url(), sizes ? sizes.responseBodySize : null);
        if (!files.has(res.url())) {
          const body = await res.body().catch(() => Buffer.alloc(0));
          files.set(res.url(), {
            url: new URL(res.url()).pathname,
            type,
            raw: body.length,
            wire: null,
            gzip: gzipSync(body, { level: 9 }).length,
            brotli: brotliCompressSync(body).length,
          });
        }
      });
      await p.goto(questionUrl, { waitUntil: "networkidle" });
      const lcp = await p.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let last = 0;
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) last = e.startTime;
            }).observe({ type: "largest-contentful-paint", buffered: true });
            setTimeout(() => resolve(last), 300);
          }),
      );
      lcps.push(lcp);
      for (const [url, w] of wire) if (files.has(url)) files.get(url)!.wire = w;
      await ctx.close();
    }
    const list = [...files.values()];
    const sum = (type: "script" | "stylesheet") => {
      const fs_ = list.filter((f) => f.type === type);
      const wires = fs_.map((f) => f.wire);
      return {
        raw: fs_.reduce((s, f) => s + f.raw, 0),
        gzip: fs_.reduce((s, f) => s + f.gzip, 0),
        brotli: fs_.reduce((s, f) => s + f.brotli, 0),
        wire: wires.every((w) => w !== null) ? (wires as number[]).reduce((s, w) => s + w, 0) : null,
      };
    };
    const sorted = lcps.slice().sort((a, b) => a - b);
    return { loads, files: list, js: sum("script"), css: sum("stylesheet"), lcpMs: { median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], all: lcps } };
  } finally {
    await browser?.close();
    stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (b: number | null) => (b === null ? "–" : `${(b / 1024).toFixed(1)} KB`);

export function format(f: FrontendFigures): string {
  const out = [
    `Practice question page, production build on localhost, headless Chromium; ${os.cpus()[0]?.model ?? ""} x${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
    "",
    "| asset | raw | as served | gzip -9 | brotli |",
    "|---|---|---|---|---|",
    ...f.files.map((x) => `| ${x.url} | ${kb(x.raw)} | ${kb(x.wire)} | ${kb(x.gzip)} | ${kb(x.brotli)} |`),
    `| **JavaScript total** | ${kb(f.js.raw)} | ${kb(f.js.wire)} | ${kb(f.js.gzip)} | ${kb(f.js.brotli)} |`,
    `| **CSS total** | ${kb(f.css.raw)} | ${kb(f.css.wire)} | ${kb(f.css.gzip)} | ${kb(f.css.brotli)} |`,
    "",
    `Compressed JavaScript (gzip): ${kb(f.js.gzip)} (target < ${JS_BUDGET_KB} KB: ${f.js.gzip / 1024 < JS_BUDGET_KB ? "PASS" : "over"})`,
    `LCP over ${f.loads} cold loads: median ${f.lcpMs.median.toFixed(0)} ms, max ${f.lcpMs.max.toFixed(0)} ms (target < ${LCP_BUDGET_MS} ms: ${f.lcpMs.median < LCP_BUDGET_MS ? "PASS" : "over"})`,
  ];
  return out.join("\n");
}

async function main() {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { loads: { type: "string" }, quick: { type: "boolean" }, json: { type: "boolean" } } });
  const f = await run({ loads: values.loads ? Number(values.loads) : values.quick ? 2 : 7 });
  console.log(values.json ? JSON.stringify(f, null, 2) : format(f));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(`bench:frontend: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
