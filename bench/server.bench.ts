/**
 * The production build over HTTP, at scale, against a floor measured in the same run.
 *
 * 1. Seeds a temporary SQLite database through a bulk path (prepared better-sqlite3 statements in
 *    transactions): the AZ-104 exam with 10,000 synthetic items, 2,000 candidates (each with a
 *    score report, a retake date, learner ratings) and 1,000,000 review-log rows replayed through
 *    the real scheduler into their Card rows, spread unevenly over the candidates. Every candidate
 *    has the same password, hashed once with the app's own hashPassword (argon2id).
 * 2. Builds the app when build/server/index.js is missing (or with --build) and starts the
 *    production server (remix-serve build/server/index.js, NODE_ENV=production) on a free
 *    loopback port against that database.
 * 3. Logs in 32 candidates as a browser does (GET /login for the CSRF cookie and token, POST the
 *    form), and each starts a daily practice session and a full mock exam through the pages' forms.
 * 4. Drives it with autocannon, each connection as one of those candidates (its own cookies and
 *    CSRF token), at 1 and 32 connections:
 *      question-page     GET /practice/<daily session>           (first unanswered question)
 *      answer-submit     POST /practice/<session> (answer form)  302, every request a new question
 *      progress-page     GET /exams/AZ-104/progress
 *      mock-answer-save  POST /mock/<id>/save (multipart, Accept: application/json, as the page's fetch)
 *    The answers go to questions of custom practice sessions of 100 started over HTTP before each
 *    answer run (a question answered twice is a no-op in the app, so each request takes a question
 *    no request answered yet; "repeats" counts the ones that had to reuse one).
 * 5. Floor: a bare node:http server in a child process (no framework, no selector) serving the
 *    same data from bare better-sqlite3 queries on the same file, driven the same way: the same
 *    session-cookie lookup, the question's stem and options as minimal HTML, the progress page's
 *    rows with per-domain counts, and for the writes the bare INSERT/UPDATEs in one transaction.
 * 6. Samples the app server's VmRSS (/proc/<pid>/status) during each load; reports the max.
 * 7. Prints a table (and targets beside it, never failing on a timing), or --json.
 *
 *   npm run bench:server [-- --quick] [--json] [--duration=8] [--only=question-page,progress-page]
 *                        [--profile] [--build] [--keep]
 *
 *   --quick     500 items, 50 candidates, 20,000 logs, 1 s per load
 *   --profile   run the app server with --cpu-prof and print its top self-time functions
 *   --build     rebuild the app even when build/server/index.js exists
 *   --keep      keep the temp folder (database, logs, profile) and print where it is
 *   --wal       put the database file in WAL mode (a property of the file, no app change); by default
 *               it stays in the rollback-journal mode that `prisma migrate deploy` leaves
 *   --identity  send no Accept-Encoding (remix-serve then does not gzip), to see compression's share
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { parseExam } from "../app/core/content/load";
import { parseItem } from "../app/core/content/parse-item";
import type { BandLevel, ExamDefinition, Item } from "../app/core/content/schema";
import { initialLearnerRating } from "../app/core/progress/rating";
import { ratingFromAnswer } from "../app/core/scheduling/rating-from-answer";
import { createScheduler, type CardState } from "../app/core/scheduling/scheduler";
import { mulberry32 } from "../app/core/selector/random";
import { hashPassword } from "../app/server/password.server";
import { AZ104_EXAM_YAML, REPO_ROOT, createTempDatabase, insertContentRaw, sqlDate, syntheticItems } from "./import.bench";

const DAY = 86_400_000;
const EXAM = "AZ-104";
const PASSWORD = "bench-password-0123456789";
const LOGGED_IN = 32;
const CONNECTIONS = [1, 32];
const THIS_FILE = fileURLToPath(import.meta.url);

export const SCENARIOS = ["question-page", "answer-submit", "progress-page", "mock-answer-save"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Printed beside the figures; never a failure. rps and p95 apply at 32 connections, the rest to every row. */
export const SERVER_TARGETS: Record<ScenarioName, { rps: number; p95?: number }> = {
  "question-page": { rps: 400, p95: 100 },
  "answer-submit": { rps: 250, p95: 150 },
  "progress-page": { rps: 250 },
  "mock-answer-save": { rps: 250 },
};
export const FLOOR_RATIO_TARGET = 0.6;
export const RSS_TARGET_MB = 300;

export type ServerBenchRow = { name: ScenarioName; connections: number; rps: number; p50: number; p95: number; p99: number; floorRps: number; rssMb: number };

// ---------------------------------------------------------------------------------------
// options

type Options = { quick: boolean; json: boolean; durationS: number; only: Set<ScenarioName>; profile: boolean; build: boolean; keep: boolean; wal: boolean; identity: boolean };

function parseOptions(argv: string[]): Options {
  const quick = argv.includes("--quick");
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = value("only")?.split(",").filter(Boolean) ?? [...SCENARIOS];
  for (const o of only) if (!(SCENARIOS as readonly string[]).includes(o)) throw new Error(`--only: unknown scenario "${o}" (one of ${SCENARIOS.join(", ")})`);
  const durationS = Number(value("duration") ?? (quick ? 1 : 8));
  if (!(durationS > 0)) throw new Error("--duration must be a positive number of seconds");
  return {
    quick,
    json: argv.includes("--json"),
    durationS,
    only: new Set(only as ScenarioName[]),
    profile: argv.includes("--profile"),
    build: argv.includes("--build"),
    keep: argv.includes("--keep"),
    wal: argv.includes("--wal"),
    identity: argv.includes("--identity"),
  };
}

// ---------------------------------------------------------------------------------------
// 1. the database, bulk

type SeedSize = { items: number; candidates: number; logs: number };
type Seeded = { exam: ExamDefinition; items: number; candidates: number; logs: number; cards: number; seconds: number };

const userId = (k: number) => `bench-u${String(k).padStart(5, "0")}`;
const userEmail = (k: number) => `bench${String(k).padStart(5, "0")}@example.com`;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The exam, the items and `candidates` candidates with `logs` review-log rows in all, replayed
 * through the scheduler into their cards. Candidate k gets a share of the logs drawn between 0.2x
 * and 1.8x the mean, on a random subset of the bank (about 0.6 distinct items per answer).
 */
function seedDatabase(file: string, size: SeedSize, passwordHash: string, now: Date, wal: boolean): Seeded {
  const t0 = performance.now();
  createTempDatabase(file);
  const parsed = parseExam(readFileSync(AZ104_EXAM_YAML, "utf8"), "AZ-104/exam.yaml");
  if (!parsed.exam) throw new Error(`AZ-104 exam.yaml does not parse: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  const exam = parsed.exam;
  const items: Item[] = syntheticItems(size.items).map((f) => {
    const p = parseItem(f.text, f.relPath);
    if (!p.item) throw new Error(`synthetic item invalid: ${JSON.stringify(p.problems)}`);
    return p.item;
  });
  const db = new Database(file);
  let cardCount = 0;
  try {
    // Seeding only: no rollback journal, no fsync (the server opens the file with the defaults).
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    insertContentRaw(db, exam, items);
    const rand = mulberry32(20261203);
    const insUser = db.prepare(`INSERT INTO User (id,email,name,passwordHash,createdAt,desiredRetention,sessionSize,allowEasy) VALUES (?,?,?,?,?,?,?,?)`);
    const insReport = db.prepare(`INSERT INTO ScoreReport (id,userId,examId,takenAt,score,passed,source,createdAt,updatedAt) VALUES (?,?,?,?,?,?,?,?,?)`);
    const insResult = db.prepare(`INSERT INTO ReportDomainResult (id,reportId,domainId,band,level,barLength) VALUES (?,?,?,?,?,?)`);
    const insPlan = db.prepare(`INSERT INTO ExamPlan (userId,examId,plannedDate,updatedAt) VALUES (?,?,?,?)`);
    const insRating = db.prepare(`INSERT INTO LearnerRating (userId,domainId,rating,answers) VALUES (?,?,?,?)`);
    const insCard = db.prepare(
      `INSERT INTO Card (id,userId,itemId,due,stability,difficulty,scheduledDays,learningSteps,reps,lapses,state,lastReview,updatedAt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const insLog = db.prepare(
      `INSERT INTO ReviewLog (id,cardId,userId,itemId,source,correct,rating,durationMs,reviewedAt,stateBefore,dueBefore,stateAfter,dueAfter,stabilityAfter,difficultyAfter,elapsedDays,scheduledDays) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );

    // How many logs each candidate has: weights 0.2..1.8, scaled to exactly `size.logs`.
    const weights = Array.from({ length: size.candidates }, () => 0.2 + 1.6 * rand());
    const sum = weights.reduce((a, b) => a + b, 0);
    const counts = weights.map((w) => Math.floor((w / sum) * size.logs));
    counts[counts.length - 1] += size.logs - counts.reduce((a, b) => a + b, 0);

    let stride = 7919;
    while (gcd(stride, items.length) !== 1) stride += 2;
    const scheduler = createScheduler({ desiredRetention: 0.9 });
    const d = (x: Date | null | undefined) => (x ? sqlDate(x) : null);
    const created = sqlDate(new Date(now.getTime() - 200 * DAY));
    const levels: BandLevel[] = ["weak", "near", "strong"];

    const seedCandidate = (k: number) => {
      const id = userId(k);
      insUser.run(id, userEmail(k), `Bench candidate ${k}`, passwordHash, created, 0.9, 20, 0);
      const reportId = `bench-report-${k}`;
      insReport.run(reportId, id, exam.code, sqlDate(new Date(now.getTime() - (30 + rand() * 100) * DAY)), 500 + Math.floor(rand() * 190), 0, "form", created, created);
      const levelOf = new Map<string, BandLevel>();
      for (const dom of exam.domains) {
        const r = rand();
        const level = levels[r < 0.4 ? 0 : r < 0.8 ? 1 : 2];
        levelOf.set(dom.id, level);
        const band = exam.bands.find((b) => b.level === level)!.label;
        insResult.run(`bench-result-${k}-${dom.id}`, reportId, `${exam.code}/${dom.id}`, band, level, 20 + Math.floor(rand() * 60));
      }
      insPlan.run(id, exam.code, sqlDate(new Date(now.getTime() + (7 + rand() * 53) * DAY)), created);

      // Answers over the last 120 days on a random subset of the bank, replayed in time order.
      const n = counts[k];
      const m = Math.max(1, Math.min(items.length, Math.round(n * 0.6)));
      const start = Math.floor(rand() * items.length);
      const subset = Array.from({ length: m }, (_, j) => items[(start + j * stride) % items.length]);
      const times = Array.from({ length: n }, () => now.getTime() - 60_000 - rand() * 120 * DAY).sort((a, b) => a - b);
      const accuracy = 0.55 + rand() * 0.3;
      const cards = new Map<string, { id: string; card: CardState }>();
      const logs: unknown[][] = [];
      const perDomain = new Map<string, number>();
      for (let j = 0; j < n; j++) {
        const item = subset[Math.floor(rand() * m)];
        const at = new Date(times[j]);
        const correct = rand() < accuracy;
        const grade = ratingFromAnswer({ correct, guessed: correct && rand() < 0.1, allowEasy: false });
        const prev = cards.get(item.id);
        const { card, log } = scheduler.schedule(prev?.card ?? null, grade, at);
        const cardId = prev?.id ?? `bench-card-${k}-${cards.size}`;
        cards.set(item.id, { id: cardId, card });
        perDomain.set(item.domain, (perDomain.get(item.domain) ?? 0) + 1);
        logs.push([
          `bench-log-${k}-${j}`, cardId, id, item.id, rand() < 0.85 ? "practice" : "mock", correct ? 1 : 0, grade, 20_000 + Math.floor(rand() * 60_000), sqlDate(at),
          log.state_before, d(log.due_before), log.state_after, sqlDate(log.due_after), log.stability_after, log.difficulty_after, log.elapsed_days, log.scheduled_days,
        ]);
      }
      // Cards first: the review log references them.
      for (const [itemId, { id: cardId, card: c }] of cards) {
        insCard.run(cardId, id, itemId, sqlDate(c.due), c.stability, c.difficulty, c.scheduled_days, c.learning_steps, c.reps, c.lapses, c.state, d(c.last_review), d(c.last_review) ?? created);
      }
      for (const l of logs) insLog.run(...l);
      cardCount += cards.size;
      for (const dom of exam.domains) {
        insRating.run(id, `${exam.code}/${dom.id}`, initialLearnerRating(levelOf.get(dom.id)) + (rand() - 0.5) * 0.6, perDomain.get(dom.id) ?? 0);
      }
    };
    const chunk = db.transaction((from: number, to: number) => {
      for (let k = from; k < to; k++) seedCandidate(k);
    });
    for (let k = 0; k < size.candidates; k += 100) chunk(k, Math.min(size.candidates, k + 100));
    // The mode is a property of the file: the server's connections (and the floor's) inherit it.
    db.pragma(`journal_mode = ${wal ? "WAL" : "DELETE"}`);
  } finally {
    db.close();
  }
  return { exam, items: items.length, candidates: size.candidates, logs: size.logs, cards: cardCount, seconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------------------------------
// 2. the servers

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Keeps the last `max` characters of a child's stream (for the error message when it dies). */
function tail(stream: NodeJS.ReadableStream | null, max = 8000): () => string {
  let buf = "";
  stream?.on("data", (c: Buffer) => {
    buf = (buf + c.toString()).slice(-max);
  });
  return () => buf;
}

type Child = { proc: ChildProcess; pid: number; port: number; stderr: () => string; exited: Promise<number | null> };

function track(proc: ChildProcess, port: number): Child {
  if (!proc.pid) throw new Error("could not start a child process");
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { proc, pid: proc.pid, port, stderr: tail(proc.stderr), exited };
}

async function waitForHttp(child: Child, pathname: string, label: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void child.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${label} exited before it answered:\n${child.stderr()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${child.port}${pathname}`, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${label} did not answer on port ${child.port} within ${timeoutMs / 1000} s:\n${child.stderr()}`);
}

function ensureBuild(force: boolean, log: (s: string) => void): void {
  if (!force && existsSync(path.join(REPO_ROOT, "build/server/index.js"))) return;
  log("building the app (npx remix vite:build)…");
  const r = spawnSync("npx", ["remix", "vite:build"], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error(`remix vite:build failed (exit ${r.status ?? r.signal})`);
}

/** The app server on the build, as `npm run serve` runs it (node directly, so the pid is the server's). */
async function startApp(dbFile: string, dir: string, secret: string, profileDir: string | null, port?: number): Promise<Child> {
  port ??= await freePort();
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const proc = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/index.ts"], {
    cwd: REPO_ROOT,
    // stdout carries the start-up line: written (as in production) but not kept.
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NODE_OPTIONS: "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: `file:${dbFile}`,
      SESSION_SECRET: secret, // the same across restarts, so the signed CSRF cookies stay valid
      COOKIE_SECURE: "false", // plain http on loopback: a browser would drop Secure cookies
      CONTENT_DIR: path.join(dir, "content-unused"),
      // 32 candidates log in from one address within a second: not what the login limit is for.
      RATE_LIMIT_LOGIN_ADDRESS: "100000",
    },
  });
  const child = track(proc, port);
  await waitForHttp(child, "/login", "the app server (server/index.ts)");
  return child;
}

async function startFloor(dbFile: string, secret: string): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...process.execArgv, THIS_FILE, "--floor-server", dbFile, String(port)], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    // The app's secret: the floor checks the same session-bound form token (csrf.server.ts formToken).
    env: { ...process.env, NODE_OPTIONS: "", SESSION_SECRET: secret },
  });
  const child = track(proc, port);
  await waitForHttp(child, "/health", "the floor server");
  return child;
}

async function stopChild(child: Child | undefined, graceMs = 15_000): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill("SIGTERM");
  const done = await Promise.race([child.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
  if (!done) {
    child.proc.kill("SIGKILL");
    await child.exited;
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------
// 3. candidates, as a browser

const BROWSER_HEADERS = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-language": "en-GB,en;q=0.9",
  "accept-encoding": "gzip, deflate, br",
};

/**
 * fetch, again once or twice when a kept-alive connection was closed by the server just as it was
 * reused (ECONNRESET before any response: the request was not processed).
 */
async function fetchRetrying(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      const code = ((e as { cause?: { code?: string } }).cause ?? {}).code ?? "";
      if (attempt >= 3 || !/ECONNRESET|EPIPE|UND_ERR_SOCKET/.test(code)) throw e;
    }
  }
}

class Browser {
  readonly cookies = new Map<string, string>();
  csrf = "";
  constructor(readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0];
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(pathname: string): Promise<{ status: number; location: string | null; html: string }> {
    const res = await fetchRetrying(this.base + pathname, { redirect: "manual", headers: { ...BROWSER_HEADERS, cookie: this.cookieHeader } });
    this.keep(res);
    const html = await res.text();
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, location: res.headers.get("location"), html };
  }

  /** A form post as a browser sends it without client JavaScript (the 302 is not followed). */
  async post(pathname: string, fields: [string, string][]): Promise<{ status: number; location: string | null; html: string }> {
    const body = new URLSearchParams([["csrf", this.csrf], ...fields]).toString();
    const res = await fetchRetrying(this.base + pathname, {
      method: "POST",
      redirect: "manual",
      headers: { ...BROWSER_HEADERS, cookie: this.cookieHeader, origin: this.base, "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    this.keep(res);
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  }
}

type Candidate = { k: number; userId: string; email: string; browser: Browser; dailyId: string; mockId: string; mockQuestions: { position: number; keys: string[] }[] };

async function setUpCandidate(base: string, k: number): Promise<Candidate> {
  const b = new Browser(base);
  const page = await b.get("/login");
  if (page.status !== 200 || !b.csrf || !b.cookies.has("bl_csrf")) throw new Error(`GET /login: status ${page.status}, no CSRF token or cookie`);
  const login = await b.post("/login", [["redirectTo", ""], ["email", userEmail(k)], ["password", PASSWORD]]);
  if (login.status !== 302 || !b.cookies.has("bl_session")) throw new Error(`login of ${userEmail(k)} failed: status ${login.status}`);
  const practice = await b.get(`/exams/${EXAM}/practice`);
  if (practice.status !== 200) throw new Error(`GET /exams/${EXAM}/practice: ${practice.status}`);
  const daily = await b.post(`/exams/${EXAM}/practice`, [["intent", "start-daily"]]);
  const dailyId = /^\/practice\/([^/?]+)/.exec(daily.location ?? "")?.[1];
  if (daily.status !== 302 || !dailyId) throw new Error(`start-daily: status ${daily.status} location ${daily.location}`);
  const q = await b.get(`/practice/${dailyId}`);
  if (q.status !== 200 || !q.html.includes('name="questionId"')) throw new Error(`GET /practice/${dailyId}: status ${q.status}, no question form`);
  const mockHub = await b.get(`/exams/${EXAM}/mock`);
  if (mockHub.status !== 200) throw new Error(`GET /exams/${EXAM}/mock: ${mockHub.status}`);
  const mock = await b.post(`/exams/${EXAM}/mock`, [["intent", "start-full"]]);
  const mockId = /^\/mock\/([^/?]+)/.exec(mock.location ?? "")?.[1];
  if (mock.status !== 302 || !mockId) throw new Error(`start-full mock: status ${mock.status} location ${mock.location}: ${mock.html.slice(0, 300)}`);
  const mp = await b.get(`/mock/${mockId}`);
  if (mp.status !== 200) throw new Error(`GET /mock/${mockId}: ${mp.status}`);
  const progress = await b.get(`/exams/${EXAM}/progress`);
  if (progress.status !== 200) throw new Error(`GET /exams/${EXAM}/progress: ${progress.status}`);
  return { k, userId: userId(k), email: userEmail(k), browser: b, dailyId, mockId, mockQuestions: [] };
}

async function inBatches<T, R>(xs: T[], width: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, xs.length) }, async () => {
      while (next < xs.length) {
        const i = next++;
        out[i] = await f(xs[i]);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------
// 4. load

type Spec = { method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: string };
type ConnState = { index?: number; [k: string]: unknown };
type LoadResult = { rps: number; p50: number; p95: number; p99: number; rssMb: number; responses: number; statuses: Record<string, number>; errors: number; timeouts: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * autocannon with one request template whose setupRequest builds each request for its
 * connection: `req.conn` is a per-connection object (autocannon deep-clones the options for each
 * client), numbered in the order the connections start.
 */
async function load(port: number, connections: number, durationS: number, build: (conn: ConnState) => Spec, rssPid?: number): Promise<LoadResult> {
  let nextConn = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let maxRss = rssPid ? rssMb(rssPid) : 0;
  const sampler = rssPid ? setInterval(() => (maxRss = Math.max(maxRss, rssMb(rssPid))), 100) : undefined;
  const template: autocannon.Request & { conn: ConnState } = {
    method: "GET",
    path: "/",
    conn: {},
    setupRequest(req) {
      const conn = (req as autocannon.Request & { conn: ConnState }).conn;
      if (conn.index === undefined) conn.index = nextConn++;
      const spec = build(conn);
      return { ...req, method: spec.method, path: spec.path, headers: spec.headers, body: spec.body ?? "" };
    },
  };
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const inst = autocannon(
        { url: `http://127.0.0.1:${port}`, connections, duration: durationS, timeout: 30, requests: [template] },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      inst.on("response", (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    });
    // Requests still in flight when autocannon stopped finish before the next load starts.
    await new Promise((r) => setTimeout(r, Math.min(2000, 200 + 40 * connections)));
    latencies.sort((a, b) => a - b);
    const r = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
    return {
      rps: r(latencies.length / (result.duration || durationS), 1),
      p50: r(percentile(latencies, 0.5)),
      p95: r(percentile(latencies, 0.95)),
      p99: r(percentile(latencies, 0.99)),
      rssMb: r(maxRss, 1),
      responses: latencies.length,
      statuses,
      errors: result.errors,
      timeouts: result.timeouts,
    };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}

function multipart(fields: [string, string][]): { body: string; type: string } {
  const boundary = `----WebKitFormBoundary${crypto.randomBytes(8).toString("hex")}`;
  let body = "";
  for (const [k, v] of fields) body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  return { body: `${body}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

type PoolEntry = { c: Candidate; sessionId: string; questionId: string; position: number; body: string };

// ---------------------------------------------------------------------------------------
// 5. the floor server (runs in a child: `--floor-server <db> <port>`)

function floorServer(dbFile: string, port: number): void {
  const db = new Database(dbFile, { timeout: 5000 });
  const st = {
    session: db.prepare<[string], { userId: string; expiresAt: string }>(`SELECT userId, expiresAt FROM Session WHERE id = ?`),
    question: db.prepare<[string, string], { id: string; position: number; optionOrder: string; stem: string; type: string; choose: number; itemId: string }>(
      `SELECT q.id, q.position, q.optionOrder, i.stem, i.type, i.choose, i.id AS itemId FROM PracticeQuestion q JOIN PracticeSession s ON s.id = q.sessionId JOIN Item i ON i.id = q.itemId
       WHERE q.sessionId = ? AND s.userId = ? AND q.answeredAt IS NULL ORDER BY q.position LIMIT 1`,
    ),
    counts: db.prepare<[string], { total: number; answered: number }>(`SELECT count(*) AS total, count(answeredAt) AS answered FROM PracticeQuestion WHERE sessionId = ?`),
    options: db.prepare<[string], { key: string; text: string }>(`SELECT key, text FROM ItemOption WHERE itemId = ?`),
    answerTarget: db.prepare<[string, string], { id: string; itemId: string; domainId: string; sessionId: string }>(
      `SELECT q.id, q.itemId, i.domainId, q.sessionId FROM PracticeQuestion q JOIN PracticeSession s ON s.id = q.sessionId JOIN Item i ON i.id = q.itemId WHERE q.id = ? AND s.userId = ?`,
    ),
    correctKeys: db.prepare<[string], { key: string }>(`SELECT key FROM ItemOption WHERE itemId = ? AND correct = 1`),
    upsertCard: db.prepare(
      `INSERT INTO Card (id,userId,itemId,due,stability,difficulty,scheduledDays,learningSteps,reps,lapses,state,lastReview,updatedAt) VALUES (?,?,?,?,3.1,5.2,3,0,1,0,2,?,?)
       ON CONFLICT (userId, itemId) DO UPDATE SET due = excluded.due, reps = reps + 1, lastReview = excluded.lastReview, updatedAt = excluded.updatedAt RETURNING id`,
    ),
    insLog: db.prepare(
      `INSERT INTO ReviewLog (id,cardId,userId,itemId,source,correct,rating,durationMs,reviewedAt,stateBefore,dueBefore,stateAfter,dueAfter,stabilityAfter,difficultyAfter,elapsedDays,scheduledDays) VALUES (?,?,?,?,'practice',?,?,?,?,2,?,2,?,3.1,5.2,3.5,3)`,
    ),
    upRating: db.prepare(`INSERT INTO LearnerRating (userId,domainId,rating,answers) VALUES (?,?,0,1) ON CONFLICT (userId, domainId) DO UPDATE SET rating = rating + 0.01, answers = answers + 1`),
    upItem: db.prepare(`UPDATE Item SET rating = rating - 0.01, ratingCount = ratingCount + 1, updatedAt = ? WHERE id = ?`),
    upQuestion: db.prepare(`UPDATE PracticeQuestion SET selected = ?, correct = ?, guessed = 0, durationMs = ?, answeredAt = ? WHERE id = ?`),
    items: db.prepare<[string], { domainId: string; objectiveId: string | null; rating: number }>(`SELECT domainId, objectiveId, rating FROM Item WHERE examId = ? AND retired = 0`),
    logs: db.prepare<[string, string], { itemId: string; correct: number; reviewedAt: string; source: string; domainId: string; objectiveId: string | null; rating: number }>(
      `SELECT l.itemId, l.correct, l.reviewedAt, l.source, l.stateBefore, l.dueBefore, i.domainId, i.objectiveId, i.rating FROM ReviewLog l JOIN Item i ON i.id = l.itemId
       WHERE l.userId = ? AND i.examId = ? ORDER BY l.reviewedAt`,
    ),
    cards: db.prepare<[string, string], { state: number; due: string; stability: number; lastReview: string | null; domainId: string; retired: number }>(
      `SELECT c.state, c.due, c.stability, c.lastReview, i.domainId, i.retired FROM Card c JOIN Item i ON i.id = c.itemId WHERE c.userId = ? AND i.examId = ?`,
    ),
    report: db.prepare<[string, string], { key: string; level: string; band: string }>(
      `SELECT d.key, r.level, r.band FROM ReportDomainResult r JOIN Domain d ON d.id = r.domainId
       WHERE r.reportId = (SELECT id FROM ScoreReport WHERE userId = ? AND examId = ? ORDER BY takenAt DESC, createdAt DESC LIMIT 1)`,
    ),
    plan: db.prepare<[string, string], { plannedDate: string | null }>(`SELECT plannedDate FROM ExamPlan WHERE userId = ? AND examId = ?`),
    user: db.prepare<[string], { name: string | null; email: string }>(`SELECT name, email FROM User WHERE id = ?`),
    mocks: db.prepare<[string, string], { id: string; result: string | null }>(`SELECT id, result FROM MockExam WHERE userId = ? AND examId = ? ORDER BY startedAt DESC`),
    mock: db.prepare<[string, string], { id: string; deadline: string; submittedAt: string | null }>(`SELECT id, deadline, submittedAt FROM MockExam WHERE id = ? AND userId = ?`),
    mockQuestion: db.prepare<[string, number], { id: string; optionOrder: string }>(`SELECT id, optionOrder FROM MockQuestion WHERE mockId = ? AND position = ?`),
    saveMock: db.prepare(`UPDATE MockQuestion SET selected = ?, answeredAt = ? WHERE id = ?`),
    saveFlag: db.prepare(`UPDATE MockQuestion SET flagged = ? WHERE id = ?`),
  };
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const cookies = (header: string | undefined) => {
    const out = new Map<string, string>();
    for (const part of (header ?? "").split(";")) {
      const eq = part.indexOf("=");
      if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
    }
    return out;
  };
  const userOf = (jar: Map<string, string>) => {
    const token = jar.get("bl_session");
    if (!token) return null;
    const s = st.session.get(crypto.createHash("sha256").update(token).digest("hex"));
    return s && Date.parse(s.expiresAt) > Date.now() ? s.userId : null;
  };
  /**
   * The form token the app expects: the token inside the signed CSRF cookie (base64 JSON, then
   * ".signature", unverified) bound to the login session, as csrf.server.ts formToken computes it.
   */
  const secret = process.env.SESSION_SECRET ?? "";
  const csrfOf = (jar: Map<string, string>) => {
    const v = jar.get("bl_csrf");
    if (!v) return null;
    let cookieToken: string;
    try {
      cookieToken = JSON.parse(Buffer.from(v.slice(0, v.lastIndexOf(".")), "base64").toString()) as string;
    } catch {
      return null;
    }
    const session = jar.get("bl_session");
    const key = session ? crypto.createHash("sha256").update(session).digest("hex") : "signed-out";
    return crypto.createHmac("sha256", secret).update(`csrf|${cookieToken}|${key}`).digest("base64url");
  };
  const multipartFields = (body: string, type: string) => {
    const boundary = /boundary=(.+)$/.exec(type)?.[1];
    const out: [string, string][] = [];
    if (!boundary) return out;
    for (const part of body.split(`--${boundary}`)) {
      const name = /name="([^"]+)"/.exec(part)?.[1];
      const at = part.indexOf("\r\n\r\n");
      if (name && at >= 0) out.push([name, part.slice(at + 4, part.length - 2)]);
    }
    return out;
  };
  const send = (res: http.ServerResponse, status: number, body: string, type = "text/html; charset=utf-8", extra: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), ...extra });
    res.end(body);
  };
  // Time-ordered ids, as the app's cuid(): new rows go to the right edge of the primary-key index
  // (random ids would dirty, and journal, a random page of a 500 MB file on every insert).
  let seq = 0;
  const rowId = (prefix: string) => `${prefix}${Date.now().toString(36).padStart(8, "0")}${(seq++ % 36 ** 4).toString(36).padStart(4, "0")}`;
  const answer = db.transaction((uid: string, t: { id: string; itemId: string; domainId: string }, selected: string[], durationMs: number) => {
    const now = sqlDate(new Date());
    const keys = st.correctKeys.all(t.itemId).map((r) => r.key);
    const correct = keys.length === selected.length && selected.every((s) => keys.includes(s));
    const due = sqlDate(new Date(Date.now() + 3 * DAY));
    const card = st.upsertCard.get(rowId("cfloor"), uid, t.itemId, due, now, now) as { id: string };
    st.insLog.run(rowId("cfloor"), card.id, uid, t.itemId, correct ? 1 : 0, correct ? 3 : 1, durationMs, now, due, due);
    st.upRating.run(uid, t.domainId);
    st.upItem.run(now, t.itemId);
    st.upQuestion.run(JSON.stringify(selected), correct ? 1 : 0, durationMs, now, t.id);
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const url = new URL(req.url ?? "/", "http://floor");
        if (url.pathname === "/health") return send(res, 200, "ok", "text/plain");
        const jar = cookies(req.headers.cookie);
        const uid = userOf(jar);
        if (!uid) return send(res, 302, "", "text/plain", { Location: "/login" });
        let m: RegExpExecArray | null;
        if ((m = /^\/practice\/([^/]+)$/.exec(url.pathname))) {
          const sessionId = m[1];
          if (req.method === "POST") {
            const form = new URLSearchParams(Buffer.concat(chunks).toString());
            if (form.get("csrf") !== csrfOf(jar)) return send(res, 403, "bad csrf", "text/plain");
            const t = st.answerTarget.get(form.get("questionId") ?? "", uid);
            if (!t || t.sessionId !== sessionId) return send(res, 404, "no such question", "text/plain");
            answer.immediate(uid, t, form.getAll("selected"), Number(form.get("elapsedMs") ?? 0));
            return send(res, 302, "", "text/plain", { Location: `/practice/${sessionId}?q=${encodeURIComponent(form.get("position") ?? "")}` });
          }
          const q = st.question.get(sessionId, uid);
          if (!q) return send(res, 404, "not found", "text/plain");
          const c = st.counts.get(sessionId)!;
          const byKey = new Map(st.options.all(q.itemId).map((o) => [o.key, o.text]));
          const order = JSON.parse(q.optionOrder) as string[];
          const type = q.type === "multiple" ? "checkbox" : "radio";
          const options = order.map((k, i) => `<li><label><input type="${type}" name="selected" value="${esc(k)}"> ${i + 1} ${esc(byKey.get(k) ?? "")}</label></li>`).join("");
          return send(
            res,
            200,
            `<!doctype html><html><head><title>Practice session</title></head><body><p>Question ${c.answered + 1} of ${c.total}</p><div>${esc(q.stem)}</div>` +
              `<form method="post"><input type="hidden" name="csrf" value="${esc(csrfOf(jar) ?? "")}"><input type="hidden" name="questionId" value="${q.id}"><input type="hidden" name="position" value="${q.position}"><ol>${options}</ol><button>Submit answer</button></form></body></html>`,
          );
        }
        if ((m = /^\/exams\/([^/]+)\/progress$/.exec(url.pathname))) {
          const exam = m[1];
          const user = st.user.get(uid)!;
          const bank = new Map<string, number>();
          for (const i of st.items.all(exam)) bank.set(i.domainId, (bank.get(i.domainId) ?? 0) + 1);
          const per = new Map<string, { answers: number; correct: number; due: number; cards: number }>();
          const row = (d: string) => per.get(d) ?? (per.set(d, { answers: 0, correct: 0, due: 0, cards: 0 }), per.get(d)!);
          for (const l of st.logs.all(uid, exam)) {
            const r = row(l.domainId);
            r.answers++;
            r.correct += l.correct;
          }
          const now = Date.now();
          for (const c of st.cards.all(uid, exam)) {
            const r = row(c.domainId);
            r.cards++;
            if (Date.parse(c.due) <= now) r.due++;
          }
          const report = new Map(st.report.all(uid, exam).map((r) => [r.key, r]));
          const plan = st.plan.get(uid, exam);
          const mocks = st.mocks.all(uid, exam);
          const rows = [...bank.keys()]
            .map((d) => {
              const r = row(d);
              const key = d.slice(d.lastIndexOf("/") + 1);
              return `<tr><td>${esc(key)}</td><td>${esc(report.get(key)?.band ?? "")}</td><td>${r.answers}</td><td>${r.answers ? Math.round((100 * r.correct) / r.answers) : 0}%</td><td>${r.cards}</td><td>${r.due}</td><td>${bank.get(d)}</td></tr>`;
            })
            .join("");
          return send(
            res,
            200,
            `<!doctype html><html><head><title>Progress</title></head><body><h1>Progress for ${esc(user.name ?? user.email)}</h1><p>Exam date ${esc(plan?.plannedDate ?? "")}, ${mocks.length} mocks</p>` +
              `<table><tr><th>Domain</th><th>Baseline</th><th>Answers</th><th>Right</th><th>Cards</th><th>Due</th><th>Bank</th></tr>${rows}</table></body></html>`,
          );
        }
        if ((m = /^\/mock\/([^/]+)\/save$/.exec(url.pathname)) && req.method === "POST") {
          const fields = multipartFields(Buffer.concat(chunks).toString(), req.headers["content-type"] ?? "");
          const get = (k: string) => fields.find(([n]) => n === k)?.[1];
          if (get("csrf") !== csrfOf(jar)) return send(res, 403, `{"ok":false,"reason":"csrf"}`, "application/json");
          const mock = st.mock.get(m[1], uid);
          if (!mock) return send(res, 404, `{"ok":false,"reason":"not-found"}`, "application/json");
          if (mock.submittedAt || Date.parse(mock.deadline) <= Date.now()) return send(res, 409, `{"ok":false,"reason":"expired"}`, "application/json");
          const q = st.mockQuestion.get(m[1], Number(get("position")));
          if (!q) return send(res, 400, `{"ok":false,"reason":"invalid"}`, "application/json");
          const selected = fields.filter(([n]) => n === "selected").map(([, v]) => v);
          const keys = JSON.parse(q.optionOrder) as string[];
          if (selected.some((s) => !keys.includes(s))) return send(res, 400, `{"ok":false,"reason":"invalid"}`, "application/json");
          const now = new Date();
          st.saveMock.run(selected.length ? JSON.stringify(selected) : null, selected.length ? sqlDate(now) : null, q.id);
          if (get("flagged") !== undefined) st.saveFlag.run(get("flagged") === "true" ? 1 : 0, q.id);
          return send(res, 200, JSON.stringify({ ok: true, savedAt: now.toISOString() }), "application/json", { "Cache-Control": "no-store" });
        }
        send(res, 404, "not found", "text/plain");
      } catch (e) {
        console.error(e);
        send(res, 500, "error", "text/plain");
      }
    });
  });
  server.listen(port, "127.0.0.1");
  const stop = () => server.close(() => (db.close(), process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// ---------------------------------------------------------------------------------------
// the CPU profile

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};

type ProfileRow = { fn: string; where: string; ms: number; pct: number };
export function summariseProfile(p: CpuProfile, top = 25): { totalMs: number; idleMs: number; functions: ProfileRow[]; modules: { module: string; ms: number; pct: number }[]; appInclusive: ProfileRow[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const fns = new Map<string, { fn: string; where: string; ms: number }>();
  const mods = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const moduleOf = (url: string, fn: string) => {
    if (!url) return fn.startsWith("(") ? fn : "(native / V8 builtins)";
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (nm) return nm[1];
    if (url.startsWith("node:")) return "node: core";
    if (url.includes("/build/server/")) return "app (build/server)";
    return url.replace(/^file:\/\//, "").replace(REPO_ROOT + "/", "");
  };
  for (const [id, ms] of self) {
    const cf = byId.get(id)!.callFrame;
    if (cf.functionName === "(idle)") {
      idle += ms;
      continue;
    }
    total += ms;
    const where = cf.url ? `${moduleOf(cf.url, cf.functionName)}:${cf.lineNumber + 1}` : "";
    const key = `${cf.functionName}|${cf.url}|${cf.lineNumber}`;
    const e = fns.get(key) ?? { fn: cf.functionName || "(anonymous)", where, ms: 0 };
    e.ms += ms;
    fns.set(key, e);
    const mod = moduleOf(cf.url, cf.functionName);
    mods.set(mod, (mods.get(mod) ?? 0) + ms);
  }
  const pct = (ms: number) => Math.round((1000 * ms) / total) / 10;
  // Inclusive time of the app's own functions (the bundled build/server/index.js): each sample
  // counts once for every distinct app function on its stack.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, ProfileRow>();
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const cf = byId.get(at)!.callFrame;
      if (!cf.url.includes("/build/server/") || cf.functionName === "") continue;
      const key = `${cf.functionName}|${cf.lineNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const e = incl.get(key) ?? { fn: cf.functionName, where: `app (build/server):${cf.lineNumber + 1}`, ms: 0, pct: 0 };
      e.ms += ms;
      incl.set(key, e);
    }
  });
  return {
    appInclusive: [...incl.values()].sort((a, b) => b.ms - a.ms).slice(0, 20).map((f) => ({ ...f, ms: Math.round(f.ms), pct: pct(f.ms) })),
    totalMs: Math.round(total),
    idleMs: Math.round(idle),
    functions: [...fns.values()].sort((a, b) => b.ms - a.ms).slice(0, top).map((f) => ({ ...f, ms: Math.round(f.ms), pct: pct(f.ms) })),
    modules: [...mods].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([module, ms]) => ({ module, ms: Math.round(ms), pct: pct(ms) })),
  };
}

// ---------------------------------------------------------------------------------------
// the run

export async function run(opts: Options): Promise<ServerBenchRow[]> {
  const log = (s: string) => (opts.json ? process.stderr : process.stdout).write(s + "\n");
  const size: SeedSize = opts.quick ? { items: 500, candidates: 50, logs: 20_000 } : { items: 10_000, candidates: 2_000, logs: 1_000_000 };
  const dir = mkdtempSync(path.join(os.tmpdir(), "baseline-server-bench-"));
  const dbFile = path.join(dir, "bench.db");
  const profileDir = opts.profile ? path.join(dir, "profile") : null;
  if (profileDir) mkdirSync(profileDir);
  let app: Child | undefined;
  let floor: Child | undefined;
  const killAll = () => {
    for (const c of [app, floor]) if (c && c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGKILL");
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", killAll);
  const onSignal = () => process.exit(130);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const notes: string[] = [];

  try {
    ensureBuild(opts.build, log);
    // 1. seed
    const now = new Date();
    const passwordHash = await hashPassword(PASSWORD);
    const seeded = seedDatabase(dbFile, size, passwordHash, now, opts.wal);
    const dbMb = (statSync(dbFile).size / 2 ** 20).toFixed(0);
    log(`server bench: ${seeded.items} items, ${seeded.candidates} candidates, ${seeded.logs} review logs, ${seeded.cards} cards; seeded in ${seeded.seconds.toFixed(1)} s (${dbMb} MB, journal mode ${opts.wal ? "WAL (--wal)" : "DELETE, as migrate deploy leaves it"})`);

    // 2. servers
    const secret = crypto.randomBytes(32).toString("hex");
    app = await startApp(dbFile, dir, secret, null);
    floor = await startFloor(dbFile, secret);
    const appBase = `http://127.0.0.1:${app.port}`;
    const rssIdle = rssMb(app.pid);
    log(`  app: remix-serve pid ${app.pid} on ${appBase} (RSS ${rssIdle.toFixed(0)} MB after start); floor: pid ${floor.pid} on port ${floor.port}`);

    // 3. candidates
    const picks = Array.from({ length: Math.min(LOGGED_IN, size.candidates) }, (_, i) => Math.floor((i * size.candidates) / Math.min(LOGGED_IN, size.candidates)));
    const t1 = performance.now();
    const candidates = await inBatches(picks, 4, (k) => setUpCandidate(appBase, k));
    const ro = new Database(dbFile, { readonly: true, timeout: 5000 });
    const mockQ = ro.prepare<[string], { position: number; optionOrder: string }>(`SELECT position, optionOrder FROM MockQuestion WHERE mockId = ? ORDER BY position`);
    for (const c of candidates) c.mockQuestions = mockQ.all(c.mockId).map((q) => ({ position: q.position, keys: JSON.parse(q.optionOrder) as string[] }));
    const logsOf = new Map(
      (ro.prepare(`SELECT userId, count(*) AS n FROM ReviewLog WHERE userId IN (${candidates.map(() => "?").join(",")}) GROUP BY userId`).all(...candidates.map((c) => c.userId)) as { userId: string; n: number }[]).map((r) => [r.userId, r.n]),
    );
    const counts = candidates.map((c) => logsOf.get(c.userId) ?? 0).sort((a, b) => a - b);
    log(
      `  ${candidates.length} candidates logged in over HTTP, each with a daily session and a full mock (${candidates[0].mockQuestions.length} questions) in ${((performance.now() - t1) / 1000).toFixed(1)} s; their review logs: min ${counts[0]}, median ${counts[counts.length >> 1]}, max ${counts[counts.length - 1]}; app RSS now ${rssMb(app.pid).toFixed(0)} MB`,
    );

    const correctKeys = new Map<string, string[]>();
    for (const r of ro.prepare(`SELECT itemId, key FROM ItemOption WHERE correct = 1`).all() as { itemId: string; key: string }[]) {
      const l = correctKeys.get(r.itemId);
      if (l) l.push(r.key);
      else correctKeys.set(r.itemId, [r.key]);
    }
    const ids = candidates.map((c) => c.userId);
    const inIds = ids.map(() => "?").join(",");
    const byUser = new Map(candidates.map((c) => [c.userId, c]));
    const questionsOf = (answered: boolean, limit: number) =>
      ro
        .prepare(
          `SELECT q.id, q.position, q.sessionId, q.itemId, q.optionOrder, s.userId FROM PracticeQuestion q JOIN PracticeSession s ON s.id = q.sessionId
           WHERE s.userId IN (${inIds}) AND s.kind = 'custom' AND q.answeredAt IS ${answered ? "NOT NULL" : "NULL"} ORDER BY q.sessionId, q.position LIMIT ${limit}`,
        )
        .all(...ids) as { id: string; position: number; sessionId: string; itemId: string; optionOrder: string; userId: string }[];
    const rand = mulberry32(7);
    const answerBody = (c: Candidate, q: { id: string; position: number; itemId: string; optionOrder: string }) => {
      const keys = correctKeys.get(q.itemId) ?? [];
      const order = JSON.parse(q.optionOrder) as string[];
      // Right 70% of the time; a wrong answer makes the app queue a retry of the question.
      const selected = rand() < 0.7 || keys.length === 0 ? keys : [order.find((k) => !keys.includes(k)) ?? order[0]];
      return new URLSearchParams([["csrf", c.browser.csrf], ["intent", "answer"], ["questionId", q.id], ["position", String(q.position)], ["elapsedMs", String(20_000 + Math.floor(rand() * 40_000))], ...selected.map((s) => ["selected", s] as [string, string])]).toString();
    };
    /** Per candidate, questions to answer; topped up over HTTP (custom sessions of 100) to `target` in all. */
    const answerPool = async (target: number): Promise<PoolEntry[][]> => {
      const per = Math.ceil(target / candidates.length);
      for (;;) {
        const open = questionsOf(false, 1_000_000);
        const counts = new Map<string, number>();
        for (const q of open) counts.set(q.userId, (counts.get(q.userId) ?? 0) + 1);
        const short = candidates.filter((c) => (counts.get(c.userId) ?? 0) < per);
        if (short.length === 0) {
          const pools = candidates.map(() => [] as PoolEntry[]);
          for (const q of open) {
            const c = byUser.get(q.userId)!;
            pools[candidates.indexOf(c)].push({ c, sessionId: q.sessionId, questionId: q.id, position: q.position, body: answerBody(c, q) });
          }
          for (const p of pools) p.reverse(); // pop() takes them in session order
          return pools;
        }
        await inBatches(short, 4, async (c) => {
          // Each has a daily session open: set it aside, as the page offers.
          const r = await c.browser.post(`/exams/${EXAM}/practice`, [["intent", "start-custom"], ["pool", "all"], ["count", "100"], ["setAside", "yes"]]);
          if (r.status !== 302) throw new Error(`start-custom for ${c.email}: status ${r.status}: ${r.html.slice(0, 300)}`);
        });
      }
    };
    const reviewLogCount = ro.prepare(`SELECT count(*) AS n FROM ReviewLog WHERE userId IN (${inIds})`).pluck();

    // Request builders. Each connection is candidate (index mod 32).
    const baseHeaders: Record<string, string> = { ...BROWSER_HEADERS };
    if (opts.identity) delete baseHeaders["accept-encoding"];
    const browserHeaders = (c: Candidate, extra: Record<string, string> = {}) => ({ ...baseHeaders, cookie: c.browser.cookieHeader, ...extra });
    const candidateOf = (conn: ConnState) => candidates[conn.index! % candidates.length];
    const getPage = (pathOf: (c: Candidate) => string) => (conn: ConnState): Spec => {
      const spec = (conn.spec as Spec | undefined) ?? { method: "GET", path: pathOf(candidateOf(conn)), headers: browserHeaders(candidateOf(conn)) };
      conn.spec = spec;
      return spec;
    };
    const mockSave = (conn: ConnState): Spec => {
      const c = candidateOf(conn);
      const n = (conn.n = ((conn.n as number | undefined) ?? -1) + 1);
      const q = c.mockQuestions[n % c.mockQuestions.length];
      const { body, type } = multipart([
        ["csrf", c.browser.csrf],
        ["intent", "save"],
        ["position", String(q.position)],
        ["selected", q.keys[Math.floor(n / c.mockQuestions.length) % q.keys.length]],
        ["flagged", String(n % 7 === 0)],
      ]);
      return { method: "POST", path: `/mock/${c.mockId}/save`, headers: browserHeaders(c, { accept: "application/json", origin: appBase, "content-type": type }), body };
    };
    type AnswerRun = { pools: PoolEntry[][]; repeats: number; last?: PoolEntry };
    const answerSubmit = (state: AnswerRun, origin: string) => (conn: ConnState): Spec => {
      const own = state.pools[conn.index! % state.pools.length];
      let e = own.pop();
      if (!e) {
        const other = state.pools.reduce((a, b) => (b.length > a.length ? b : a));
        e = other.pop();
      }
      if (!e) {
        e = (conn.last as PoolEntry | undefined) ?? state.last;
        if (!e) throw new Error("answer-submit: no practice question to answer");
        state.repeats++;
      }
      conn.last = state.last = e;
      return {
        method: "POST",
        path: `/practice/${e.sessionId}`,
        headers: browserHeaders(e.c, { origin, "content-type": "application/x-www-form-urlencoded" }),
        body: e.body,
      };
    };

    const results: (ServerBenchRow & { notes: string[] })[] = [];
    const expect: Record<ScenarioName, number> = { "question-page": 200, "answer-submit": 302, "progress-page": 200, "mock-answer-save": 200 };
    const statusNote = (label: string, r: LoadResult, want: number) => {
      const bad = Object.entries(r.statuses).filter(([s]) => Number(s) !== want);
      const parts = bad.map(([s, n]) => `${n} x ${s}`);
      if (r.errors) parts.push(`${r.errors} errors`);
      if (r.timeouts) parts.push(`${r.timeouts} timeouts`);
      return parts.length ? [`${label}: ${parts.join(", ")} (expected ${want})`] : [];
    };
    const warmS = opts.quick ? 0.5 : 2;
    let answerRpsSeen = 0;
    const runOrder: ScenarioName[] = ["question-page", "progress-page", "mock-answer-save", "answer-submit"]; // writes to cards last
    const profiles: { name: ScenarioName; summary: ReturnType<typeof summariseProfile> | null }[] = [];
    for (const name of runOrder) {
      if (!opts.only.has(name)) continue;
      log(`  ${name}…`);
      if (profileDir) {
        // A server of its own for each scenario's loads (warm-up included), profiled from start to exit.
        await stopChild(app);
        mkdirSync(path.join(profileDir, name));
        app = await startApp(dbFile, dir, secret, path.join(profileDir, name), app.port);
      }
      for (const connections of CONNECTIONS) {
        const rowNotes: string[] = [];
        let appRes: LoadResult;
        let floorRes: LoadResult;
        if (name === "answer-submit") {
          const estimate = Math.max(600, answerRpsSeen * 1.5);
          const target = Math.min(40_000, Math.ceil(estimate * (opts.durationS + (connections === CONNECTIONS[0] ? warmS : 0)) * 1.3));
          const state: AnswerRun = { pools: await answerPool(target), repeats: 0 };
          const before = reviewLogCount.get(...ids) as number;
          if (connections === CONNECTIONS[0]) await load(app.port, 8, warmS, answerSubmit(state, appBase), app.pid);
          const before2 = reviewLogCount.get(...ids) as number;
          state.repeats = 0;
          appRes = await load(app.port, connections, opts.durationS, answerSubmit(state, appBase), app.pid);
          const recorded = (reviewLogCount.get(...ids) as number) - before2;
          answerRpsSeen = Math.max(answerRpsSeen, appRes.rps);
          rowNotes.push(`answer-submit @${connections}: ${recorded} answers recorded for ${appRes.responses} responses timed (the difference: requests in flight when the load stopped); ${state.repeats} posts reused an answered question${before2 > before ? `; ${before2 - before} answers in the warm-up` : ""}`);
          // The floor writes the same statements again on questions the app answered already.
          const answered = questionsOf(true, 50_000);
          const floorPools = candidates.map(() => [] as PoolEntry[]);
          for (const q of answered) floorPools[candidates.indexOf(byUser.get(q.userId)!)].push({ c: byUser.get(q.userId)!, sessionId: q.sessionId, questionId: q.id, position: q.position, body: answerBody(byUser.get(q.userId)!, q) });
          const cycle = floorPools.map((p) => p.slice());
          const floorState: AnswerRun = { pools: floorPools, repeats: 0 };
          const refill = (conn: ConnState) => {
            const i = conn.index! % floorPools.length;
            if (floorPools[i].length === 0) floorPools[i].push(...cycle[i]);
            return answerSubmit(floorState, `http://127.0.0.1:${floor!.port}`)(conn);
          };
          if (connections === CONNECTIONS[0]) await load(floor.port, 8, warmS, refill);
          floorRes = await load(floor.port, connections, opts.durationS, refill);
        } else {
          const build = name === "question-page" ? getPage((c) => `/practice/${c.dailyId}`) : name === "progress-page" ? getPage(() => `/exams/${EXAM}/progress`) : mockSave;
          if (connections === CONNECTIONS[0]) {
            await load(app.port, 8, warmS, build, app.pid);
            await load(floor.port, 8, warmS, build);
          }
          appRes = await load(app.port, connections, opts.durationS, build, app.pid);
          floorRes = await load(floor.port, connections, opts.durationS, build);
        }
        rowNotes.push(...statusNote(`${name} @${connections} app`, appRes, expect[name]), ...statusNote(`${name} @${connections} floor`, floorRes, expect[name]));
        if (Object.keys(floorRes.statuses).some((k) => Number(k) >= 500)) rowNotes.push(`floor stderr: ${floor.stderr().trim().split("\n").slice(-6).join(" | ")}`);
        if (Object.keys(appRes.statuses).some((k) => Number(k) >= 500)) rowNotes.push(`app stderr: ${app.stderr().trim().split("\n").slice(-6).join(" | ")}`);
        const load1 = os.loadavg()[0];
        if (load1 > os.cpus().length) rowNotes.push(`${name} @${connections}: load average ${load1.toFixed(2)} on ${os.cpus().length} cores during the run (other processes on the machine)`);
        results.push({ name, connections, rps: appRes.rps, p50: appRes.p50, p95: appRes.p95, p99: appRes.p99, floorRps: floorRes.rps, rssMb: appRes.rssMb, notes: rowNotes });
        notes.push(...rowNotes);
        log(`    ${String(connections).padStart(2)} conn: ${appRes.rps} rps (p95 ${appRes.p95} ms), floor ${floorRes.rps} rps (p95 ${floorRes.p95} ms), RSS max ${appRes.rssMb} MB`);
      }
      if (profileDir) {
        await stopChild(app, 30_000);
        const file = readdirSync(path.join(profileDir, name)).find((f) => f.endsWith(".cpuprofile"));
        profiles.push({ name, summary: file ? summariseProfile(JSON.parse(readFileSync(path.join(profileDir, name, file), "utf8")) as CpuProfile, 30) : null });
        app = await startApp(dbFile, dir, secret, null, app.port);
      }
    }
    ro.close();

    // 7. report
    const ordered = SCENARIOS.flatMap((n) => CONNECTIONS.map((c) => results.find((r) => r.name === n && r.connections === c)).filter((r): r is (typeof results)[number] => Boolean(r)));
    const rows: ServerBenchRow[] = ordered.map(({ notes: _n, ...r }) => r);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ results: rows }, null, 2) + "\n");
    } else {
      const cpus = os.cpus();
      log("");
      log(`machine: ${cpus[0]?.model ?? "?"}, ${cpus.length} cores, node ${process.version}, ${os.platform()} ${os.release()}; ${new Date().toISOString()}`);
      log(`data: ${seeded.items} items, ${seeded.candidates} candidates, ${seeded.logs} review logs, ${seeded.cards} cards; ${candidates.length} logged in; ${opts.durationS} s per load; journal mode ${opts.wal ? "WAL" : "DELETE"}; load average ${os.loadavg()[0].toFixed(2)}`);
      log("");
      const head = ["name", "conns", "rps", "p50 ms", "p95 ms", "p99 ms", "floor rps", "ratio", "rss MB", "targets"];
      const body = rows.map((r) => {
        const t = SERVER_TARGETS[r.name];
        const ratio = r.floorRps > 0 ? r.rps / r.floorRps : 0;
        const checks: string[] = [];
        if (r.connections === 32) {
          checks.push(`rps>=${t.rps} ${r.rps >= t.rps ? "ok" : "MISS"}`);
          if (t.p95 !== undefined) checks.push(`p95<${t.p95} ${r.p95 < t.p95 ? "ok" : "MISS"}`);
        }
        checks.push(`ratio>=${FLOOR_RATIO_TARGET} ${ratio >= FLOOR_RATIO_TARGET ? "ok" : "MISS"}`);
        checks.push(`rss<${RSS_TARGET_MB} ${r.rssMb < RSS_TARGET_MB ? "ok" : "MISS"}`);
        const lat = (x: number) => (r.rps > 0 ? x.toFixed(2) : "n/a");
        return [r.name, String(r.connections), r.rps.toFixed(1), lat(r.p50), lat(r.p95), lat(r.p99), r.floorRps.toFixed(1), ratio.toFixed(2), r.rssMb.toFixed(0), checks.join(", ")];
      });
      const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
      const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
      log(line(head));
      log(widths.map((w) => "-".repeat(w)).join("  "));
      for (const b of body) log(line(b));
      log("");
      log("targets (printed, never failing): question-page >= 400 rps and p95 < 100 ms, answer-submit >= 250 rps and p95 < 150 ms,");
      log("  progress-page and mock-answer-save >= 250 rps (all at 32 connections); every row >= 0.6 of its floor and RSS < 300 MB.");
      log("floor: bare node:http + better-sqlite3 in a child process, same file, same cookies (session lookup, session-bound CSRF token, signature of the cookie unchecked); no gzip.");
      log(opts.identity ? "app requests send no Accept-Encoding (--identity): nothing is compressed." : "app requests send a browser's Accept-Encoding (gzip, deflate, br): remix-serve compresses its HTML.");
      for (const n of notes) log(`note: ${n}`);
    }

    // 9. the profiles, if asked (the server is restarted with --cpu-prof for each scenario)
    for (const { name, summary: s } of profiles) {
      log("");
      if (!s) {
        log(`CPU profile, ${name}: the server wrote no .cpuprofile (it did not exit cleanly)`);
        continue;
      }
      log(`CPU profile of the app server, ${name} (its warm-up and loads only): ${(s.totalMs / 1000).toFixed(1)} s on the CPU, ${(s.idleMs / 1000).toFixed(1)} s idle`);
      log("  self time by module:");
      for (const m of s.modules) log(`    ${m.pct.toFixed(1).padStart(5)}%  ${String(m.ms).padStart(7)} ms  ${m.module}`);
      log("  top self-time functions:");
      for (const fn of s.functions) log(`    ${fn.pct.toFixed(1).padStart(5)}%  ${String(fn.ms).padStart(7)} ms  ${fn.fn}  ${fn.where}`);
      log("  app functions by inclusive time (named functions of build/server/index.js, callees included):");
      for (const fn of s.appInclusive) log(`    ${fn.pct.toFixed(1).padStart(5)}%  ${String(fn.ms).padStart(7)} ms  ${fn.fn}  ${fn.where}`);
    }
    if (profileDir && opts.keep) log(`profiles kept in ${profileDir}`);
    if (opts.keep) log(`temp folder kept: ${dir}`);
    return rows;
  } finally {
    await Promise.all([stopChild(app), stopChild(floor)]);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    killAll();
    process.removeListener("exit", killAll);
  }
}

if (process.argv[2] === "--floor-server") {
  floorServer(process.argv[3], Number(process.argv[4]));
} else if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  run(parseOptions(process.argv.slice(2))).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
