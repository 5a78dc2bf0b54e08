/**
 * `npm start`: check what is needed, build, migrate, import content, serve.
 *   --skip-build   serve the existing build/ (used by the browser tests after one build)
 * Environment: see app/server/env.server.ts and the README.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { EnvError, parseEnv, sqliteFilePath } from "../app/server/env.server";
import { ensurePrismaClient } from "./lib/prisma-generate";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);

function fail(message: string): never {
  process.stderr.write(`\nnpm start: ${message}\n`);
  process.exit(1);
}

function step(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const started = Date.now();
  process.stdout.write(`• ${label}…\n`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env });
  if (result.status !== 0) fail(`${label} failed (exit ${result.status ?? result.signal}). See the output above.`);
  process.stdout.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function main() {
  const skipBuild = process.argv.includes("--skip-build");
  if (!fs.existsSync(path.join(root, "node_modules", "@remix-run", "express"))) {
    fail("dependencies are missing. Run `npm install` first.");
  }
  let env;
  try {
    env = parseEnv(process.env);
  } catch (e) {
    if (e instanceof EnvError) fail(e.message);
    throw e;
  }
  const dbFile = sqliteFilePath(env.DATABASE_URL);
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  const childEnv = { ...process.env, DATABASE_URL: env.DATABASE_URL, PORT: String(env.PORT) };

  ensurePrismaClient(root);
  if (!skipBuild) step("Building the app", "npx", ["remix", "vite:build"], { ...childEnv, NODE_ENV: "production" });
  else if (!fs.existsSync(path.join(root, "build", "server", "index.js"))) fail("--skip-build given but there is no build/. Run `npm run build`.");
  step(`Applying database migrations to ${path.relative(root, dbFile)}`, "npx", ["prisma", "migrate", "deploy"], childEnv);
  step(`Importing content from ${env.CONTENT_DIR}/`, "npx", ["tsx", "scripts/content-import.ts", "--dir", env.CONTENT_DIR], childEnv);

  process.stdout.write(`• Serving on http://localhost:${env.PORT}\n`);
  // server/index.ts: Express in front of the Remix build (headers, body ceilings; ADR 009).
  const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "index.ts")], {
    stdio: "inherit",
    env: { ...childEnv, NODE_ENV: "production" },
  });
  const stop = (signal: NodeJS.Signals) => server.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((e) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
