/**
 * Mock-exam timing. The deadline is fixed when the mock starts and owned by the server; the
 * clock is always passed in, so the rules are testable and the same in every process.
 * No grace period: from the deadline on, answers are refused (docs/mock-exams.md, "Timing").
 */

const MINUTE_MS = 60_000;

export function mockDeadline(startedAt: Date, minutes: number): Date {
  if (!Number.isFinite(startedAt.getTime())) throw new RangeError("mockDeadline: startedAt is not a valid date");
  if (!Number.isFinite(minutes) || minutes <= 0) throw new RangeError(`mockDeadline: minutes must be positive, not ${minutes}`);
  return new Date(startedAt.getTime() + minutes * MINUTE_MS);
}

/** Milliseconds left before the deadline; 0 once it has passed, never negative. */
export function remainingMs(deadline: Date, now: Date): number {
  return Math.max(0, deadline.getTime() - now.getTime());
}

export type MockTiming = { deadline: Date; submittedAt: Date | null };
export type MockStatus = "open" | "expired" | "submitted";

/** "expired" = the deadline has been reached and the mock is not yet submitted (finalising it makes it "submitted"). */
export function mockStatus(m: MockTiming, now: Date): MockStatus {
  if (m.submittedAt !== null) return "submitted";
  return now.getTime() >= m.deadline.getTime() ? "expired" : "open";
}

const hhmmUtc = (d: Date) => d.toISOString().slice(11, 16);

export type SaveCheck = { ok: true } | { ok: false; reason: "expired" | "submitted"; message: string };

export function canSaveAnswer(m: MockTiming, now: Date): SaveCheck {
  const status = mockStatus(m, now);
  if (status === "submitted")
    return { ok: false, reason: "submitted", message: "This mock has already been submitted; answers can no longer change." };
  if (status === "expired") {
    return {
      ok: false,
      reason: "expired",
      message: `Time is up: the mock was submitted at its deadline (${hhmmUtc(m.deadline)} UTC), so this answer was not saved.`,
    };
  }
  return { ok: true };
}

/**
 * When a mock that ran out is finalised, its submission time is the deadline, not the time the
 * candidate came back: min(now, deadline). A mock already submitted keeps its submission time.
 */
export function submissionTime(m: MockTiming, now: Date): Date {
  if (m.submittedAt !== null) return new Date(m.submittedAt.getTime());
  return new Date(Math.min(now.getTime(), m.deadline.getTime()));
}
