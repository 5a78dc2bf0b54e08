/**
 * Practice sessions: gathers what the selector needs in a few queries, stores the chosen items
 * with their presentation order, and records answers through answers.server.ts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import type { BandLevel, ExamDefinition } from "~/core/content/schema";
import { domainMastery, type MasteryAnswer } from "~/core/progress/mastery";
import { DEFAULT_MAX_REVIEWS_SHARE, selectSession, type SelectorInput, type SelectedItem } from "~/core/selector/selector";
import { mulberry32 } from "~/core/selector/random";
import { prisma } from "./db.server";
import { getEnv, sqliteFilePath } from "./env.server";
import { domainRowId } from "./content-import.server";
import { cuid, recordAnswer } from "./answers.server";
import { cachedStatements, sqlDate, writeTransaction } from "./sqlite-writer.server";

const DAY_MS = 86_400_000;
export const REVIEW_LOG_WINDOW = 5_000; // most recent answers used for measured mastery
export const MINUTES_PER_QUESTION = 1.5;

const keyOf = (domainId: string) => domainId.slice(domainId.indexOf("/") + 1);
const objectiveKeyOf = (objectiveId: string | null) => (objectiveId ? objectiveId.split("/")[2] : undefined);

export type PracticeFilter = {
  domains?: string[]; // domain keys
  objectives?: string[]; // objective keys
  pool?: "new" | "due" | "wrong" | "flagged" | "all";
};

/**
 * Everything the selector needs for one candidate and exam.
 *
 * Same result as reading, per request, the exam's active items, the candidate's cards on the
 * exam's items, their last REVIEW_LOG_WINDOW answers (with each item's domain), ratings, latest
 * score report and retake date; but the large parts (10,000 items, cards and logs) come from a
 * per-process cache that is refreshed by delta, so a request reads only what changed since the
 * last one (see "Selector data cache" below and docs/benchmarks.md).
 */
export async function loadSelectorInput(userId: string, exam: ExamDefinition, now: Date, size: number, seed: number): Promise<SelectorInput> {
  const startOfDay = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const data = readSelectorData(userId, exam.code);
  const mastery = domainMastery(data.masteryAnswers, now);
  const answeredToday: SelectorInput["answeredToday"] = [];
  const startMs = startOfDay.getTime();
  for (const l of data.logs) {
    if (l.atMs < startMs) break; // newest first
    answeredToday.push({ itemId: l.itemId, correct: l.correct, at: l.at });
  }
  return {
    domains: exam.domains.map((d) => ({ id: d.id, name: d.name, short: d.short, weight: d.weight, objectives: d.objectives })),
    baseline: data.report ? Object.fromEntries(data.report.map((r) => [r.key, { level: r.level as BandLevel, label: r.band }])) : null,
    mastery: Object.fromEntries([...mastery].map(([k, m]) => [k, { answered: m.answered, accuracy: m.accuracy }])),
    learnerRatings: Object.fromEntries(data.ratings.map((r) => [keyOf(r.domainId), r.rating])),
    items: data.items,
    cards: data.cards,
    answeredToday,
    lastSeen: data.lastSeen,
    size,
    retakeDate: data.plannedDate,
    now,
    seed,
  };
}

// ---------------------------------------------------------------------------------------
// Selector data cache
//
// Materialising 10,000 items, 10,000 cards and 5,000 logs costs tens of milliseconds per request
// even as bare SQL, and several times that through Prisma; the selector itself needs a few. So
// this process keeps them in memory, read through its own read-only SQLite connection, and on
// each request brings them up to date by delta:
//
// - Nothing at all is re-read while `PRAGMA data_version` of that connection is unchanged: it
//   changes whenever any other connection (the app's Prisma client, another process, a test's
//   client) commits a change, and only committed data is ever read.
// - Items: rows whose `Item.updatedAt` (set by Prisma on every write) is at or after the time of
//   the previous refresh, less UPDATED_AT_MARGIN_MS, are re-read: ratings move with answers, and
//   an import's new, moved or re-filed items reload the exam's items (as does a change to the
//   exam row). A writer stamps a row before it commits, up to a whole transaction earlier (an
//   import holds one for seconds); so the refresh time only moves forward when no write
//   transaction is open (no `-journal` file), and the margin covers a writer that stamped a row
//   and then waited for the lock.
// - Cards: the same with `Card.updatedAt`; the count of the candidate's cards is compared too,
//   so a deleted card reloads them.
// - Review logs are append-only (they go only with their card or user): rows with a rowid above
//   the last one seen are added to the newest-first window; if that last row is gone (rowid
//   reused after a delete), everything is reloaded.
// The result is checked against the straightforward queries by bench/practice.bench.ts.
//
// So every write to Item or Card must set updatedAt: Prisma's @updatedAt does, and the raw SQL in
// answers.server.ts sets it explicitly. A row written without it is not seen until the exam is
// imported again or the process restarts. (Imports hold their transaction for seconds, longer than
// the margin, but they also change the exam row, which reloads everything.)

type CacheItem = { id: string; domainId: string; objectiveId: string | null; rating: number; retired: boolean; sel: SelectorInput["items"][number] };
type ExamCache = {
  code: string;
  stamp: string | null;
  generation: number;
  /** data_version when last brought up to date. */
  version: number;
  byId: Map<string, CacheItem>;
  /** Date.now() at the last refresh that no open write transaction overlapped (0: none yet). */
  safeSince: number;
  /** Active items as handed to the selector: replaced, never mutated, when an item changes. */
  activeItems: SelectorInput["items"] | null;
  /** Position of each active item in activeItems. */
  activeIndex: Map<string, number>;
};
type CacheCard = {
  rowId: string;
  itemId: string;
  due: Date;
  stability: number;
  state: number;
  lastReview: Date | null;
  /** As stored: a row read again with the same stamp is skipped. */
  updatedAt: string;
  sel: SelectorInput["cards"][number];
};
type CacheLog = { rowid: number; itemId: string; correct: boolean; at: Date; atMs: number; mastery: MasteryAnswer };
type CandidateCache = {
  examGeneration: number;
  version: number;
  /** Every card of the candidate (all exams), by card id: the count check covers deletions. */
  allCards: Map<string, CacheCard>;
  /** As ExamCache.safeSince, for the cards. */
  cardsSafeSince: number;
  /**
   * The newest REVIEW_LOG_WINDOW logs on the exam's items, newest first (ties: later rowid first),
   * and the same as mastery answers. Updated in place: used only while loadSelectorInput runs.
   */
  logs: CacheLog[];
  masteryAnswers: MasteryAnswer[];
  /** Rowid and id of the newest review-log row (any candidate) when last read. */
  logMark: { rowid: number; id: string | null };
  /** What the selector gets: replaced, never mutated, when a card changes (callers may keep it). */
  out: { cards: SelectorInput["cards"]; lastSeen: Record<string, Date> };
  /** Position of each card (by card id) in out.cards. */
  cardIndex: Map<string, number>;
};

type SelectorData = {
  items: SelectorInput["items"];
  cards: SelectorInput["cards"];
  lastSeen: Record<string, Date>;
  logs: readonly CacheLog[];
  masteryAnswers: readonly MasteryAnswer[];
  ratings: { domainId: string; rating: number }[];
  report: { band: string; level: string; key: string }[] | null;
  plannedDate: Date | null;
};

/**
 * Rows stamped up to this long before the previous refresh are read again: a writer stamps
 * `updatedAt` before it may wait for the write lock (better-sqlite3 gives up after 5 s), so its
 * row can commit after a refresh with an earlier stamp.
 */
const UPDATED_AT_MARGIN_MS = 10_000;
/** Candidates kept in memory (least recently used dropped first); a heavy one is a few MB. */
const MAX_CACHED_CANDIDATES = 32;
/** Beyond this many new review-log rows (all candidates) a reload is cheaper than the delta. */
const MAX_LOG_DELTA = 20_000;
/** Beyond this many changed item or card rows, likewise. */
const MAX_DELTA_ROWS = 3_000;

type Reader = {
  db: Database.Database;
  stmt: ReturnType<typeof prepareStatements>;
  file: string;
  ino: number;
  /** The rollback journal to watch for open write transactions; null when there is none (WAL). */
  journal: string | null;
};

function prepareStatements(db: Database.Database) {
  return {
    examStamp: db.prepare(`SELECT updatedAt FROM Exam WHERE id = ?`).pluck(),
    items: db.prepare(`SELECT id, domainId, objectiveId, rating, retired FROM Item WHERE examId = ? ORDER BY domainId, rowid`).raw(),
    itemsSince: db.prepare(`SELECT id, examId, domainId, objectiveId, rating, retired FROM Item WHERE updatedAt >= ?`).raw(),
    cards: db.prepare(`SELECT id, itemId, due, stability, state, lastReview, updatedAt FROM Card WHERE userId = ? ORDER BY rowid`).raw(),
    cardsSince: db.prepare(`SELECT id, itemId, due, stability, state, lastReview, updatedAt FROM Card WHERE userId = ? AND updatedAt >= ?`).raw(),
    cardCount: db.prepare(`SELECT COUNT(*) FROM Card WHERE userId = ?`).pluck(),
    logs: db.prepare(`SELECT rowid, itemId, correct, reviewedAt FROM ReviewLog WHERE userId = ? ORDER BY reviewedAt DESC, rowid DESC`).raw(),
    // `+userId`: walk the few new rows by rowid, not the candidate's whole index range.
    logsAfter: db.prepare(`SELECT rowid, itemId, correct, reviewedAt FROM ReviewLog WHERE rowid > ? AND +userId = ? ORDER BY rowid`).raw(),
    lastLog: db.prepare(`SELECT rowid, id FROM ReviewLog ORDER BY rowid DESC LIMIT 1`).raw(),
    logIdAt: db.prepare(`SELECT id FROM ReviewLog WHERE rowid = ?`).pluck(),
    ratings: db.prepare(`SELECT r.domainId, r.rating FROM LearnerRating r JOIN Domain d ON d.id = r.domainId WHERE r.userId = ? AND d.examId = ?`),
    latestReport: db.prepare(`SELECT id FROM ScoreReport WHERE userId = ? AND examId = ? ORDER BY takenAt DESC, createdAt DESC LIMIT 1`).pluck(),
    reportResults: db.prepare(`SELECT r.band, r.level, d.key FROM ReportDomainResult r JOIN Domain d ON d.id = r.domainId WHERE r.reportId = ?`),
    plan: db.prepare(`SELECT plannedDate FROM ExamPlan WHERE userId = ? AND examId = ?`).pluck(),
  };
}

// Kept across dev-server reloads like the Prisma client; reopened (and the cache dropped) when
// DATABASE_URL points elsewhere or the file was replaced (tests and benches recreate databases).
const globalForReader = globalThis as unknown as { __selectorReader?: Reader };

function reader(): Reader {
  const file = sqliteFilePath(getEnv().DATABASE_URL);
  const { ino } = fs.statSync(file);
  let r = globalForReader.__selectorReader;
  if (!r || !r.db.open || r.file !== file || r.ino !== ino) {
    if (r?.db.open) r.db.close();
    examCaches.clear();
    candidateCaches.clear();
    const db = new Database(file, { fileMustExist: true });
    db.pragma("query_only = ON");
    const mode = String(db.pragma("journal_mode", { simple: true })).toLowerCase();
    r = { db, stmt: prepareStatements(db), file, ino, journal: mode === "delete" || mode === "truncate" ? `${file}-journal` : null };
    globalForReader.__selectorReader = r;
  }
  return r;
}

const examCaches = new Map<string, ExamCache>();
const candidateCaches = new Map<string, CandidateCache>(); // insertion order = least recently used first
let examGeneration = 0;
const stats = { requests: 0, unchanged: 0, deltas: 0, candidateLoads: 0, examLoads: 0 };

/** Counters of the selector data cache since the process started (for benches and diagnostics). */
export function selectorCacheStats(): Readonly<typeof stats> {
  return { ...stats };
}

/** Drop the cache and close its connection (tests and benches that replace the database file). */
export function resetSelectorCache(): void {
  examCaches.clear();
  candidateCaches.clear();
  const r = globalForReader.__selectorReader;
  if (r?.db.open) r.db.close();
  globalForReader.__selectorReader = undefined;
}

/** How the Prisma SQLite adapter reads a DateTime (ISO text, or epoch milliseconds). */
function toDate(v: unknown): Date {
  return typeof v === "number" || typeof v === "bigint" ? new Date(Number(v)) : new Date(v as string);
}
/** A time as the Prisma SQLite adapter stores a DateTime (ISO 8601 text), so stamps compare as text. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}
/** The `updatedAt` from which rows are read again. */
function sinceMark(safeSince: number): string {
  return stamp(safeSince - UPDATED_AT_MARGIN_MS);
}

/**
 * Whether another connection may have a write transaction open: its rows may carry stamps from
 * before our refresh and still be uncommitted. Rollback-journal modes only; in WAL mode (not used
 * here) there is no file to watch, so every refresh counts as overlapped and deltas re-read from
 * the last full load (correct, slower).
 */
function writeInProgress(r: Reader): boolean {
  if (!r.journal) return true;
  try {
    return fs.statSync(r.journal).size > 0;
  } catch {
    return false;
  }
}

function loadExamItems(r: Reader, code: string, stamp: string | null, version: number, safeSince: number): ExamCache {
  const byId = new Map<string, CacheItem>();
  for (const [id, domainId, objectiveId, rating, retired] of r.stmt.items.all(code) as [string, string, string | null, number, number][]) {
    byId.set(id, cacheItem(id, domainId, objectiveId, rating, retired === 1));
  }
  stats.examLoads++;
  return { code, stamp, generation: ++examGeneration, version, byId, safeSince, activeItems: null, activeIndex: new Map() };
}

/** `safe`: Date.now() before this refresh if no write transaction overlaps it, else null. */
function syncExam(r: Reader, code: string, version: number, safe: number | null): ExamCache {
  let exam = examCaches.get(code);
  if (exam && exam.version === version) return exam;
  const stamp = (r.stmt.examStamp.get(code) as string | undefined) ?? null;
  if (!exam || exam.stamp !== stamp) {
    exam = loadExamItems(r, code, stamp, version, safe ?? 0);
    examCaches.set(code, exam);
  } else {
    let reload = false;
    let retiredChanged = false;
    const ratingChanged: CacheItem[] = [];
    const rows = r.stmt.itemsSince.all(sinceMark(exam.safeSince)) as [string, string, string, string | null, number, number][];
    if (rows.length > MAX_DELTA_ROWS) reload = true;
    for (const [id, examId, domainId, objectiveId, rating, retiredInt] of rows) {
      if (reload) break;
      const cached = exam.byId.get(id);
      if (examId !== code) {
        if (cached) reload = true; // moved to another exam
        continue;
      }
      const retired = retiredInt === 1;
      if (!cached || cached.domainId !== domainId || cached.objectiveId !== objectiveId) reload = true;
      else if (cached.rating !== rating || cached.retired !== retired) {
        const item = cacheItem(id, domainId, objectiveId, rating, retired);
        exam.byId.set(id, item);
        if (cached.retired !== retired) retiredChanged = true;
        else if (!retired) ratingChanged.push(item);
      }
    }
    if (reload) {
      exam = loadExamItems(r, code, stamp, version, safe ?? 0);
      examCaches.set(code, exam);
    } else {
      if (safe !== null) exam.safeSince = safe;
      exam.version = version;
      if (retiredChanged) exam.activeItems = null;
      else if (ratingChanged.length && exam.activeItems) {
        const items = exam.activeItems.slice();
        for (const item of ratingChanged) items[exam.activeIndex.get(item.id)!] = item.sel;
        exam.activeItems = Object.freeze(items) as SelectorInput["items"];
      }
    }
  }
  return exam;
}

/**
 * One string object per domain or objective key: 10,000 items share a few strings instead of each
 * holding its own slice, which keeps the cache compact and lets the selector compare keys by pointer.
 */
const keyStrings = new Map<string, string | undefined>();
function sharedKey(rowId: string | null, key: (id: string | null) => string | undefined): string | undefined {
  if (rowId === null) return undefined;
  let k = keyStrings.get(rowId);
  if (k === undefined && !keyStrings.has(rowId)) {
    k = key(rowId);
    keyStrings.set(rowId, k);
  }
  return k;
}

function cacheItem(id: string, domainId: string, objectiveId: string | null, rating: number, retired: boolean): CacheItem {
  const sel = Object.freeze({ id, domain: sharedKey(domainId, (d) => keyOf(d!))!, objective: sharedKey(objectiveId, objectiveKeyOf), rating });
  return { id, domainId, objectiveId, rating, retired, sel };
}

function activeItems(exam: ExamCache): SelectorInput["items"] {
  if (!exam.activeItems) {
    const items: SelectorInput["items"] = [];
    exam.activeIndex.clear();
    for (const i of exam.byId.values()) {
      if (i.retired) continue;
      exam.activeIndex.set(i.id, items.length);
      items.push(i.sel);
    }
    exam.activeItems = Object.freeze(items) as SelectorInput["items"];
  }
  return exam.activeItems;
}

type CardRow = [id: string, itemId: string, due: unknown, stability: number, state: number, lastReview: unknown, updatedAt: string];

function cardRow(row: CardRow): CacheCard {
  const [rowId, itemId, dueRaw, stability, state, lastRaw, updatedAt] = row;
  const due = toDate(dueRaw);
  const lastReview = lastRaw === null ? null : toDate(lastRaw);
  return { rowId, itemId, due, stability, state, lastReview, updatedAt, sel: Object.freeze({ itemId, due, stability, state, lastReview }) };
}

function cacheLog(rowid: number, itemId: string, correct: boolean, reviewedAt: unknown, item: CacheItem): CacheLog {
  const at = toDate(reviewedAt);
  return { rowid, itemId, correct, at, atMs: at.getTime(), mastery: Object.freeze({ itemId, domain: item.sel.domain, correct, at }) };
}

function loadCandidate(r: Reader, userId: string, exam: ExamCache, version: number, safe: number | null): CandidateCache {
  const allCards = new Map<string, CacheCard>();
  for (const row of r.stmt.cards.all(userId) as CardRow[]) {
    const c = cardRow(row);
    allCards.set(c.rowId, c);
  }
  const last = r.stmt.lastLog.get() as [number, string] | undefined;
  const logs: CacheLog[] = [];
  for (const [rowid, itemId, correct, reviewedAt] of r.stmt.logs.iterate(userId) as Iterable<[number, string, number, unknown]>) {
    const item = exam.byId.get(itemId);
    if (!item) continue;
    logs.push(cacheLog(rowid, itemId, correct === 1, reviewedAt, item));
    if (logs.length >= REVIEW_LOG_WINDOW) break;
  }
  stats.candidateLoads++;
  const cards: SelectorInput["cards"] = [];
  const cardIndex = new Map<string, number>();
  for (const card of allCards.values()) {
    if (!exam.byId.has(card.itemId)) continue;
    cardIndex.set(card.rowId, cards.length);
    cards.push(card.sel);
  }
  return {
    examGeneration: exam.generation,
    version,
    allCards,
    cardsSafeSince: safe ?? 0,
    logs,
    masteryAnswers: logs.map((l) => l.mastery),
    logMark: last ? { rowid: last[0], id: last[1] } : { rowid: 0, id: null },
    out: { cards: Object.freeze(cards) as SelectorInput["cards"], lastSeen: lastSeenOf(cards) },
    cardIndex,
  };
}

function lastSeenOf(cards: SelectorInput["cards"]): Record<string, Date> {
  const lastSeen: Record<string, Date> = {};
  for (const c of cards) if (c.lastReview) lastSeen[c.itemId] = c.lastReview;
  return lastSeen;
}


/** Newest first; equal times: the later row (higher rowid) first, as the index scan returns them. */
function newerFirst(a: CacheLog, b: CacheLog): number {
  return b.atMs - a.atMs || b.rowid - a.rowid;
}

/** Bring a candidate's cache up to date; false when only a reload will do. */
function syncCandidate(r: Reader, c: CandidateCache, userId: string, exam: ExamCache, safe: number | null): boolean {
  // Review logs: append-only; new rows have a rowid above the newest one seen.
  if (c.logMark.rowid > 0 && r.stmt.logIdAt.get(c.logMark.rowid) !== c.logMark.id) return false;
  const last = r.stmt.lastLog.get() as [number, string] | undefined;
  if (last && last[0] !== c.logMark.rowid) {
    if (last[0] - c.logMark.rowid > MAX_LOG_DELTA) return false;
    for (const [rowid, itemId, correct, reviewedAt] of r.stmt.logsAfter.all(c.logMark.rowid, userId) as [number, string, number, unknown][]) {
      const item = exam.byId.get(itemId);
      if (!item) continue;
      const log = cacheLog(rowid, itemId, correct === 1, reviewedAt, item);
      const { logs } = c;
      if (logs.length >= REVIEW_LOG_WINDOW && newerFirst(log, logs[logs.length - 1]) > 0) continue; // older than the window
      let lo = 0;
      let hi = logs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (newerFirst(logs[mid], log) < 0) lo = mid + 1;
        else hi = mid;
      }
      logs.splice(lo, 0, log);
      c.masteryAnswers.splice(lo, 0, log.mastery);
      if (logs.length > REVIEW_LOG_WINDOW) {
        logs.pop();
        c.masteryAnswers.pop();
      }
    }
  }
  c.logMark = last ? { rowid: last[0], id: last[1] } : { rowid: 0, id: null };

  // Cards: every write sets updatedAt.
  const rows = r.stmt.cardsSince.all(userId, sinceMark(c.cardsSafeSince)) as CardRow[];
  if (rows.length > MAX_DELTA_ROWS) return false;
  // A row re-read within the margin with the stamp it had is skipped, unless stamped in or after
  // the millisecond of the previous refresh (a second write in that millisecond keeps the stamp).
  const settled = stamp(c.cardsSafeSince);
  if (safe !== null) c.cardsSafeSince = safe;
  let cards: SelectorInput["cards"] | null = null;
  for (const row of rows) {
    const old = c.allCards.get(row[0]);
    if (old && old.updatedAt === row[6] && row[6] < settled) continue;
    const card = cardRow(row);
    if (
      !old ||
      old.itemId !== card.itemId ||
      old.due.getTime() !== card.due.getTime() ||
      old.stability !== card.stability ||
      old.state !== card.state ||
      (old.lastReview?.getTime() ?? null) !== (card.lastReview?.getTime() ?? null)
    ) {
      if (old && old.itemId !== card.itemId) return false;
      c.allCards.set(card.rowId, card);
      if (!exam.byId.has(card.itemId)) continue;
      cards ??= c.out.cards.slice();
      const at = c.cardIndex.get(card.rowId);
      if (at === undefined) {
        c.cardIndex.set(card.rowId, cards.length);
        cards.push(card.sel);
      } else cards[at] = card.sel;
    }
  }
  if (cards) c.out = { ...c.out, cards: Object.freeze(cards) as SelectorInput["cards"], lastSeen: lastSeenOf(cards) };
  return (r.stmt.cardCount.get(userId) as number) === c.allCards.size;
}

function readSelectorData(userId: string, examCode: string): SelectorData {
  const r = reader();
  // Taken before the snapshot: a write committed after it was stamped after this, less the margin,
  // unless its transaction was already open (then the previous refresh time is kept).
  const now = Date.now();
  const safe = writeInProgress(r) ? null : now;
  // One read transaction: every part comes from the same committed state.
  return r.db.transaction((): SelectorData => {
    const version = r.db.pragma("data_version", { simple: true }) as number;
    const key = `${userId}\n${examCode}`;
    let exam = examCaches.get(examCode);
    let c = candidateCaches.get(key);
    stats.requests++;
    if (exam && c && c.version === version) stats.unchanged++;
    else {
      exam = syncExam(r, examCode, version, safe);
      if (c) stats.deltas++;
      if (c && (c.examGeneration !== exam.generation || !syncCandidate(r, c, userId, exam, safe))) c = undefined;
      if (!c) c = loadCandidate(r, userId, exam, version, safe);
      c.version = version;
    }
    candidateCaches.delete(key);
    candidateCaches.set(key, c);
    while (candidateCaches.size > MAX_CACHED_CANDIDATES) candidateCaches.delete(candidateCaches.keys().next().value!);

    const out = c.out;
    const reportId = r.stmt.latestReport.get(userId, examCode) as string | undefined;
    const plannedDate = r.stmt.plan.get(userId, examCode) as unknown;
    return {
      items: activeItems(exam),
      cards: out.cards,
      lastSeen: out.lastSeen,
      logs: c.logs,
      masteryAnswers: c.masteryAnswers,
      ratings: r.stmt.ratings.all(userId, examCode) as { domainId: string; rating: number }[],
      report: reportId === undefined ? null : (r.stmt.reportResults.all(reportId) as { band: string; level: string; key: string }[]),
      plannedDate: plannedDate === null || plannedDate === undefined ? null : toDate(plannedDate),
    };
  })();
}

/** Narrows the selector's input to a custom-practice choice (domains/objectives and pool). */
export async function applyFilter(userId: string, input: SelectorInput, filter: PracticeFilter, now: Date): Promise<SelectorInput> {
  let items = input.items;
  if (filter.domains?.length) items = items.filter((i) => filter.domains!.includes(i.domain));
  if (filter.objectives?.length) items = items.filter((i) => i.objective && filter.objectives!.includes(i.objective));
  const carded = new Set(input.cards.map((c) => c.itemId));
  const pool = filter.pool ?? "all";
  if (pool === "new") items = items.filter((i) => !carded.has(i.id));
  if (pool === "due") {
    const due = new Set(input.cards.filter((c) => c.due <= now).map((c) => c.itemId));
    items = items.filter((i) => due.has(i.id));
  }
  if (pool === "wrong") {
    const wrong = await lastAnswerWrong(userId, items.map((i) => i.id));
    items = items.filter((i) => wrong.has(i.id));
  }
  if (pool === "flagged") {
    const flagged = await prisma.itemFlag.findMany({ where: { userId, itemId: { in: items.map((i) => i.id) } }, select: { itemId: true } });
    const set = new Set(flagged.map((f) => f.itemId));
    items = items.filter((i) => set.has(i.id));
  }
  const ids = new Set(items.map((i) => i.id));
  // An explicit pool (due, mistakes, flagged) is what the candidate asked to see now: reviews are
  // not capped and items answered earlier today are not held back.
  const explicit = pool === "due" || pool === "wrong" || pool === "flagged";
  return {
    ...input,
    items,
    cards: input.cards.filter((c) => ids.has(c.itemId)),
    answeredToday: explicit ? [] : input.answeredToday,
    maxReviewsShare: explicit ? 1 : input.maxReviewsShare,
  };
}

/** Items whose most recent answer by this candidate was wrong: the mistakes queue. */
async function lastAnswerWrong(userId: string, itemIds: string[]): Promise<Set<string>> {
  const logs = await prisma.reviewLog.findMany({
    where: { userId, itemId: { in: itemIds } },
    orderBy: { reviewedAt: "desc" },
    select: { itemId: true, correct: true },
  });
  const seen = new Set<string>();
  const wrong = new Set<string>();
  for (const l of logs) {
    if (seen.has(l.itemId)) continue;
    seen.add(l.itemId);
    if (!l.correct) wrong.add(l.itemId);
  }
  return wrong;
}

function shuffledKeys(keys: string[], seed: number): string[] {
  const rnd = mulberry32(seed);
  const out = [...keys];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function createSession(userId: string, exam: ExamDefinition, kind: "daily" | "custom" | "mistakes", selected: SelectedItem[], seed: number, filter?: PracticeFilter) {
  const options = await prisma.itemOption.findMany({
    where: { itemId: { in: selected.map((s) => s.itemId) } },
    orderBy: { position: "asc" },
    select: { itemId: true, key: true },
  });
  const keysByItem = new Map<string, string[]>();
  for (const o of options) keysByItem.set(o.itemId, [...(keysByItem.get(o.itemId) ?? []), o.key]);
  const session = await prisma.practiceSession.create({
    data: {
      userId,
      examId: exam.code,
      kind,
      seed,
      filters: filter ? JSON.stringify(filter) : null,
      questions: {
        create: selected.map((s, position) => ({
          itemId: s.itemId,
          position,
          kind: s.kind,
          reason: s.reason,
          optionOrder: JSON.stringify(shuffledKeys(keysByItem.get(s.itemId) ?? [], seed + position * 7919)),
        })),
      },
    },
    select: { id: true },
  });
  return session.id;
}

export type StartResult = { ok: true; sessionId: string } | { ok: false; message: string };

export async function startPractice(
  userId: string,
  exam: ExamDefinition,
  kind: "daily" | "custom" | "mistakes",
  opts: { size?: number; filter?: PracticeFilter; now?: Date } = {},
): Promise<StartResult> {
  const now = opts.now ?? new Date();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionSize: true } });
  const size = opts.size ?? user.sessionSize;
  const seed = crypto.randomInt(1, 2 ** 31 - 1);
  let input = await loadSelectorInput(userId, exam, now, size, seed);
  if (opts.filter) input = await applyFilter(userId, input, opts.filter, now);
  if (input.items.length === 0) {
    return { ok: false, message: kind === "mistakes" ? "No mistakes to practise: every question you answered last time was right." : "No questions match this choice. Choose other domains or another pool." };
  }
  const selected = selectSession(input);
  if (selected.length === 0) return { ok: false, message: "No questions match this choice right now." };
  return { ok: true, sessionId: await createSession(userId, exam, kind, selected, seed, opts.filter) };
}

/** The session in progress today, if one is unfinished (so "Start" resumes instead). */
export async function unfinishedSession(userId: string, examId: string) {
  return prisma.practiceSession.findFirst({
    where: { userId, examId, completedAt: null, questions: { some: { answeredAt: null } } },
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, _count: { select: { questions: true } }, questions: { where: { answeredAt: { not: null } }, select: { id: true } } },
  });
}

/** What "Today" shows: due reviews, new questions, estimated minutes, for the next daily session. */
export async function todayPlan(userId: string, exam: Pick<ExamDefinition, "code">, now = new Date()) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionSize: true } });
  const [due, total, seen] = await Promise.all([
    prisma.card.count({ where: { userId, due: { lte: now }, item: { examId: exam.code, retired: false } } }),
    prisma.item.count({ where: { examId: exam.code, retired: false } }),
    prisma.card.count({ where: { userId, item: { examId: exam.code, retired: false } } }),
  ]);
  const size = user.sessionSize;
  const reviews = Math.min(due, Math.round(size * DEFAULT_MAX_REVIEWS_SHARE));
  const fresh = Math.min(total - seen, size - reviews);
  const count = reviews + Math.max(0, fresh);
  return { due, reviews, new: Math.max(0, fresh), unseen: total - seen, size, minutes: Math.max(1, Math.round(count * MINUTES_PER_QUESTION)) };
}

const questionSelect = {
  id: true,
  position: true,
  kind: true,
  reason: true,
  optionOrder: true,
  selected: true,
  correct: true,
  guessed: true,
  answeredAt: true,
  item: {
    select: {
      id: true,
      type: true,
      choose: true,
      stem: true,
      explanation: true,
      references: true,
      domain: { select: { key: true, name: true, short: true } },
      objective: { select: { name: true } },
      options: { select: { key: true, text: true, correct: true, rationale: true } },
    },
  },
} as const;

export async function getSession(userId: string, sessionId: string) {
  return prisma.practiceSession.findFirst({
    where: { id: sessionId, userId },
    select: { id: true, examId: true, kind: true, createdAt: true, completedAt: true, questions: { orderBy: { position: "asc" }, select: questionSelect } },
  });
}
export type SessionData = NonNullable<Awaited<ReturnType<typeof getSession>>>;

export type AnswerResult = { ok: true } | { ok: false; message: string };

type QuestionRow = { id: string; itemId: string; answeredAt: string | null; optionOrder: string; position: number };

function answerStatements(db: Database.Database) {
  return {
    // The session's questions, with the ownership check.
    questions: db.prepare<[string, string], QuestionRow>(`
      SELECT q.id, q.itemId, q.answeredAt, q.optionOrder, q.position
      FROM PracticeQuestion q JOIN PracticeSession s ON s.id = q.sessionId
      WHERE q.sessionId = ? AND s.userId = ?`),
    answered: db.prepare(`UPDATE PracticeQuestion SET selected = ?, correct = ?, guessed = ?, durationMs = ?, answeredAt = ? WHERE id = ?`),
    // Every column, with the schema's defaults, as Prisma's practiceQuestion.create would.
    retry: db.prepare(`
      INSERT INTO PracticeQuestion (id, sessionId, itemId, position, kind, reason, optionOrder, selected, correct, guessed, durationMs, answeredAt)
      VALUES (?, ?, ?, ?, 'retry', ?, ?, NULL, NULL, 0, NULL, NULL)`),
    complete: db.prepare(`UPDATE PracticeSession SET completedAt = ? WHERE id = ?`),
  };
}

/**
 * Records the answer to one question of a session. Idempotent: a question answered already
 * keeps its first answer (a double submit or a retried request never counts twice).
 */
export async function answerQuestion(
  userId: string,
  sessionId: string,
  questionId: string,
  selected: string[],
  guessed: boolean,
  durationMs: number | null,
  now = new Date(),
): Promise<AnswerResult> {
  // One synchronous write transaction on the writer connection, outside Prisma: this runs on every
  // answer and Prisma's interactive transaction cost ~1 ms per round trip (docs/benchmarks.md,
  // docs/decisions/006-answer-writes-outside-prisma.md).
  return writeTransaction((db): AnswerResult => {
    const st = cachedStatements(db, answerStatements);
    // The session's questions, read once: this transaction is the only writer until it ends.
    const questions = st.questions.all(sessionId, userId);
    const q = questions.find((x) => x.id === questionId);
    if (!q) return { ok: false, message: "This question is not part of your session." };
    if (q.answeredAt) return { ok: true };
    const allowed = new Set(JSON.parse(q.optionOrder) as string[]);
    if (selected.length === 0) return { ok: false, message: "Choose an answer first." };
    if (selected.some((s) => !allowed.has(s))) return { ok: false, message: "That answer is not one of the options." };
    const outcome = recordAnswer(db, { userId, itemId: q.itemId, selected, guessed, durationMs, source: "practice", now });
    st.answered.run(JSON.stringify(selected), outcome.correct ? 1 : 0, guessed ? 1 : 0, durationMs, sqlDate(now), q.id);
    let open = questions.filter((x) => !x.answeredAt && x.id !== q.id).length;
    // A wrong answer comes back later in this session, after at least three other questions.
    if (!outcome.correct) {
      const rest = questions.filter((r) => r.position > q.position);
      const unanswered = rest.filter((r) => !r.answeredAt).length;
      const alreadyQueued = rest.some((r) => r.itemId === q.itemId);
      if (unanswered >= 3 && !alreadyQueued) {
        const last = Math.max(q.position, ...rest.map((r) => r.position));
        const order = shuffledKeys([...allowed], now.getTime() % 2_000_000_000);
        st.retry.run(cuid(), sessionId, q.itemId, last + 1, "Retry: answered wrongly earlier in this session", JSON.stringify(order));
        open += 1;
      }
    }
    if (open === 0) st.complete.run(sqlDate(now), sessionId);
    return { ok: true };
  });
}

export async function flagItem(userId: string, itemId: string, reason: string, comment: string | null) {
  await prisma.itemFlag.create({ data: { userId, itemId, reason, comment } });
}

/** Cards due tomorrow (for the end-of-session summary). */
export async function dueTomorrow(userId: string, examId: string, now = new Date()) {
  const endOfTomorrow = new Date((Math.floor(now.getTime() / DAY_MS) + 2) * DAY_MS);
  return prisma.card.count({ where: { userId, due: { lte: endOfTomorrow }, item: { examId, retired: false } } });
}

export { domainRowId };
