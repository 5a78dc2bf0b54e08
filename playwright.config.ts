import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Each run gets its own fresh SQLite database (migrated and loaded with content by the server
// start-up), so runs never see each other's users.
const runId = (process.env.E2E_RUN_ID ??= `${Date.now()}-${process.pid}`);
const dbDir = path.resolve("tests/.tmp");
fs.mkdirSync(dbDir, { recursive: true });
process.env.E2E_DATABASE_URL ??= `file:${path.join(dbDir, `e2e-${runId}.db`)}`;
const port = Number(process.env.E2E_PORT ?? 3917);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npx tsx scripts/start.ts --skip-build",
    url: `http://localhost:${port}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      // Every test signs up and logs in from 127.0.0.1: the per-address limits are for people, not
      // for a suite. The per-account login limit stays as in production (auth.spec.ts tests it).
      RATE_LIMIT_LOGIN_ADDRESS: "100000",
      RATE_LIMIT_SIGNUP_ADDRESS: "100000",
      RATE_LIMIT_FLAG_ADDRESS: "100000",
    },
  },
});
