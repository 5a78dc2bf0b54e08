import { describe, expect, it } from "vitest";
import { srsHealth, type HealthCard, type HealthLog, type SrsHealthInput } from "./srs-health";

const DAY = 86_400_000;
const HOUR = 3600_000;
const now = new Date("2026-05-10T15:00:00Z");
const at = (days: number, hours = 0) => new Date(now.getTime() + days * DAY + hours * HOUR);

const card = (due: Date, state = 2): HealthCard => ({ state, due, stability: 10, lastReview: at(-5) });
const log = (reviewedAt: Date, correct: boolean, dueBefore: Date | null, stateBefore = 2): HealthLog => ({
  reviewedAt,
  correct,
  stateBefore,
  dueBefore,
});

function health(over: Partial<SrsHealthInput>) {
  return srsHealth({ cards: [], logs: [], desiredRetention: 0.9, retakeDate: null, now, ...over });
}

describe("srsHealth", () => {
  it("counts learned cards (Review state) among all cards", () => {
    const h = health({ cards: [card(at(1), 2), card(at(1), 1), card(at(1), 3), card(at(1), 2)] });
    expect(h.learned).toBe(2);
    expect(h.cards).toBe(4);
    expect(h.desiredRetention).toBe(0.9);
  });

  it("true retention: due reviews of Review-state cards in the last 30 days only", () => {
    const logs = [
      log(at(-1), true, at(-2)), // due, right
      log(at(-3), false, at(-3, -5)), // due, wrong
      log(at(-4, -3), true, at(-4, 2)), // due later that same day: counts (same day allowed)
      log(at(-5), true, at(-2)), // early review: not due
      log(at(-6), false, at(-7), 1), // learning step: not a review
      log(at(-7), true, null, 0), // first answer
      log(at(-40), false, at(-41)), // older than 30 days
    ];
    const h = health({ logs });
    expect(h.retention30d).toEqual({ due: 3, correct: 2, rate: 2 / 3 });
    expect(health({}).retention30d).toEqual({ due: 0, correct: 0, rate: null });
  });

  it("forecasts 14 days from today with overdue reviews counted today", () => {
    const cards = [card(at(-3)), card(at(-1)), card(at(0, 2)), card(at(1)), card(at(13)), card(at(14)), card(at(2), 0)];
    const h = health({ cards });
    expect(h.forecast).toHaveLength(14);
    expect(h.forecast[0]).toEqual({ date: "2026-05-10", due: 3 });
    expect(h.forecast[1]).toEqual({ date: "2026-05-11", due: 1 });
    expect(h.forecast[13]).toEqual({ date: "2026-05-23", due: 1 });
    // New cards are not reviews; day 14 is outside the window.
    expect(h.forecast.reduce((s, d) => s + d.due, 0)).toBe(5);
  });

  it("stops the forecast at the retake date; a past retake no longer caps", () => {
    const cards = [card(at(1)), card(at(4)), card(at(6))];
    const capped = health({ cards, retakeDate: at(4, 3) });
    expect(capped.forecast.map((d) => d.date)).toEqual(["2026-05-10", "2026-05-11", "2026-05-12", "2026-05-13", "2026-05-14"]);
    expect(capped.forecast.reduce((s, d) => s + d.due, 0)).toBe(2);
    expect(health({ cards, retakeDate: at(-2) }).forecast).toHaveLength(14);
  });

  it("streak: consecutive days ending today, or yesterday when nothing yet today", () => {
    const days = (...ds: number[]) => ds.map((d) => log(at(d), true, null, 0));
    expect(health({ logs: days(0, -1, -2, -4) })).toMatchObject({ streakDays: 3, practisedToday: true });
    expect(health({ logs: days(-1, -2, -3) })).toMatchObject({ streakDays: 3, practisedToday: false });
    expect(health({ logs: days(-2, -3) })).toMatchObject({ streakDays: 0, practisedToday: false });
    expect(health({ logs: [...days(0), ...days(0), log(at(0, -1), false, null, 0)] }).streakDays).toBe(1);
  });

  it("uses the candidate's local days", () => {
    // 15:00 UTC is 01:00 the next day at UTC+10.
    const logs = [log(new Date("2026-05-10T13:30:00Z"), true, null, 0)]; // 23:30 local on the 10th
    const east = health({ logs, tzOffsetMinutes: 600 });
    expect(east.practisedToday).toBe(false);
    expect(east.streakDays).toBe(1);
    expect(east.forecast[0].date).toBe("2026-05-11");
    const utc = health({ logs });
    expect(utc.practisedToday).toBe(true);
    // A card due at 23:00 UTC on the 10th is due on the 11th at UTC+10.
    expect(health({ cards: [card(new Date("2026-05-10T23:00:00Z"))], tzOffsetMinutes: 600 }).forecast[0].due).toBe(1);
    expect(health({ cards: [card(new Date("2026-05-11T23:00:00Z"))], tzOffsetMinutes: -300 }).forecast[1].due).toBe(1);
  });
});
