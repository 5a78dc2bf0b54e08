/**
 * The selector's data for one candidate and exam: what loadSelectorInput hands the selector,
 * read through a per-process cache brought up to date by delta (see "Selector data cache").
 */
import Database from "better-sqlite3";
import type { BandLevel, ExamDefinition } from "~/core/content/schema";
import { domainMastery, type MasteryAnswer } from "~/core/progress/mastery";
import type { CardIndex, SelectorCard, SelectorInput, SelectorItem } from "~/core/selector/selector";
import { connectionFor, type FileConnection } from "./sqlite-connection.server";
import { CHANGE_COUNTER_SQL, missingChangeTriggers } from "./change-sequence.server";

const DAY_MS = 86_400_000;
export const REVIEW_LOG_WINDOW = 5_000; // most recent answers used for measured mastery

const keyOf = (domainId: string) => domainId.slice(domainId.indexOf("/") + 1);
const objectiveKeyOf = (objectiveId: string | null) => (objectiveId ? objectiveId.split("/")[2] : undefined);

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
  const answeredToday: { itemId: string; correct: boolean; at: Date }[] = [];
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
    cardIndex: data.cardIndex,
    answeredToday,
    practisedObjectives: data.practisedObjectives,
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
//   changes whenever any other connection (the app's Prisma client, the answer writer, another
//   process, a test's client) commits a change, and only committed data is ever read.
// - Items and cards: database triggers number every insert and update of an Item or Card row from
//   one counter (`SyncCounter.seq` into the row's `changeSeq`; migration 20261122030000). SQLite
//   lets one transaction write at a time, so the numbers follow commit order, and the rows
//   numbered above the `seq` seen at the previous refresh are exactly the rows changed since:
//   no time stamps, no safety margin. A deleted row moves `SyncCounter.lastDeleteSeq`: the exam's
//   items or the candidate's cards are then read again in full, as they are when the exam row
//   itself changed (an import).
// - Review logs are append-only (they go only with their card or user): rows with a rowid above
//   the last one seen are added to the newest-first window; if that last row is gone (rowid
//   reused after a delete), everything is reloaded.
// Writers need not do anything: the triggers see every writer. The result is checked against
// the straightforward queries by app/server/practice-cache.server.test.ts and
// bench/practice.bench.ts.

type CacheItem = { id: string; domainId: string; objectiveId: string | null; rating: number; retired: boolean; sel: SelectorInput["items"][number] };
type ExamCache = {
  code: string;
  stamp: string | null;
  generation: number;
  /** data_version when last brought up to date. */
  version: number;
  /** SyncCounter.seq when last brought up to date. */
  seq: number;
  byId: Map<string, CacheItem>;
  /**
   * Active items as handed to the selector: replaced, never mutated, when an item changes
   * (requests still running keep the old array). Readonly by type, not frozen: see SelectorInput.
   */
  activeItems: SelectorInput["items"] | null;
  /** Position of each active item in activeItems. */
  activeIndex: Map<string, number>;
  /** Changes whenever activeItems is rebuilt (positions may move); a rating change keeps it. */
  layout: number;
};
type CacheLog = { rowid: number; itemId: string; correct: boolean; at: Date; atMs: number; mastery: MasteryAnswer };
type CandidateCache = {
  examGeneration: number;
  version: number;
  /** SyncCounter.seq when the cards were last brought up to date. */
  seq: number;
  /**
   * The newest REVIEW_LOG_WINDOW logs on the exam's items, newest first (ties: later rowid first),
   * and the same as mastery answers. Updated in place: used only while loadSelectorInput runs.
   */
  logs: CacheLog[];
  masteryAnswers: MasteryAnswer[];
  /** Rowid and id of the newest review-log row (any candidate) when last read. */
  logMark: { rowid: number; id: string | null };
  /** The candidate's cards on the exam's items, as the selector gets them: replaced, never mutated (callers may keep it). */
  cards: SelectorInput["cards"];
  /** Position of each card (by card id) in `cards`. */
  cardIndex: Map<string, number>;
  /**
   * The same by item id, for the selector (SelectorInput.cardIndex). Shared by successive `cards`
   * arrays: cards are only appended or replaced in place, so an older array's entries stay right.
   */
  positions: Map<string, number>;
  /**
   * The same by the position of the item in the exam's activeItems (-1: no card), for the
   * selector's item pass; built for one `layout` of the exam, shared like `positions`.
   */
  itemCards: Int32Array | null;
  itemCardsLayout: number;
  /** Objective keys with an answered card (any item of the exam, retired too), for `cards` as `practisedFor`. */
  practised: ReadonlySet<string> | null;
  practisedFor: SelectorInput["cards"] | null;
};

type SelectorData = {
  items: SelectorInput["items"];
  cards: SelectorInput["cards"];
  cardIndex: CardIndex;
  logs: readonly CacheLog[];
  masteryAnswers: readonly MasteryAnswer[];
  ratings: { domainId: string; rating: number }[];
  report: { band: string; level: string; key: string }[] | null;
  plannedDate: Date | null;
  practisedObjectives: ReadonlySet<string>;
};

/** Candidates kept in memory (least recently used dropped first); a heavy one is a few MB. */
const MAX_CACHED_CANDIDATES = 32;
/** Beyond this many new review-log rows (all candidates) a reload is cheaper than the delta. */
const MAX_LOG_DELTA = 20_000;
/** Beyond this many changed item or card rows, likewise. */
const MAX_DELTA_ROWS = 3_000;
type Reader = FileConnection & { stmt: ReturnType<typeof prepareStatements> };

function prepareStatements(db: Database.Database) {
  return {
    dataVersion: db.prepare(`PRAGMA data_version`).pluck(),
    counter: db.prepare(CHANGE_COUNTER_SQL).raw(),
    examStamp: db.prepare(`SELECT updatedAt FROM Exam WHERE id = ?`).pluck(),
    items: db.prepare(`SELECT id, domainId, objectiveId, rating, retired FROM Item WHERE examId = ? ORDER BY domainId, rowid`).raw(),
    itemsSince: db.prepare(`SELECT id, examId, domainId, objectiveId, rating, retired FROM Item WHERE changeSeq > ?`).raw(),
    cards: db.prepare(`SELECT id, itemId, due, stability, state, lastReview FROM Card WHERE userId = ? ORDER BY rowid`).raw(),
    cardsSince: db.prepare(`SELECT id, itemId, due, stability, state, lastReview FROM Card WHERE userId = ? AND changeSeq > ?`).raw(),
    logs: db.prepare(`SELECT rowid, itemId, correct, reviewedAt, score FROM ReviewLog WHERE userId = ? ORDER BY reviewedAt DESC, rowid DESC`).raw(),
    // `+userId`: walk the few new rows by rowid, not the candidate's whole index range.
    logsAfter: db.prepare(`SELECT rowid, itemId, correct, reviewedAt, score FROM ReviewLog WHERE rowid > ? AND +userId = ? ORDER BY rowid`).raw(),
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
  return (globalForReader.__selectorReader = connectionFor(globalForReader.__selectorReader, (file, ino) => {
    examCaches.clear();
    candidateCaches.clear();
    const db = new Database(file, { fileMustExist: true });
    db.pragma("query_only = ON");
    const missing = missingChangeTriggers(db);
    if (missing.length) {
      db.close();
      // A migration that re-creates Item or Card drops their triggers: it must create them again.
      throw new Error(
        `The database ${file} lacks the change-sequence triggers ${missing.join(", ")}, without which practice would show stale data. ` +
          `Apply the migrations (npm start does; or npx prisma migrate deploy); a migration that re-creates Item or Card must create them again (app/server/change-sequence.server.ts).`,
      );
    }
    return { db, stmt: prepareStatements(db), file, ino };
  }));
}

const examCaches = new Map<string, ExamCache>();
const candidateCaches = new Map<string, CandidateCache>(); // insertion order = least recently used first
let examGeneration = 0;
let layoutCounter = 0;
/** `deltaRows`: item and card rows read by refreshes (a reload counts its rows under *Loads only). */
const stats = { requests: 0, unchanged: 0, deltas: 0, candidateLoads: 0, examLoads: 0, deltaRows: 0 };

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

function loadExamItems(r: Reader, code: string, stamp: string | null, version: number, seq: number): ExamCache {
  const byId = new Map<string, CacheItem>();
  for (const [id, domainId, objectiveId, rating, retired] of r.stmt.items.all(code) as [string, string, string | null, number, number][]) {
    byId.set(id, cacheItem(id, domainId, objectiveId, rating, retired === 1));
  }
  stats.examLoads++;
  return { code, stamp, generation: ++examGeneration, version, seq, byId, activeItems: null, activeIndex: new Map(), layout: 0 };
}

function syncExam(r: Reader, code: string, version: number, seq: number, lastDeleteSeq: number): ExamCache {
  let exam = examCaches.get(code);
  if (exam && exam.version === version) return exam;
  const stamp = (r.stmt.examStamp.get(code) as string | undefined) ?? null;
  let reload = !exam || exam.stamp !== stamp || lastDeleteSeq > exam.seq;
  if (exam && !reload && seq !== exam.seq) {
    let retiredChanged = false;
    const ratingChanged: CacheItem[] = [];
    const rows = r.stmt.itemsSince.all(exam.seq) as [string, string, string, string | null, number, number][];
    stats.deltaRows += rows.length;
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
    if (!reload) {
      if (retiredChanged) exam.activeItems = null;
      else if (ratingChanged.length && exam.activeItems) {
        const items = exam.activeItems.slice();
        for (const item of ratingChanged) items[exam.activeIndex.get(item.id)!] = item.sel;
        exam.activeItems = items;
      }
    }
  }
  if (reload) {
    exam = loadExamItems(r, code, stamp, version, seq);
    examCaches.set(code, exam);
  }
  exam!.version = version;
  exam!.seq = seq;
  return exam!;
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
    const items: SelectorItem[] = [];
    exam.activeIndex.clear();
    for (const i of exam.byId.values()) {
      if (i.retired) continue;
      exam.activeIndex.set(i.id, items.length);
      // A fresh object per item, allocated one after another: the selector's pass over 10,000
      // items runs ~1.5x faster over objects that sit together in memory than over the ones
      // made while reading rows, scattered among the rows' garbage (bench/practice.bench.ts).
      const { id, domain, objective, rating } = i.sel;
      i.sel = Object.freeze({ id, domain, objective, rating });
      items.push(i.sel);
    }
    exam.activeItems = items;
    exam.layout = ++layoutCounter;
  }
  return exam.activeItems;
}

type CardRow = [id: string, itemId: string, due: unknown, stability: number, state: number, lastReview: unknown];

/** `item`: the card's item in the exam cache, whose id string the card shares (lookups by id then compare pointers). */
function cardOf(row: CardRow, item: CacheItem): SelectorInput["cards"][number] {
  const [, , dueRaw, stability, state, lastRaw] = row;
  return Object.freeze({ itemId: item.id, due: toDate(dueRaw), stability, state, lastReview: lastRaw === null ? null : toDate(lastRaw) });
}

function cacheLog(rowid: number, correct: boolean, reviewedAt: unknown, item: CacheItem, score: number | null): CacheLog {
  const at = toDate(reviewedAt);
  const itemId = item.id;
  return { rowid, itemId, correct, at, atMs: at.getTime(), mastery: Object.freeze({ itemId, domain: item.sel.domain, correct, score, at }) };
}

function loadCandidate(r: Reader, userId: string, exam: ExamCache, version: number, seq: number): CandidateCache {
  const cards: SelectorCard[] = [];
  const cardIndex = new Map<string, number>();
  const positions = new Map<string, number>();
  for (const row of r.stmt.cards.all(userId) as CardRow[]) {
    const item = exam.byId.get(row[1]);
    if (!item) continue; // another exam's
    cardIndex.set(row[0], cards.length);
    positions.set(item.id, cards.length);
    cards.push(cardOf(row, item));
  }
  const last = r.stmt.lastLog.get() as [number, string] | undefined;
  const logs: CacheLog[] = [];
  for (const [rowid, itemId, correct, reviewedAt, score] of r.stmt.logs.iterate(userId) as Iterable<[number, string, number, unknown, number | null]>) {
    const item = exam.byId.get(itemId);
    if (!item) continue;
    logs.push(cacheLog(rowid, correct === 1, reviewedAt, item, score));
    if (logs.length >= REVIEW_LOG_WINDOW) break;
  }
  stats.candidateLoads++;
  return {
    examGeneration: exam.generation,
    version,
    seq,
    logs,
    masteryAnswers: logs.map((l) => l.mastery),
    logMark: last ? { rowid: last[0], id: last[1] } : { rowid: 0, id: null },
    cards,
    cardIndex,
    positions,
    itemCards: null,
    itemCardsLayout: 0,
    practised: null,
    practisedFor: null,
  };
}

/** The candidate's card position per active item of the exam (see CandidateCache.itemCards). */
function itemCardsOf(c: CandidateCache, exam: ExamCache): Int32Array {
  if (!c.itemCards || c.itemCardsLayout !== exam.layout) {
    const itemCards = new Int32Array(exam.activeIndex.size).fill(-1);
    for (const [itemId, at] of c.positions) {
      const k = exam.activeIndex.get(itemId);
      if (k !== undefined) itemCards[k] = at;
    }
    c.itemCards = itemCards;
    c.itemCardsLayout = exam.layout;
  }
  return c.itemCards;
}

/**
 * Objectives the candidate has answered an item of (a card in a state other than New), over
 * every item of the exam including retired ones; rebuilt only when the cards array changed.
 */
function practisedOf(c: CandidateCache, exam: ExamCache): ReadonlySet<string> {
  if (!c.practised || c.practisedFor !== c.cards) {
    const out = new Set<string>();
    for (const card of c.cards) {
      if (card.state === 0) continue;
      const objective = exam.byId.get(card.itemId)?.sel.objective;
      if (objective !== undefined) out.add(objective);
    }
    c.practised = out;
    c.practisedFor = c.cards;
  }
  return c.practised;
}

/** Newest first; equal times: the later row (higher rowid) first, as the index scan returns them. */
function newerFirst(a: CacheLog, b: CacheLog): number {
  return b.atMs - a.atMs || b.rowid - a.rowid;
}

/** Bring a candidate's cache up to date; false when only a reload will do. */
function syncCandidate(r: Reader, c: CandidateCache, userId: string, exam: ExamCache, seq: number): boolean {
  // Deletes need no check here: any delete reloads the exam (syncExam), and a candidate cache
  // built on an earlier load of the exam is then built again.
  // Review logs: append-only; new rows have a rowid above the newest one seen.
  if (c.logMark.rowid > 0 && r.stmt.logIdAt.get(c.logMark.rowid) !== c.logMark.id) return false;
  const last = r.stmt.lastLog.get() as [number, string] | undefined;
  if (last && last[0] !== c.logMark.rowid) {
    if (last[0] - c.logMark.rowid > MAX_LOG_DELTA) return false;
    for (const [rowid, itemId, correct, reviewedAt, score] of r.stmt.logsAfter.all(c.logMark.rowid, userId) as [number, string, number, unknown, number | null][]) {
      const item = exam.byId.get(itemId);
      if (!item) continue;
      const log = cacheLog(rowid, correct === 1, reviewedAt, item, score);
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

  // Cards: every row inserted or updated since the last refresh, by change number.
  if (seq !== c.seq) {
    const rows = r.stmt.cardsSince.all(userId, c.seq) as CardRow[];
    stats.deltaRows += rows.length;
    if (rows.length > MAX_DELTA_ROWS) return false;
    let cards: SelectorCard[] | null = null;
    for (const row of rows) {
      const item = exam.byId.get(row[1]);
      if (!item) continue; // another exam's
      cards ??= c.cards.slice();
      const at = c.cardIndex.get(row[0]);
      if (at === undefined) {
        if (c.positions.has(item.id)) return false; // a second card for the item (the first deleted): start again
        c.cardIndex.set(row[0], cards.length);
        c.positions.set(item.id, cards.length);
        // Older arrays ignore the new entry (at or past their length), as for `positions`.
        const k = exam.activeItems && c.itemCardsLayout === exam.layout ? exam.activeIndex.get(item.id) : undefined;
        if (k !== undefined) c.itemCards![k] = cards.length;
        else if (!exam.activeItems || c.itemCardsLayout !== exam.layout) c.itemCards = null;
        cards.push(cardOf(row, item));
      } else if (cards[at].itemId !== item.id) return false; // moved to another item: start again
      else cards[at] = cardOf(row, item);
    }
    if (cards) c.cards = cards;
    c.seq = seq;
  }
  return true;
}

function readSelectorData(userId: string, examCode: string): SelectorData {
  const r = reader();
  // One read transaction: every part comes from the same committed state.
  return r.db.transaction((): SelectorData => {
    const version = r.stmt.dataVersion.get() as number;
    const key = `${userId}\n${examCode}`;
    let exam = examCaches.get(examCode);
    let c = candidateCaches.get(key);
    stats.requests++;
    if (exam && c && c.version === version && exam.version === version) stats.unchanged++;
    else {
      const [seq, lastDeleteSeq] = r.stmt.counter.get() as [number, number];
      exam = syncExam(r, examCode, version, seq, lastDeleteSeq);
      if (c) stats.deltas++;
      if (c && (c.examGeneration !== exam.generation || !syncCandidate(r, c, userId, exam, seq))) c = undefined;
      if (!c) c = loadCandidate(r, userId, exam, version, seq);
      c.version = version;
    }
    candidateCaches.delete(key);
    candidateCaches.set(key, c);
    while (candidateCaches.size > MAX_CACHED_CANDIDATES) candidateCaches.delete(candidateCaches.keys().next().value!);

    const reportId = r.stmt.latestReport.get(userId, examCode) as string | undefined;
    const plannedDate = r.stmt.plan.get(userId, examCode) as unknown;
    const items = activeItems(exam);
    return {
      items,
      cards: c.cards,
      cardIndex: { cards: c.cards, positions: c.positions, items, itemCards: itemCardsOf(c, exam) },
      logs: c.logs,
      masteryAnswers: c.masteryAnswers,
      ratings: r.stmt.ratings.all(userId, examCode) as { domainId: string; rating: number }[],
      report: reportId === undefined ? null : (r.stmt.reportResults.all(reportId) as { band: string; level: string; key: string }[]),
      plannedDate: plannedDate === null || plannedDate === undefined ? null : toDate(plannedDate),
      practisedObjectives: practisedOf(c, exam),
    };
  })();
}
