/**
 * The two database-backed requests of practice, end to end through the real server code, on a
 * heavy candidate: an AZ-104 exam of 10,000 items, one user with 10,000 cards and 50,000
 * review-log rows, a score report and a retake date (temp SQLite database).
 *
 * 1. "Select a session" = loadSelectorInput(...) + selectSession(...) (app/server/practice.server.ts),
 *    repeated with nothing written in between, and again right after each of 150 answers (the
 *    loader's cache must catch up with the write first). Floor: bare better-sqlite3 prepared
 *    statements fetching the same rows (items, cards, the last 5,000 logs with their domain,
 *    ratings, report, plan). Budget: p95 < 10 ms.
 * 2. "Answer a question" = answerQuestion(...) (save + schedule + Elo, one synchronous write
 *    transaction on the writer connection, app/server/sqlite-writer.server.ts) on the
 *    questions of sessions started with startPractice. Floor: the bare SQL writes it performs
 *    (update card, insert review log, update learner rating, update item rating, update question)
 *    in one transaction. Budget: p95 < 10 ms.
 *
 * The loaded input is checked against a reference loader written the way loadSelectorInput was
 * originally written (Prisma relation filters, no cache) before timing, every 40 answers and at
 * the end: the two must be equal and choose the same sessions, so an optimisation cannot change
 * what is practised. The reference loader is also timed ("original Prisma form").
 *
 * BENCH_KEEP_DIR=<folder> keeps the database (see import.bench.ts).
 *
 *   npx tsx bench/practice.bench.ts [runs=200]
 */
import Database from "better-sqlite3";
import { isDeepStrictEqual } from "node:util";
import os from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseExam } from "../app/core/content/load";
import { parseItem } from "../app/core/content/parse-item";
import type { ExamDefinition, Item } from "../app/core/content/schema";
import { initialLearnerRating } from "../app/core/progress/rating";
import { ratingFromAnswer } from "../app/core/scheduling/rating-from-answer";
import { createScheduler, type CardState } from "../app/core/scheduling/scheduler";
import { mulberry32 } from "../app/core/selector/random";
import { selectSession, type SelectorInput } from "../app/core/selector/selector";
import { APP_DB_FILE, AZ104_EXAM_YAML, createTempDatabase, importServer, insertContentRaw, sqlDate, syntheticItems } from "./import.bench";
import { BENCH_BASELINE } from "./synthetic";
import { referenceSelectorInput } from "../tests/setup/reference-selector-input";

export const PRACTICE_BUDGET_P95_MS = 10;
const DAY = 86_400_000;
const USER = "bench-user";

export type Quantiles = { p50: number; p95: number; max: number };
export type PracticeBenchFigures = {
  items: number;
  cards: number;
  reviewLogs: number;
  runs: number;
  /** loadSelectorInput + selectSession, repeated with no write in between. */
  select: Quantiles;
  /**
   * CPU time of the same runs (this process, all threads, so the garbage collector's helper
   * threads too): tells waiting for the CPU apart from work, not a budget figure.
   */
  selectCpu: Quantiles;
  /** loadSelectorInput + selectSession right after each answer (the data changed since the last one). */
  selectAfterAnswer: Quantiles;
  /** Of which loadSelectorInput (the cache catching up with the answer). */
  loadAfterAnswer: Quantiles;
  loadOnly: Quantiles;
  selectOnly: Quantiles;
  /** The loader as originally written (Prisma relation filters, every row through the ORM). */
  referenceLoad: Quantiles;
  floorSelect: Quantiles;
  ratioSelectP50: number;
  ratioSelectP95: number;
  answers: number;
  answer: Quantiles;
  answerCpu: Quantiles;
  floorAnswer: Quantiles;
  ratioAnswerP50: number;
  ratioAnswerP95: number;
  /** startPractice (select + store the session): for information, no budget. */
  startPractice: Quantiles;
  budgetMs: number;
  selectWithinBudget: boolean;
  selectAfterAnswerWithinBudget: boolean;
  answerWithinBudget: boolean;
  setupS: number;
  loadAverage: number;
};

// ---------------------------------------------------------------------------------------
// the candidate

type Setup = { exam: ExamDefinition; now: Date; items: Item[]; reviewLogs: number; cards: number };

/** Fill the app database (DATABASE_URL of this process) with the exam, items and the candidate. */
export function buildDatabase(file: string, opts: { itemCount: number; rowCount: number; now: Date }): Setup {
  createTempDatabase(file);
  const parsed = parseExam(readFileSync(AZ104_EXAM_YAML, "utf8"), "AZ-104/exam.yaml");
  if (!parsed.exam) throw new Error("AZ-104 exam.yaml does not parse");
  const exam = parsed.exam;
  const items = syntheticItems(opts.itemCount).map((f) => {
    const p = parseItem(f.text, f.relPath);
    if (!p.item) throw new Error(`synthetic item invalid: ${JSON.stringify(p.problems)}`);
    return p.item;
  });
  const db = new Database(file);
  try {
    insertContentRaw(db, exam, items);
    const now = opts.now;
    const rand = mulberry32(2026);
    const d = (x: Date | null) => (x ? sqlDate(x) : null);
    const created = sqlDate(new Date(now.getTime() - 200 * DAY));
    db.prepare(`INSERT INTO User (id,email,name,passwordHash,createdAt,desiredRetention,sessionSize,allowEasy) VALUES (?,?,?,?,?,?,?,?)`).run(
      USER, "bench@example.com", "Bench", "not-a-hash", created, 0.9, 20, 0,
    );
    // Score report: bands from the synthetic baseline, labels from the exam's bands.
    db.prepare(`INSERT INTO ScoreReport (id,userId,examId,takenAt,score,passed,source,createdAt,updatedAt) VALUES (?,?,?,?,?,?,?,?,?)`).run(
      "bench-report", USER, exam.code, sqlDate(new Date(now.getTime() - 130 * DAY)), 612, 0, "form", created, created,
    );
    const insResult = db.prepare(`INSERT INTO ReportDomainResult (id,reportId,domainId,band,level,barLength) VALUES (?,?,?,?,?,?)`);
    for (const dom of exam.domains) {
      const level = BENCH_BASELINE[dom.id]?.level ?? "near";
      const band = exam.bands.find((b) => b.level === level)!.label;
      insResult.run(`bench-result-${dom.id}`, "bench-report", `${exam.code}/${dom.id}`, band, level, 50);
    }
    db.prepare(`INSERT INTO ExamPlan (userId,examId,plannedDate,updatedAt) VALUES (?,?,?,?)`).run(USER, exam.code, sqlDate(new Date(now.getTime() + 12 * DAY)), created);

    // 50,000 answers over the last 120 days across every item, replayed through the scheduler.
    const rows: { item: Item; at: Date; correct: boolean }[] = [];
    const start = now.getTime() - 120 * DAY;
    for (let r = 0; r < opts.rowCount; r++) {
      rows.push({ item: items[r % items.length], at: new Date(start + rand() * 120 * DAY - 60_000), correct: rand() < 0.72 });
    }
    rows.sort((a, b) => a.at.getTime() - b.at.getTime());
    const scheduler = createScheduler({ desiredRetention: 0.9 });
    const cards = new Map<string, { id: string; card: CardState }>();
    const insLog = db.prepare(
      `INSERT INTO ReviewLog (id,cardId,userId,itemId,source,correct,rating,durationMs,reviewedAt,stateBefore,dueBefore,stateAfter,dueAfter,stabilityAfter,difficultyAfter,elapsedDays,scheduledDays) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const insCard = db.prepare(
      `INSERT INTO Card (id,userId,itemId,due,stability,difficulty,scheduledDays,learningSteps,reps,lapses,state,lastReview) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const insRating = db.prepare(`INSERT INTO LearnerRating (userId,domainId,rating,answers) VALUES (?,?,?,?)`);
    db.transaction(() => {
      // Cards first (the log references them): replay, then write.
      const logs: unknown[][] = [];
      rows.forEach((row, n) => {
        const prev = cards.get(row.item.id);
        const grade = ratingFromAnswer({ correct: row.correct, guessed: row.correct && rand() < 0.1, allowEasy: false });
        const { card, log } = scheduler.schedule(prev?.card ?? null, grade, row.at);
        const id = prev?.id ?? `bench-card-${cards.size}`;
        cards.set(row.item.id, { id, card });
        logs.push([
          `bench-log-${n}`, id, USER, row.item.id, "practice", row.correct ? 1 : 0, grade, 45_000, sqlDate(row.at),
          log.state_before, d(log.due_before), log.state_after, sqlDate(log.due_after), log.stability_after, log.difficulty_after, log.elapsed_days, log.scheduled_days,
        ]);
      });
      for (const [itemId, { id, card: c }] of cards) {
        insCard.run(id, USER, itemId, sqlDate(c.due), c.stability, c.difficulty, c.scheduled_days, c.learning_steps, c.reps, c.lapses, c.state, d(c.last_review));
      }
      for (const l of logs) insLog.run(...l);
      for (const dom of exam.domains) {
        insRating.run(USER, `${exam.code}/${dom.id}`, initialLearnerRating(BENCH_BASELINE[dom.id]?.level) + (rand() - 0.5) * 0.6, Math.floor(opts.rowCount / exam.domains.length));
      }
    })();
    return { exam, now, items, reviewLogs: rows.length, cards: cards.size };
  } finally {
    db.close();
  }
}

type PrismaLike = Awaited<ReturnType<typeof importServer>>["prisma"];

/**
 * The first field where two inputs differ, or null. Items and cards are compared as sets (the
 * queries have no ORDER BY, and the selector does not depend on their order); everything else,
 * including the order of the review log window, exactly.
 */
function inputDifference(a: SelectorInput, b: SelectorInput): string | null {
  const byId = <T extends { id?: string; itemId?: string }>(xs: readonly T[]) => xs.slice().sort((x, y) => ((x.id ?? x.itemId)! < (y.id ?? y.itemId)! ? -1 : 1));
  // `cardIndex` is the cache's lookup hint for `cards` (checked by practice-cache.server.test.ts), not data.
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== "cardIndex")) as Set<keyof SelectorInput>) {
    const same = k === "items" || k === "cards" ? isDeepStrictEqual(byId(a[k] as readonly { id?: string }[]), byId(b[k] as readonly { id?: string }[])) : isDeepStrictEqual(a[k], b[k]);
    if (!same) return String(k);
  }
  return null;
}

/** Throws unless the server's loader and the reference loader agree, and choose the same sessions. */
async function checkAgainstReference(practice: PracticeModule, prisma: PrismaLike, exam: ExamDefinition, now: Date, label: string): Promise<void> {
  const fast = await practice.loadSelectorInput(USER, exam, now, 20, 7);
  const reference = await referenceSelectorInput(prisma, USER, exam, now, 20, 7);
  const diff = inputDifference(fast, reference);
  if (diff) throw new Error(`${label}: loadSelectorInput differs from the reference loader in "${diff}"`);
  for (let s = 1; s <= 3; s++) {
    if (!isDeepStrictEqual(selectSession({ ...fast, seed: s }), selectSession({ ...reference, seed: s }))) throw new Error(`${label}: sessions differ for seed ${s}`);
  }
}
type PracticeModule = typeof import("../app/server/practice.server");

// ---------------------------------------------------------------------------------------
// the floor

function floorStatements(db: Database.Database) {
  return {
    items: db.prepare(`SELECT id, domainId, objectiveId, rating FROM Item WHERE examId = ? AND retired = 0`),
    cards: db.prepare(`SELECT c.itemId, c.due, c.stability, c.state, c.lastReview FROM Card c JOIN Item i ON i.id = c.itemId WHERE c.userId = ? AND i.examId = ?`),
    logs: db.prepare(
      `SELECT l.itemId, l.correct, l.reviewedAt, i.domainId FROM ReviewLog l JOIN Item i ON i.id = l.itemId WHERE l.userId = ? AND i.examId = ? ORDER BY l.reviewedAt DESC LIMIT 5000`,
    ),
    ratings: db.prepare(`SELECT r.domainId, r.rating FROM LearnerRating r JOIN Domain d ON d.id = r.domainId WHERE r.userId = ? AND d.examId = ?`),
    report: db.prepare(
      `SELECT r.band, r.level, d.key FROM ReportDomainResult r JOIN Domain d ON d.id = r.domainId WHERE r.reportId = (SELECT id FROM ScoreReport WHERE userId = ? AND examId = ? ORDER BY takenAt DESC, createdAt DESC LIMIT 1)`,
    ),
    plan: db.prepare(`SELECT plannedDate FROM ExamPlan WHERE userId = ? AND examId = ?`),
  };
}

// ---------------------------------------------------------------------------------------

function quantiles(values: number[]): Quantiles {
  const s = values.slice().sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(q(0.5)), p95: r(q(0.95)), max: r(s[s.length - 1]) };
}

/** Wall-clock milliseconds per call; `cpu`, when given, receives this process's CPU milliseconds per call. */
async function timeAsync(n: number, fn: (i: number) => Promise<unknown>, cpu?: number[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    await fn(i);
    out.push(performance.now() - s);
    const d = process.cpuUsage(c);
    cpu?.push((d.user + d.system) / 1000);
  }
  return out;
}

export async function run(opts: { runs?: number; warmup?: number; answers?: number; quiet?: boolean } = {}): Promise<PracticeBenchFigures> {
  const runs = opts.runs ?? 200;
  const warmup = opts.warmup ?? 30;
  const answerCount = opts.answers ?? 150;
  const log = (s: string) => {
    if (!opts.quiet) console.log(s);
  };
  const now = new Date("2026-11-20T18:00:00Z");

  const t0 = performance.now();
  const { prisma } = await importServer(); // DATABASE_URL -> APP_DB_FILE before the server modules load
  const file = APP_DB_FILE();
  await prisma.$disconnect();
  const setup = buildDatabase(file, { itemCount: 10_000, rowCount: 50_000, now });
  const { exam } = setup;
  const practice = await import("../app/server/practice.server");
  const setupS = (performance.now() - t0) / 1000;

  // Behaviour check: the server's loader returns what the reference loader does.
  await checkAgainstReference(practice, prisma, exam, now, "cold");
  const dueCards = (await practice.loadSelectorInput(USER, exam, now, 20, 7)).cards.filter((c) => c.due <= now).length;

  // 1. select a session
  for (let i = 0; i < warmup; i++) selectSession(await practice.loadSelectorInput(USER, exam, now, 20, i + 1));
  const selectCpu: number[] = [];
  const select = await timeAsync(runs, async (i) => selectSession(await practice.loadSelectorInput(USER, exam, now, 20, 1000 + i)), selectCpu);
  const loadOnly = await timeAsync(runs, (i) => practice.loadSelectorInput(USER, exam, now, 20, 1000 + i));
  const input = await practice.loadSelectorInput(USER, exam, now, 20, 1);
  const selectOnly = await timeAsync(runs, async (i) => selectSession({ ...input, seed: 1000 + i }));
  const refRuns = Math.max(20, Math.floor(runs / 5));
  for (let i = 0; i < 5; i++) await referenceSelectorInput(prisma, USER, exam, now, 20, i);
  const referenceLoad = await timeAsync(refRuns, (i) => referenceSelectorInput(prisma, USER, exam, now, 20, i));

  const db = new Database(file);
  const st = floorStatements(db);
  const floorOnce = () => {
    let n = st.items.all(exam.code).length;
    n += st.cards.all(USER, exam.code).length;
    n += st.logs.all(USER, exam.code).length;
    n += st.ratings.all(USER, exam.code).length;
    n += st.report.all(USER, exam.code).length;
    n += st.plan.all(USER, exam.code).length;
    return n;
  };
  for (let i = 0; i < warmup; i++) floorOnce();
  const floorSelect = await timeAsync(runs, async () => floorOnce());

  // 2. answer questions of real sessions (started through startPractice)
  const correctKeys = new Map<string, string[]>();
  for (const r of db.prepare(`SELECT itemId, key FROM ItemOption WHERE correct = 1`).all() as { itemId: string; key: string }[]) {
    correctKeys.set(r.itemId, [...(correctKeys.get(r.itemId) ?? []), r.key]);
  }
  const rand = mulberry32(5);
  const starts: number[] = [];
  let clock = now.getTime();
  const questionsOf = db.prepare(`SELECT id, itemId, optionOrder FROM PracticeQuestion WHERE sessionId = ? AND answeredAt IS NULL ORDER BY position`);
  let sessionId = "";
  /** The next unanswered question, starting a daily session (startPractice) when the last one is done. */
  const nextQuestion = async () => {
    for (;;) {
      const q = sessionId ? (questionsOf.get(sessionId) as { id: string; itemId: string; optionOrder: string } | undefined) : undefined;
      if (q) return q;
      const s = performance.now();
      const started = await practice.startPractice(USER, exam, "daily", { size: 20, now: new Date(clock) });
      starts.push(performance.now() - s);
      if (!started.ok) throw new Error(started.message);
      sessionId = started.sessionId;
    }
  };
  const answer: number[] = [];
  const answerCpu: number[] = [];
  /** Answer the next question (right 70% of the time, a guess 10%); only answerQuestion is timed. */
  const answerNext = async (timed: boolean) => {
    const q = await nextQuestion();
    clock += 40_000;
    const keys = correctKeys.get(q.itemId)!;
    const order = JSON.parse(q.optionOrder) as string[];
    const selected = rand() < 0.7 ? keys : [order.find((k) => !keys.includes(k))!];
    const guessed = rand() < 0.1;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await practice.answerQuestion(USER, sessionId, q.id, selected, guessed, 40_000, new Date(clock));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    if (!res.ok) throw new Error(res.message);
    if (timed) {
      answer.push(wall);
      answerCpu.push((cpu.user + cpu.system) / 1000);
    }
  };

  // 2a. answers alone, one after another (as a candidate works through a session)
  const warmAnswers = 20;
  for (let i = 0; i < warmAnswers; i++) await answerNext(false);
  for (let i = 0; i < answerCount; i++) await answerNext(true);

  // 2b. a selection right after each answer: the cache must catch up with the write first
  const selectAfterAnswer: number[] = [];
  const loadAfterAnswer: number[] = [];
  for (let i = 0; i < answerCount; i++) {
    await answerNext(false);
    const at = new Date(clock + 1000);
    const s2 = performance.now();
    const fresh = await practice.loadSelectorInput(USER, exam, at, 20, i);
    loadAfterAnswer.push(performance.now() - s2);
    selectSession(fresh);
    selectAfterAnswer.push(performance.now() - s2);
    if ((i + 1) % 40 === 0) await checkAgainstReference(practice, prisma, exam, at, `after ${i + 1} answers`);
  }
  await checkAgainstReference(practice, prisma, exam, new Date(clock + 1000), "after the answers");

  // Floor: the writes of one answer as bare SQL in one transaction, on real rows.
  const answered = db
    .prepare(`SELECT q.id, q.itemId, q.selected, q.correct, c.id AS cardId, c.due, c.stability, c.difficulty FROM PracticeQuestion q JOIN Card c ON c.itemId = q.itemId AND c.userId = ? WHERE q.answeredAt IS NOT NULL LIMIT 200`)
    .all(USER) as { id: string; itemId: string; selected: string; correct: number; cardId: string; due: string; stability: number; difficulty: number }[];
  const upCard = db.prepare(`UPDATE Card SET due=?, stability=?, difficulty=?, scheduledDays=?, learningSteps=?, reps=reps+1, lapses=?, state=?, lastReview=?, updatedAt=? WHERE id=?`);
  const insLog = db.prepare(
    `INSERT INTO ReviewLog (id,cardId,userId,itemId,source,correct,rating,durationMs,reviewedAt,stateBefore,dueBefore,stateAfter,dueAfter,stabilityAfter,difficultyAfter,elapsedDays,scheduledDays) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const upRating = db.prepare(`UPDATE LearnerRating SET rating=?, answers=answers+1 WHERE userId=? AND domainId=?`);
  const upItem = db.prepare(`UPDATE Item SET rating=?, ratingCount=ratingCount+1, updatedAt=? WHERE id=?`);
  const upQuestion = db.prepare(`UPDATE PracticeQuestion SET selected=?, correct=?, guessed=?, durationMs=?, answeredAt=? WHERE id=?`);
  const floorWrite = db.transaction((q: (typeof answered)[number], n: number) => {
    const at = sqlDate(new Date(clock + n * 1000));
    upCard.run(q.due, q.stability, q.difficulty, 3, 0, 0, 2, at, at, q.cardId);
    insLog.run(`bench-floor-log-${n}`, q.cardId, USER, q.itemId, "practice", q.correct, 3, 40_000, at, 2, q.due, 2, q.due, q.stability, q.difficulty, 3.5, 3);
    upRating.run(0.1, USER, `${exam.code}/storage`);
    upItem.run(0.2, at, q.itemId);
    upQuestion.run(q.selected, q.correct, 0, 40_000, at, q.id);
  });
  for (let i = 0; i < 20; i++) floorWrite(answered[i % answered.length], i);
  const floorAnswer = await timeAsync(answer.length, async (i) => floorWrite(answered[i % answered.length], 100 + i));
  db.close();

  const sel = quantiles(select);
  const flo = quantiles(floorSelect);
  const ans = quantiles(answer);
  const fan = quantiles(floorAnswer);
  const figures: PracticeBenchFigures = {
    items: setup.items.length,
    cards: setup.cards,
    reviewLogs: setup.reviewLogs,
    runs,
    select: sel,
    selectCpu: quantiles(selectCpu),
    selectAfterAnswer: quantiles(selectAfterAnswer),
    loadAfterAnswer: quantiles(loadAfterAnswer),
    loadOnly: quantiles(loadOnly),
    selectOnly: quantiles(selectOnly),
    referenceLoad: quantiles(referenceLoad),
    floorSelect: flo,
    ratioSelectP50: Math.round((sel.p50 / flo.p50) * 100) / 100,
    ratioSelectP95: Math.round((sel.p95 / flo.p95) * 100) / 100,
    answers: answer.length,
    answer: ans,
    answerCpu: quantiles(answerCpu),
    floorAnswer: fan,
    ratioAnswerP50: Math.round((ans.p50 / fan.p50) * 100) / 100,
    ratioAnswerP95: Math.round((ans.p95 / fan.p95) * 100) / 100,
    startPractice: quantiles(starts),
    budgetMs: PRACTICE_BUDGET_P95_MS,
    selectWithinBudget: sel.p95 < PRACTICE_BUDGET_P95_MS,
    selectAfterAnswerWithinBudget: quantiles(selectAfterAnswer).p95 < PRACTICE_BUDGET_P95_MS,
    answerWithinBudget: ans.p95 < PRACTICE_BUDGET_P95_MS,
    setupS: Math.round(setupS * 10) / 10,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
  const q = (x: Quantiles) => `p50 ${x.p50.toFixed(2).padStart(6)} ms  p95 ${x.p95.toFixed(2).padStart(6)} ms  max ${x.max.toFixed(1).padStart(5)} ms`;
  log(`practice: ${figures.items} items, ${figures.cards} cards, ${figures.reviewLogs} review logs (${dueCards} due), report + retake date; temp database built in ${figures.setupS} s`);
  log(`  select a session (loadSelectorInput + selectSession), ${runs} runs: ${q(sel)}  (budget p95 < ${PRACTICE_BUDGET_P95_MS} ms: ${figures.selectWithinBudget ? "ok" : "OVER"})`);
  log(`    CPU time of the same runs                           ${q(figures.selectCpu)}`);
  log(`    right after an answer (data changed), ${String(figures.answers).padStart(3)} runs      ${q(figures.selectAfterAnswer)}  (budget: ${figures.selectAfterAnswerWithinBudget ? "ok" : "OVER"})`);
  log(`      of which loadSelectorInput                        ${q(figures.loadAfterAnswer)}`);
  log(`    loadSelectorInput alone                             ${q(figures.loadOnly)}`);
  log(`    selectSession alone                                 ${q(figures.selectOnly)}`);
  log(`    reference loader (original Prisma form), ${String(refRuns).padStart(3)} runs   ${q(figures.referenceLoad)}`);
  log(`    floor: bare SQL fetching the same rows              ${q(flo)}`);
  log(`    ratio to floor: p50 ${figures.ratioSelectP50}x  p95 ${figures.ratioSelectP95}x`);
  log(`  answer a question (answerQuestion: save + schedule + Elo), ${answer.length} answers: ${q(ans)}  (budget p95 < ${PRACTICE_BUDGET_P95_MS} ms: ${figures.answerWithinBudget ? "ok" : "OVER"})`);
  log(`    CPU time of the same answers                        ${q(figures.answerCpu)}`);
  log(`    floor: its 5 writes as bare SQL in one transaction   ${q(fan)}`);
  log(`    ratio to floor: p50 ${figures.ratioAnswerP50}x  p95 ${figures.ratioAnswerP95}x`);
  const ws = (await import("../app/server/sqlite-writer.server")).writerStats();
  log(`    writer: ${ws.transactions} transactions, ${ws.busyRetries} busy retries (${ws.busyWaitMs.toFixed(1)} ms waited), ${ws.gaveUp} gave up`);
  const cs = practice.selectorCacheStats();
  log(`    selector data cache: ${cs.requests} requests, ${cs.unchanged} unchanged, ${cs.deltas} refreshed by delta, ${cs.candidateLoads} candidate loads, ${cs.examLoads} exam loads`);
  log(`  startPractice (select + store a session of 20), ${starts.length} runs: ${q(figures.startPractice)}  (no budget)`);
  log(`  (load average ${figures.loadAverage} on ${os.cpus().length} cores)`);
  await prisma.$disconnect();
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 200);
  run({ runs: n }).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
