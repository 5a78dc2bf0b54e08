/**
 * Retake rules from an exam's `retakePolicy` (data, e.g. Microsoft: 24 hours after a first
 * fail, 14 days after later fails, at most 5 attempts in 12 months, no retake after a pass).
 *
 * Decisions:
 *  - Times are exact instants; "24 hours" is 24 * 3600 s after the failed attempt's time and
 *    "14 days" is 14 * 24 h (no calendar/DST arithmetic), so exactly 24 h later is allowed.
 *  - "First fail" means the only failed attempt since the last pass (or ever). A candidate's
 *    second fail waits afterLaterFailDays even if the first was in an earlier window: the
 *    policy speaks of the first and later attempts, and we'd rather be strict than suggest a
 *    booking the exam provider refuses.
 *  - Windows: the first attempt opens a window of `windowMonths` calendar months (UTC; a
 *    31st rolls back to the month's last day). Attempts before the window's end count in
 *    it; the first attempt at or after the end opens the next window. Once the current
 *    window has ended, there is no window until the next attempt (windowStart/End null) and
 *    all attempts are available again.
 *  - A pass ends it unless `retakeAfterPass` is true.
 * Attempts can be given in any order; entries without a valid date are ignored. Never throws.
 */
import type { ExamDefinition } from "../content/schema";

export type RetakePolicy = ExamDefinition["retakePolicy"];
export type Attempt = { date: Date; passed: boolean };

export type RetakeStatus = {
  passed: boolean;
  attemptsInWindow: number;
  attemptsRemaining: number;
  windowStart: Date | null;
  windowEnd: Date | null;
  /** When the next attempt is allowed (may be in the past); null if none yet or never. */
  nextAllowedAt: Date | null;
  canAttemptNow: boolean;
  reason: string;
};

export type PlannedDateCheck = { ok: true } | { ok: false; reason: string; earliest?: Date };

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Adds calendar months in UTC, clamping the day to the target month's length. */
export function addMonthsUTC(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return target;
}

/** "2026-11-04 09:30 UTC" */
export function formatInstant(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function isDate(d: unknown): d is Date {
  return d instanceof Date && Number.isFinite(d.getTime());
}

function clean(attempts: unknown): Attempt[] {
  if (!Array.isArray(attempts)) return [];
  return attempts
    .filter((a): a is Attempt => !!a && typeof a === "object" && isDate((a as Attempt).date))
    .map((a) => ({ date: a.date, passed: a.passed === true }))
    .sort((a, b) => a.date.getTime() - b.date.getTime());
}

type Analysis = {
  policy: RetakePolicy;
  attempts: Attempt[];
  passedAttempt: Attempt | null;
  window: { start: Date; end: Date; count: number } | null;
  /** Earliest next attempt by the waiting rules alone. */
  waitUntil: Date | null;
  waitRule: "first" | "later" | null;
};

function analyse(policy: RetakePolicy, input: unknown, now: Date): Analysis {
  const attempts = clean(input);
  let window: Analysis["window"] = null;
  for (const a of attempts) {
    if (!window || a.date.getTime() >= window.end.getTime()) {
      window = { start: a.date, end: addMonthsUTC(a.date, policy.windowMonths), count: 1 };
    } else window.count += 1;
  }
  if (window && now.getTime() >= window.end.getTime()) window = null;

  const passedAttempt = [...attempts].reverse().find((a) => a.passed) ?? null;
  const last = attempts[attempts.length - 1] ?? null;
  let waitUntil: Date | null = null;
  let waitRule: Analysis["waitRule"] = null;
  if (last && !last.passed) {
    const sincePass = passedAttempt ? attempts.filter((a) => a.date.getTime() > passedAttempt.date.getTime()) : attempts;
    const fails = sincePass.filter((a) => !a.passed).length;
    waitRule = fails <= 1 ? "first" : "later";
    const wait = waitRule === "first" ? policy.afterFirstFailHours * HOUR : policy.afterLaterFailDays * DAY;
    waitUntil = new Date(last.date.getTime() + wait);
  } else if (last) {
    waitUntil = last.date;
  }
  return { policy, attempts, passedAttempt, window, waitUntil, waitRule };
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function retakeStatus(policy: RetakePolicy, attempts: Attempt[], now: Date): RetakeStatus {
  const at = isDate(now) ? now : new Date();
  const a = analyse(policy, attempts, at);
  const max = policy.maxAttempts;
  const inWindow = a.window?.count ?? 0;
  const base = {
    passed: a.passedAttempt !== null,
    attemptsInWindow: inWindow,
    attemptsRemaining: Math.max(0, max - inWindow),
    windowStart: a.window?.start ?? null,
    windowEnd: a.window?.end ?? null,
  };

  if (a.attempts.length === 0) {
    return {
      ...base,
      nextAllowedAt: null,
      canAttemptNow: true,
      reason: `No attempts yet: you can take the exam now (at most ${max} attempts in ${policy.windowMonths} months).`,
    };
  }
  if (a.passedAttempt && !policy.retakeAfterPass) {
    return {
      ...base,
      attemptsRemaining: 0,
      nextAllowedAt: null,
      canAttemptNow: false,
      reason: `You passed this exam on ${day(a.passedAttempt.date)}; a passed exam can't be retaken (unless the certification has expired).`,
    };
  }

  const windowFull = a.window !== null && a.window.count >= max;
  const candidates = [a.waitUntil, windowFull ? a.window!.end : null].filter((d): d is Date => d !== null);
  const next = new Date(Math.max(...candidates.map((d) => d.getTime())));
  const canAttemptNow = at.getTime() >= next.getTime();

  let reason: string;
  if (canAttemptNow) {
    reason = a.window
      ? `You can retake now: ${base.attemptsRemaining} of ${max} attempts left until ${day(a.window.end)}.`
      : `You can retake now; your next attempt starts a new ${policy.windowMonths}-month window of ${max} attempts.`;
  } else if (windowFull && next.getTime() === a.window!.end.getTime()) {
    reason = `You have used all ${max} attempts allowed in ${policy.windowMonths} months (from ${day(a.window!.start)}): you can retake from ${formatInstant(next)}.`;
  } else if (a.waitRule === "first") {
    reason = `After a first failed attempt you must wait ${policy.afterFirstFailHours} hours: you can retake from ${formatInstant(next)}.`;
  } else {
    reason = `After a second or later failed attempt you must wait ${policy.afterLaterFailDays} days: you can retake from ${formatInstant(next)}.`;
  }
  return { ...base, nextAllowedAt: next, canAttemptNow, reason };
}

/**
 * Whether an attempt at `planned` would be allowed: refuses past dates, dates before the
 * waiting period ends, and dates in a window whose attempts are used up (earliest = the
 * window's end, or later if a wait still applies then).
 */
export function checkPlannedDate(policy: RetakePolicy, attempts: Attempt[], planned: Date, now: Date): PlannedDateCheck {
  if (!isDate(planned)) return { ok: false, reason: "The planned date is not a valid date." };
  const at = isDate(now) ? now : new Date();
  if (planned.getTime() < at.getTime()) return { ok: false, reason: "The planned date is in the past." };
  const status = retakeStatus(policy, attempts, at);
  if (status.passed && !policy.retakeAfterPass) return { ok: false, reason: status.reason };
  const a = analyse(policy, attempts, at);
  if (a.window && a.window.count >= policy.maxAttempts && planned.getTime() < a.window.end.getTime()) {
    const earliest = status.nextAllowedAt ?? a.window.end;
    return {
      ok: false,
      reason: `All ${policy.maxAttempts} attempts in the ${policy.windowMonths} months from ${day(a.window.start)} are used: the earliest date is ${formatInstant(earliest)}.`,
      earliest,
    };
  }
  if (status.nextAllowedAt && planned.getTime() < status.nextAllowedAt.getTime()) {
    const rule =
      a.waitRule === "first"
        ? `${policy.afterFirstFailHours} hours after a first failed attempt`
        : `${policy.afterLaterFailDays} days after a second or later failed attempt`;
    return {
      ok: false,
      reason: `Too soon: you must wait ${rule}; the earliest is ${formatInstant(status.nextAllowedAt)}.`,
      earliest: status.nextAllowedAt,
    };
  }
  return { ok: true };
}

export type PlannedDayCheck = { ok: true; note?: string } | { ok: false; reason: string; earliestDay?: string };

/**
 * Whether a planned attempt on a calendar day (YYYY-MM-DD, UTC) is allowed. Today is allowed
 * when the rules allow an attempt today; a day on which the wait ends is allowed (from the hour
 * the wait ends, said in `note`). Every refusal names the earliest allowed day.
 */
export function checkPlannedDay(policy: RetakePolicy, attempts: Attempt[], dayIso: string, now: Date): PlannedDayCheck {
  const planned = new Date(`${dayIso}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dayIso) || !isDate(planned) || day(planned) !== dayIso) {
    return { ok: false, reason: "Enter the planned date as a real date, like 2026-12-20." };
  }
  const at = isDate(now) ? now : new Date();
  const status = retakeStatus(policy, attempts, at);
  if (status.passed && !policy.retakeAfterPass) return { ok: false, reason: status.reason };
  const today = day(at);
  const next = status.nextAllowedAt && status.nextAllowedAt.getTime() > at.getTime() ? status.nextAllowedAt : null;
  const earliestDay = next && day(next) > today ? day(next) : today;
  if (dayIso < today) {
    return { ok: false, reason: `${dayIso} is in the past. The earliest date you can plan is ${earliestDay}${earliestDay === today ? " (today)" : ""}.`, earliestDay };
  }
  if (dayIso < earliestDay) {
    return { ok: false, reason: `Too early: ${status.reason} The earliest date you can plan is ${earliestDay}.`, earliestDay };
  }
  if (next && dayIso === day(next)) return { ok: true, note: `On ${dayIso} you can retake from ${formatInstant(next).slice(11)}.` };
  return { ok: true };
}
