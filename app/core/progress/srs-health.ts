/**
 * Spaced-repetition health for the progress page: how many items are learned, the true
 * retention of due reviews against the desired retention, the reviews coming due, and the
 * practice streak. Days are the candidate's local calendar days (`tzOffsetMinutes`).
 */

export type HealthCard = { state: number; due: Date; stability: number; lastReview: Date | null };
export type HealthLog = { reviewedAt: Date; correct: boolean; stateBefore: number; dueBefore: Date | null };

export type SrsHealth = {
  /** Cards in the Review state (FSRS state 2). */
  learned: number;
  cards: number;
  /** Due reviews of Review-state cards in the last 30 days, and the share answered right. */
  retention30d: { due: number; correct: number; rate: number | null };
  desiredRetention: number;
  /** Next 14 local days from today (overdue counted today), stopping at the retake date's day. */
  forecast: { date: string; due: number }[];
  /** Consecutive days with an answer, ending today, or yesterday when nothing yet today. */
  streakDays: number;
  practisedToday: boolean;
};

export type SrsHealthInput = {
  cards: readonly HealthCard[];
  logs: readonly HealthLog[];
  desiredRetention: number;
  retakeDate: Date | null;
  now: Date;
  /** Minutes east of UTC (UTC+2 → 120, i.e. −Date#getTimezoneOffset()). Default 0. */
  tzOffsetMinutes?: number;
};

const DAY_MS = 86_400_000;
export const RETENTION_WINDOW_DAYS = 30;
export const FORECAST_DAYS = 14;
const REVIEW_STATE = 2;
const NEW_STATE = 0;

function isDate(d: unknown): d is Date {
  return d instanceof Date && Number.isFinite(d.getTime());
}

export function srsHealth(input: SrsHealthInput): SrsHealth {
  const offsetMs = (input.tzOffsetMinutes ?? 0) * 60_000;
  const localDay = (ms: number) => new Date(ms + offsetMs).toISOString().slice(0, 10);
  const addDays = (key: string, n: number) => new Date(Date.parse(`${key}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
  const nowMs = input.now.getTime();
  const today = localDay(nowMs);

  // True retention: only reviews that were due, of cards already in Review (a learning step or
  // an early look says little about recall at the scheduled time). Due "today" counts whatever
  // the hour, as the candidate sees it.
  const since = nowMs - RETENTION_WINDOW_DAYS * DAY_MS;
  let due = 0;
  let correct = 0;
  for (const l of input.logs) {
    if (!isDate(l.reviewedAt) || l.stateBefore !== REVIEW_STATE || !isDate(l.dueBefore)) continue;
    const t = l.reviewedAt.getTime();
    if (t < since || t > nowMs) continue;
    if (localDay(t) < localDay(l.dueBefore.getTime())) continue;
    due++;
    if (l.correct) correct++;
  }

  // The forecast stops at the retake: nothing after the exam is worth planning for it. A past
  // retake date no longer caps (the scheduler does the same).
  const retake =
    input.retakeDate && isDate(input.retakeDate) && input.retakeDate.getTime() > nowMs
      ? localDay(input.retakeDate.getTime())
      : null;
  const days: string[] = [];
  for (let i = 0; i < FORECAST_DAYS; i++) {
    const key = addDays(today, i);
    if (retake && key > retake) break;
    days.push(key);
  }
  const counts = new Map(days.map((k) => [k, 0]));
  for (const c of input.cards) {
    if (c.state === NEW_STATE || !isDate(c.due)) continue;
    const key = localDay(c.due.getTime());
    const slot = key < today ? today : key;
    const n = counts.get(slot);
    if (n !== undefined) counts.set(slot, n + 1);
  }

  const practisedDays = new Set(
    input.logs
      .filter((l) => isDate(l.reviewedAt) && l.reviewedAt.getTime() <= nowMs)
      .map((l) => localDay(l.reviewedAt.getTime())),
  );
  const practisedToday = practisedDays.has(today);
  let streakDays = 0;
  for (let key = practisedToday ? today : addDays(today, -1); practisedDays.has(key); key = addDays(key, -1)) streakDays++;

  return {
    learned: input.cards.filter((c) => c.state === REVIEW_STATE).length,
    cards: input.cards.length,
    retention30d: { due, correct, rate: due > 0 ? correct / due : null },
    desiredRetention: input.desiredRetention,
    forecast: days.map((date) => ({ date, due: counts.get(date) ?? 0 })),
    streakDays,
    practisedToday,
  };
}
