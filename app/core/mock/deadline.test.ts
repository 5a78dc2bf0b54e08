import { describe, expect, it } from "vitest";
import { canSaveAnswer, mockDeadline, mockStatus, remainingMs, submissionTime, type MockTiming } from "./deadline";

const started = new Date("2026-06-01T09:00:00Z");
const deadline = mockDeadline(started, 100);
const at = (iso: string) => new Date(iso);
const open: MockTiming = { deadline, submittedAt: null };

describe("mockDeadline and remainingMs", () => {
  it("puts the deadline the mock's minutes after the start", () => {
    expect(deadline.toISOString()).toBe("2026-06-01T10:40:00.000Z");
    expect(mockDeadline(started, 1).getTime() - started.getTime()).toBe(60_000);
    expect(() => mockDeadline(started, 0)).toThrow(RangeError);
    expect(() => mockDeadline(new Date(Number.NaN), 10)).toThrow(RangeError);
  });

  it("counts down to zero and never below", () => {
    expect(remainingMs(deadline, started)).toBe(100 * 60_000);
    expect(remainingMs(deadline, at("2026-06-01T10:39:59.000Z"))).toBe(1000);
    expect(remainingMs(deadline, deadline)).toBe(0);
    expect(remainingMs(deadline, at("2026-06-02T00:00:00Z"))).toBe(0);
  });
});

describe("mockStatus and canSaveAnswer", () => {
  it("is open before the deadline and saves answers", () => {
    const justBefore = new Date(deadline.getTime() - 1);
    expect(mockStatus(open, started)).toBe("open");
    expect(mockStatus(open, justBefore)).toBe("open");
    expect(canSaveAnswer(open, justBefore)).toEqual({ ok: true });
  });

  it("refuses answers from the deadline itself on: no grace period", () => {
    for (const now of [deadline, new Date(deadline.getTime() + 1), at("2026-06-03T12:00:00Z")]) {
      expect(mockStatus(open, now)).toBe("expired");
      expect(canSaveAnswer(open, now)).toEqual({
        ok: false,
        reason: "expired",
        message: "Time is up: the mock was submitted at its deadline (10:40 UTC), so this answer was not saved.",
      });
    }
  });

  it("refuses answers once submitted, before or after the deadline", () => {
    const submitted: MockTiming = { deadline, submittedAt: at("2026-06-01T10:00:00Z") };
    for (const now of [at("2026-06-01T10:05:00Z"), deadline, at("2026-06-01T12:00:00Z")]) {
      expect(mockStatus(submitted, now)).toBe("submitted");
      expect(canSaveAnswer(submitted, now)).toEqual({
        ok: false,
        reason: "submitted",
        message: "This mock has already been submitted; answers can no longer change.",
      });
    }
  });
});

describe("submissionTime", () => {
  it("is now for a mock submitted in time, and the deadline for one that ran out", () => {
    expect(submissionTime(open, at("2026-06-01T10:00:00Z")).toISOString()).toBe("2026-06-01T10:00:00.000Z");
    expect(submissionTime(open, deadline).getTime()).toBe(deadline.getTime());
    // The candidate came back the next day: the mock counts as submitted at 10:40.
    expect(submissionTime(open, at("2026-06-02T08:00:00Z")).getTime()).toBe(deadline.getTime());
  });

  it("keeps the time of a mock already submitted", () => {
    const submittedAt = at("2026-06-01T09:30:00Z");
    expect(submissionTime({ deadline, submittedAt }, at("2026-06-01T11:00:00Z")).getTime()).toBe(submittedAt.getTime());
  });
});
