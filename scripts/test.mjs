#!/usr/bin/env node
// `npm test`: every test, unit and browser. Plain JavaScript so it can explain what is missing
// before anything else runs.
//  1. checks dependencies and finds a Chromium for Playwright (installs Debian's when root),
//  2. generates the Prisma client and builds the app (production build),
//  3. type-checks (tsc --noEmit), runs Vitest (unit, with the layer rules of tests/unit/layers.test.ts),
//     then Playwright (browser) against the build with a fresh database.
// Flags: --unit (unit only), --e2e (browser only). Extra arguments after -- go to both runners.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const args = process.argv.slice(2);
const onlyUnit = args.includes("--unit");
const onlyE2e = args.includes("--e2e");

function fail(msg) {
  process.stderr.write(`\nnpm test: ${msg}\n`);
  process.exit(1);
}
function run(label, cmd, cmdArgs, env = process.env) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", env });
  return r.status === 0;
}

if (!fs.existsSync(path.join(root, "node_modules", ".bin", "vitest"))) fail("dependencies are missing. Run `npm install` first.");

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

let chromium = null;
if (!onlyUnit) {
  chromium = findChromium();
  if (!chromium) {
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    const hasApt = fs.existsSync("/usr/bin/apt-get");
    if (isRoot && hasApt) {
      process.stdout.write("No Chromium found for the browser tests: installing Debian's chromium package (apt-get)…\n");
      const ok =
        spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" }).status === 0 &&
        spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
      chromium = ok ? findChromium() : null;
    }
    if (!chromium) {
      fail(
        "the browser tests need Chromium and none was found.\n" +
          "  Install one (Debian/Ubuntu: `sudo apt-get install chromium`), or point CHROMIUM_PATH at a Chrome/Chromium binary,\n" +
          "  or run only the unit tests with `npm test -- --unit`.",
      );
    }
  }
}

// Generate the Prisma client (the unit tests import its types) and build once.
if (!run("Prisma client", "npx", ["tsx", "-e", "import('./scripts/lib/prisma-generate.ts').then(m=>m.ensurePrismaClient(process.cwd()))"])) fail("prisma generate failed");

const results = [];
if (!onlyE2e) {
  // The type check comes first: a type error fails the run before anything slower starts.
  results.push(["type check (tsc --noEmit)", run("Type check (tsc --noEmit)", "npx", ["tsc", "--noEmit"])]);
  results.push(["unit (Vitest)", run("Unit tests (Vitest), layer rules included", "npx", ["vitest", "run"])]);
  // The shipped banks: every file valid, and no bank-level flag (key position, longest key,
  // references, near-duplicates, objectives without items, domain shares: docs/content.md).
  results.push(["content (check + audit --strict)", run("Content check and audit of the shipped banks", "npx", ["tsx", "scripts/content-check.ts"]) && run("Content audit (--strict)", "npx", ["tsx", "scripts/content-audit.ts", "--strict"])]);
}
if (!onlyUnit) {
  if (!run("Production build", "npx", ["remix", "vite:build"], { ...process.env, NODE_ENV: "production" })) fail("the build failed");
  // Every benchmark's --quick variant: proves the benchmarks still run (figures are printed,
  // never checked: timing on a shared machine is not a test).
  results.push([
    "benchmarks (--quick smoke run)",
    run("Benchmarks, quick smoke run (figures not checked)", "npx", ["tsx", "bench/run.ts", "--quick"], { ...process.env, CHROMIUM_PATH: chromium }),
  ]);
  results.push([
    "browser (Playwright)",
    run("Browser tests (Playwright, Chromium)", "npx", ["playwright", "test"], { ...process.env, CHROMIUM_PATH: chromium }),
  ]);
}

process.stdout.write("\n");
for (const [name, ok] of results) process.stdout.write(`${ok ? "PASS" : "FAIL"}  ${name}\n`);
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
