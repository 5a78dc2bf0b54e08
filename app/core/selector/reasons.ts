/**
 * Wording of the facts a selection reason states, computed from real timestamps so a reason is
 * never more or less recent than the history says. Days are UTC calendar days, like "today" in
 * the rest of the app (the review log, the daily plan).
 */
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** UTC calendar days from `thenMs` to `nowMs` (0: the same day). */
export function calendarDaysBetween(thenMs: number, nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) - Math.floor(thenMs / DAY_MS);
}

/**
 * When something happened, as a person says it: "just now", "5 minutes ago", "3 hours ago"
 * (within the last hours of the same day), "today", "yesterday", "4 days ago".
 * A time in the future (clock skew) reads "just now".
 */
export function timeAgo(thenMs: number, nowMs: number): string {
  const elapsed = nowMs - thenMs;
  if (elapsed < MINUTE_MS) return "just now";
  if (elapsed < HOUR_MS) {
    const m = Math.floor(elapsed / MINUTE_MS);
    return `${m} minute${m === 1 ? "" : "s"} ago`;
  }
  const days = calendarDaysBetween(thenMs, nowMs);
  if (days === 0) {
    const h = Math.floor(elapsed / HOUR_MS);
    return h < 6 ? `${h} hour${h === 1 ? "" : "s"} ago` : "today";
  }
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}

/** A span of whole days still to come, rounded up ("1 day", "12 days"). */
export function daysAhead(ms: number): string {
  const d = Math.max(0, Math.ceil(ms / DAY_MS));
  return `${d} day${d === 1 ? "" : "s"}`;
}

/** Why a question is in the mistakes queue: the candidate's latest answer to it was wrong. */
export function mistakeReason(answeredAtMs: number, nowMs: number): string {
  return `Mistake: your last answer (${timeAgo(answeredAtMs, nowMs)}) was wrong`;
}
