/**
 * Calendar dates on score reports. Output is always an ISO day, YYYY-MM-DD.
 *
 * Accepted spellings: ISO "2026-11-03" (also 2026/11/03, 2026.11.03); month names in English
 * ("Nov 3, 2026", "November 3rd 2026", "3 Nov 2026", "03-Nov-2026", "Tuesday, 3 November
 * 2026"); numeric "03/11/2026", "3.11.2026", "03-11-26" (two-digit years are 20xx).
 *
 * Ambiguity rule for numeric dates: when only one reading (day/month or month/day) is a valid
 * calendar date, it is used. When both are valid, the one that is not in the future is used;
 * if both are in the past (or both in the future) the date is left empty with a warning that
 * asks the candidate to enter it: we'd rather ask than guess a locale.
 *
 * "Future" is judged generously: a day is in the future only if it is after today's date
 * anywhere on Earth (UTC+14), so a candidate east of UTC is never told their exam day is
 * in the future.
 */

const MONTHS = [
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
];
const MONTH_RE = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

function monthIndex(name: string): number {
  const n = name.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(n)) + 1;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** "2026-11-03" if y-m-d is a real calendar day (years 1900-2199), else null. */
export function isoFromParts(year: number, month: number, day: number): string | null {
  if (![year, month, day].every(Number.isInteger)) return null;
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isValidIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!m && isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/** The latest calendar day that is "today" somewhere on Earth (UTC+14) at `now`. */
export function latestToday(now: Date): string {
  const t = now.getTime();
  const base = Number.isFinite(t) ? t : Date.now();
  return new Date(base + 14 * 3600_000).toISOString().slice(0, 10);
}

/** True if the ISO day is after today everywhere on Earth. */
export function isFutureDay(iso: string, now: Date): boolean {
  return iso > latestToday(now);
}

/** "3 November 2026" for messages. */
export function humanDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m - 1][0].toUpperCase()}${MONTHS[m - 1].slice(1)} ${y}`;
}

export type FoundDate = { raw: string; candidates: string[] };

function fullYear(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

/** Every date-looking token of one line, in order of appearance. */
export function datesInLine(line: string): FoundDate[] {
  const found: { index: number; raw: string; candidates: string[] }[] = [];
  const taken: [number, number][] = [];
  const overlaps = (start: number, end: number) => taken.some(([s, e]) => start < e && end > s);
  const add = (m: RegExpExecArray, candidates: (string | null)[]) => {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) return;
    taken.push([start, end]);
    const unique = [...new Set(candidates.filter((c): c is string => c !== null))];
    if (unique.length > 0) found.push({ index: start, raw: m[0].trim(), candidates: unique });
  };
  const run = (re: RegExp, f: (m: RegExpExecArray) => (string | null)[]) => {
    for (const m of line.matchAll(re)) add(m as RegExpExecArray, f(m as RegExpExecArray));
  };
  run(/(?<![\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])/g, (m) => [
    isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])),
  ]);
  run(new RegExp(`\\b${MONTH_RE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?![\\d])`, "gi"), (m) => [
    isoFromParts(Number(m[3]), monthIndex(m[1]), Number(m[2])),
  ]);
  run(new RegExp(`(?<![\\d])(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?[\\s\\-/.]+${MONTH_RE}\\.?,?[\\s\\-/.]+(\\d{4}|\\d{2})(?![\\d])`, "gi"), (m) => [
    isoFromParts(fullYear(m[3]), monthIndex(m[2]), Number(m[1])),
  ]);
  run(/(?<![\d.\/-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d]|[/.-]\d)/g, (m) => {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(m[4]);
    return [isoFromParts(y, b, a), isoFromParts(y, a, b)];
  });
  return found.sort((x, y) => x.index - y.index).map(({ raw, candidates }) => ({ raw, candidates }));
}

function linePriority(line: string): number {
  if (/birth|\bdob\b|expir|valid\s+(until|through|to)|print|generat|issued|download|renew|registered/i.test(line)) return 0;
  if (/(exam|test|appointment)\s*(date|taken|day)|date\s*(of\s*)?(the\s*)?(exam|test)|taken\s+on|\bsat\s+on|completed\s+on/i.test(line)) return 3;
  if (/\bdate\b/i.test(line)) return 2;
  return 1;
}

export type DateScan = { date: string | null; warnings: string[] };

/**
 * The exam date of a report: the first date on the most date-like line ("Exam date: ..."
 * beats a bare date, which beats "Printed on ..."/"Date of birth ...").
 */
export function findReportDate(lines: readonly string[], now: Date): DateScan {
  let best: { priority: number; found: FoundDate } | null = null;
  for (const line of lines) {
    const found = datesInLine(line);
    if (found.length === 0) continue;
    const priority = linePriority(line);
    if (!best || priority > best.priority) best = { priority, found: found[0] };
  }
  if (!best) return { date: null, warnings: [] };
  const { raw, candidates } = best.found;
  if (candidates.length === 1) {
    const date = candidates[0];
    const warnings = isFutureDay(date, now) ? [`The date on the report (${raw}) is in the future; check it.`] : [];
    return { date, warnings };
  }
  const notFuture = candidates.filter((c) => !isFutureDay(c, now));
  if (notFuture.length === 1) return { date: notFuture[0], warnings: [] };
  const readings = candidates.map(humanDate).join(" or ");
  return {
    date: null,
    warnings: [`The date "${raw}" could be ${readings}; enter the exam date yourself.`],
  };
}
