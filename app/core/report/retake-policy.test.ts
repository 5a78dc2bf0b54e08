import { describe, expect, it } from "vitest";
import { addMonthsUTC, checkPlannedDate, checkPlannedDay, retakeStatus, type Attempt } from "./retake-policy";
import { AZ104, GARDEN } from "./test-exams";

const policy = AZ104.retakePolicy; // 24 h, 14 days, 5 in 12 months, no retake after pass
const t = (iso: string) => new Date(iso);
const H = 3600_000;
const fail = (iso: string): Attempt => ({ date: t(iso), passed: false });
const pass = (iso: string): Attempt => ({ date: t(iso), passed: true });
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe("retakeStatus", () => {
  it("no attempts: can book now", () => {
    const s = retakeStatus(policy, [], t("2026-01-01T00:00:00Z"));
    expect(s).toMatchObject({ passed: false, attemptsInWindow: 0, attemptsRemaining: 5, nextAllowedAt: null, canAttemptNow: true });
    expect(s.windowStart).toBeNull();
  });

  it("after a first fail: exactly 24 h later is allowed, 23h59 is not", () => {
    const first = fail("2026-03-10T09:30:00Z");
    const before = retakeStatus(policy, [first], plus(first.date, 23 * H + 59 * 60_000));
    expect(before.canAttemptNow).toBe(false);
    expect(before.nextAllowedAt).toEqual(t("2026-03-11T09:30:00Z"));
    expect(before.reason).toBe("After a first failed attempt you must wait 24 hours: you can retake from 2026-03-11 09:30 UTC.");
    const exactly = retakeStatus(policy, [first], plus(first.date, 24 * H));
    expect(exactly.canAttemptNow).toBe(true);
    expect(exactly).toMatchObject({
      attemptsInWindow: 1,
      attemptsRemaining: 4,
      windowStart: first.date,
      windowEnd: t("2027-03-10T09:30:00Z"),
    });
  });

  it("after a second fail: exactly 14 days later is allowed, a minute earlier is not", () => {
    const attempts = [fail("2026-03-11T10:00:00Z"), fail("2026-03-10T09:00:00Z")]; // any order
    const second = attempts[0].date;
    const early = retakeStatus(policy, attempts, plus(second, 14 * 24 * H - 60_000));
    expect(early.canAttemptNow).toBe(false);
    expect(early.nextAllowedAt).toEqual(t("2026-03-25T10:00:00Z"));
    expect(early.reason).toContain("wait 14 days");
    expect(retakeStatus(policy, attempts, plus(second, 14 * 24 * H)).canAttemptNow).toBe(true);
  });

  it("five attempts in 12 months: the sixth waits for the window's end", () => {
    const attempts = [
      fail("2026-01-05T10:00:00Z"),
      fail("2026-01-06T10:00:00Z"),
      fail("2026-01-20T10:00:00Z"),
      fail("2026-02-03T10:00:00Z"),
      fail("2026-02-17T10:00:00Z"),
    ];
    const s = retakeStatus(policy, attempts, t("2026-06-01T00:00:00Z"));
    expect(s).toMatchObject({ attemptsInWindow: 5, attemptsRemaining: 0, canAttemptNow: false });
    expect(s.windowEnd).toEqual(t("2027-01-05T10:00:00Z"));
    expect(s.nextAllowedAt).toEqual(t("2027-01-05T10:00:00Z"));
    expect(s.reason).toBe(
      "You have used all 5 attempts allowed in 12 months (from 2026-01-05): you can retake from 2027-01-05 10:00 UTC.",
    );
  });

  it("window rollover: after the window ends, all attempts are available and a new window starts at the next attempt", () => {
    const old = [fail("2025-01-05T10:00:00Z"), fail("2025-01-06T10:00:00Z"), fail("2025-01-20T10:00:00Z")];
    const s = retakeStatus(policy, old, t("2026-01-05T10:00:00Z"));
    expect(s).toMatchObject({ attemptsInWindow: 0, attemptsRemaining: 5, windowStart: null, windowEnd: null, canAttemptNow: true });
    expect(s.reason).toContain("new 12-month window");
    // The next attempt opens a new window of its own.
    const next = [...old, fail("2026-02-01T10:00:00Z")];
    const s2 = retakeStatus(policy, next, t("2026-03-01T00:00:00Z"));
    expect(s2).toMatchObject({ attemptsInWindow: 1, attemptsRemaining: 4, windowStart: t("2026-02-01T10:00:00Z") });
    expect(s2.windowEnd).toEqual(t("2027-02-01T10:00:00Z"));
  });

  it("counts windows from each window's first attempt, not a sliding year", () => {
    const attempts = [
      fail("2025-01-05T10:00:00Z"),
      fail("2025-12-20T10:00:00Z"), // window 1 (ends 2026-01-05)
      fail("2026-01-10T10:00:00Z"), // opens window 2
      fail("2026-01-30T10:00:00Z"),
    ];
    const s = retakeStatus(policy, attempts, t("2026-03-01T00:00:00Z"));
    expect(s.windowStart).toEqual(t("2026-01-10T10:00:00Z"));
    expect(s.attemptsInWindow).toBe(2);
  });

  it("a passed exam cannot be retaken", () => {
    const s = retakeStatus(policy, [fail("2026-01-05T10:00:00Z"), pass("2026-01-07T10:00:00Z")], t("2026-06-01T00:00:00Z"));
    expect(s).toMatchObject({ passed: true, canAttemptNow: false, nextAllowedAt: null, attemptsRemaining: 0 });
    expect(s.reason).toBe("You passed this exam on 2026-01-07; a passed exam can't be retaken (unless the certification has expired).");
  });

  it("follows another exam's policy data (48 h, 30 days, 3 in 6 months, retake after pass allowed)", () => {
    const p = { ...GARDEN.retakePolicy, retakeAfterPass: true };
    const first = fail("2026-01-01T00:00:00Z");
    expect(retakeStatus(p, [first], t("2026-01-02T23:59:00Z")).canAttemptNow).toBe(false);
    expect(retakeStatus(p, [first], t("2026-01-03T00:00:00Z")).canAttemptNow).toBe(true);
    const three = [first, fail("2026-01-03T00:00:00Z"), pass("2026-02-02T00:00:00Z")];
    const s = retakeStatus(p, three, t("2026-03-01T00:00:00Z"));
    expect(s).toMatchObject({ passed: true, attemptsInWindow: 3, canAttemptNow: false });
    expect(s.nextAllowedAt).toEqual(t("2026-07-01T00:00:00Z"));
  });

  it("after a pass (when retakes are allowed) the next fail counts as a first fail again", () => {
    const p = { ...GARDEN.retakePolicy, retakeAfterPass: true, maxAttempts: 10 };
    const attempts = [fail("2026-01-01T00:00:00Z"), pass("2026-02-01T00:00:00Z"), fail("2026-03-01T00:00:00Z")];
    expect(retakeStatus(p, attempts, t("2026-03-04T00:00:00Z")).nextAllowedAt).toEqual(t("2026-03-03T00:00:00Z"));
  });

  it("ignores attempts without a valid date", () => {
    const s = retakeStatus(policy, [{ date: new Date("nope"), passed: false }, null as never], t("2026-01-01T00:00:00Z"));
    expect(s.canAttemptNow).toBe(true);
    expect(s.attemptsInWindow).toBe(0);
  });
});

describe("checkPlannedDate", () => {
  const now = t("2026-03-10T12:00:00Z");
  it("refuses past dates", () => {
    expect(checkPlannedDate(policy, [], t("2026-03-09T12:00:00Z"), now)).toEqual({ ok: false, reason: "The planned date is in the past." });
    expect(checkPlannedDate(policy, [], new Date("x"), now)).toMatchObject({ ok: false });
    expect(checkPlannedDate(policy, [], now, now)).toEqual({ ok: true });
  });

  it("refuses dates before the wait ends, with the earliest date", () => {
    const attempts = [fail("2026-03-10T09:00:00Z")];
    expect(checkPlannedDate(policy, attempts, t("2026-03-11T08:59:00Z"), now)).toEqual({
      ok: false,
      reason: "Too soon: you must wait 24 hours after a first failed attempt; the earliest is 2026-03-11 09:00 UTC.",
      earliest: t("2026-03-11T09:00:00Z"),
    });
    expect(checkPlannedDate(policy, attempts, t("2026-03-11T09:00:00Z"), now)).toEqual({ ok: true });
    const two = [fail("2026-03-01T09:00:00Z"), fail("2026-03-10T09:00:00Z")];
    const r = checkPlannedDate(policy, two, t("2026-03-20T09:00:00Z"), now);
    expect(r).toMatchObject({ ok: false, earliest: t("2026-03-24T09:00:00Z") });
    expect(checkPlannedDate(policy, two, t("2026-03-24T09:00:00Z"), now)).toEqual({ ok: true });
  });

  it("refuses a sixth attempt within 12 months; earliest is the window end", () => {
    const five = [
      fail("2026-01-05T10:00:00Z"),
      fail("2026-01-06T10:00:00Z"),
      fail("2026-01-20T10:00:00Z"),
      fail("2026-02-03T10:00:00Z"),
      fail("2026-02-17T10:00:00Z"),
    ];
    const r = checkPlannedDate(policy, five, t("2026-06-01T09:00:00Z"), now);
    expect(r).toEqual({
      ok: false,
      reason: "All 5 attempts in the 12 months from 2026-01-05 are used: the earliest date is 2027-01-05 10:00 UTC.",
      earliest: t("2027-01-05T10:00:00Z"),
    });
    expect(checkPlannedDate(policy, five, t("2027-01-05T09:59:59Z"), now).ok).toBe(false);
    expect(checkPlannedDate(policy, five, t("2027-01-05T10:00:00Z"), now)).toEqual({ ok: true });
    // The fifth attempt itself was fine.
    expect(checkPlannedDate(policy, five.slice(0, 4), t("2026-02-17T10:00:00Z"), t("2026-02-10T00:00:00Z"))).toEqual({ ok: true });
  });

  it("refuses any date after a pass", () => {
    const r = checkPlannedDate(policy, [pass("2026-03-01T10:00:00Z")], t("2026-09-01T10:00:00Z"), now);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain("can't be retaken");
      expect(r.earliest).toBeUndefined();
    }
  });
});

describe("addMonthsUTC", () => {
  it("adds calendar months and clamps month ends", () => {
    expect(addMonthsUTC(t("2026-01-31T08:00:00Z"), 1)).toEqual(t("2026-02-28T08:00:00Z"));
    expect(addMonthsUTC(t("2028-02-29T00:00:00Z"), 12)).toEqual(t("2029-02-28T00:00:00Z"));
    expect(addMonthsUTC(t("2026-11-15T23:59:59Z"), 12)).toEqual(t("2027-11-15T23:59:59Z"));
  });
});

describe("checkPlannedDay", () => {
  const now = t("2026-03-10T15:00:00Z");
  it("accepts today when an attempt is allowed today (any hour), refuses yesterday naming today", () => {
    expect(checkPlannedDay(policy, [], "2026-03-10", now)).toEqual({ ok: true });
    expect(checkPlannedDay(policy, [fail("2026-02-01T09:00:00Z")], "2026-03-10", now)).toEqual({ ok: true });
    expect(checkPlannedDay(policy, [], "2026-03-09", now)).toEqual({
      ok: false,
      reason: "2026-03-09 is in the past. The earliest date you can plan is 2026-03-10 (today).",
      earliestDay: "2026-03-10",
    });
  });

  it("names the earliest allowed day from the retake policy", () => {
    const two = [fail("2026-03-01T09:00:00Z"), fail("2026-03-10T09:00:00Z")];
    const r = checkPlannedDay(policy, two, "2026-03-12", now);
    expect(r).toMatchObject({ ok: false, earliestDay: "2026-03-24" });
    if (!r.ok) expect(r.reason).toContain("The earliest date you can plan is 2026-03-24.");
    expect(checkPlannedDay(policy, two, "2026-03-10", now)).toMatchObject({ ok: false, earliestDay: "2026-03-24" });
    expect(checkPlannedDay(policy, two, "2026-03-24", now)).toEqual({ ok: true, note: "On 2026-03-24 you can retake from 09:00 UTC." });
  });

  it("refuses impossible dates and any date after a pass", () => {
    expect(checkPlannedDay(policy, [], "2026-02-30", now).ok).toBe(false);
    expect(checkPlannedDay(policy, [pass("2026-03-01T10:00:00Z")], "2026-09-01", now).ok).toBe(false);
  });
});
