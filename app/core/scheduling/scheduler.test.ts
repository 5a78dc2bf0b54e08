import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cardStateFromJson, createScheduler, Rating, retrievability, State, type CardState, type Grade } from "./scheduler";

const DAY = 86_400_000;
const MIN = 60_000;
const t0 = new Date("2026-03-02T09:00:00Z");

describe("schedule", () => {
  it("creates the card on the first answer and schedules it in days (no same-day steps by default)", () => {
    const s = createScheduler();
    const { card, log } = s.schedule(null, Rating.Good, t0);
    expect(card.state).toBe(State.Review);
    expect(card.reps).toBe(1);
    expect(card.last_review).toEqual(t0);
    expect(card.due.getTime() - t0.getTime()).toBe(2 * DAY);
    expect(s.schedule(null, Rating.Again, t0).card.due.getTime() - t0.getTime()).toBe(DAY);
    expect(log).toMatchObject({
      rating: Rating.Good,
      state_before: State.New,
      state_after: State.Review,
      due_before: null,
      retrievability_before: null,
      elapsed_days: 0,
      capped: false,
      uncapped_due: null,
    });
    expect(log.reviewed_at).toEqual(t0);
  });

  it("can use ts-fsrs's minute learning steps when asked", () => {
    const s = createScheduler({ learningSteps: ["1m", "10m"], relearningSteps: ["10m"] });
    const { card } = s.schedule(null, Rating.Good, t0);
    expect(card.state).toBe(State.Learning);
    expect(card.due.getTime() - t0.getTime()).toBe(10 * MIN);
  });

  it("wrong shortens the interval sharply, and a lapse is counted", () => {
    const s = createScheduler();
    let card: CardState | null = null;
    let now = t0;
    for (let i = 0; i < 3; i++) {
      card = s.schedule(card, Rating.Good, now).card;
      now = card.due;
    }
    expect(card!.state).toBe(State.Review);
    const good = s.schedule(card, Rating.Good, now).card;
    const { card: after, log } = s.schedule(card, Rating.Again, now);
    expect(after.lapses).toBe(1);
    expect(after.due.getTime() - now.getTime()).toBeLessThan((good.due.getTime() - now.getTime()) / 4);
    expect(log.state_before).toBe(State.Review);
    expect(log.retrievability_before).toBeGreaterThan(0.85);
    expect(log.stability_after).toBeLessThan(log.stability_before);
  });

  it("a lower desired retention gives longer intervals", () => {
    const run = (desiredRetention: number) => {
      const s = createScheduler({ desiredRetention });
      let card: CardState | null = null;
      let now = t0;
      for (let i = 0; i < 5; i++) {
        card = s.schedule(card, Rating.Good, now).card;
        now = card.due;
      }
      return card!.scheduled_days;
    };
    expect(run(0.8)).toBeGreaterThan(run(0.95));
  });

  it("respects maximumInterval", () => {
    const s = createScheduler({ maximumInterval: 30 });
    let card: CardState | null = null;
    let now = t0;
    for (let i = 0; i < 10; i++) {
      card = s.schedule(card, Rating.Easy, now).card;
      now = card.due;
    }
    expect(card!.scheduled_days).toBeLessThanOrEqual(30);
  });

  it("rejects an impossible retention and a bad rating", () => {
    expect(() => createScheduler({ desiredRetention: 1 })).toThrow(RangeError);
    expect(() => createScheduler({ desiredRetention: 0 })).toThrow(RangeError);
    expect(() => createScheduler().schedule(null, 0 as Grade, t0)).toThrow(RangeError);
  });

  it("never computes negative elapsed time when the clock goes backwards", () => {
    const s = createScheduler();
    const first = s.schedule(null, Rating.Good, t0).card;
    const { log } = s.schedule(first, Rating.Good, new Date(t0.getTime() - DAY));
    expect(log.elapsed_days).toBe(0);
    expect(log.reviewed_at).toEqual(t0);
  });
});

describe("retake-date cap", () => {
  it("caps a long interval one day before the retake", () => {
    const plain = createScheduler();
    let card: CardState | null = null;
    let now = t0;
    for (let i = 0; i < 3; i++) {
      card = plain.schedule(card, Rating.Good, now).card;
      now = card.due;
    }
    const retakeDate = new Date(now.getTime() + 10 * DAY);
    const capped = createScheduler({ retakeDate });
    const uncapped = plain.schedule(card, Rating.Easy, now);
    expect(uncapped.card.due.getTime()).toBeGreaterThan(retakeDate.getTime());
    const res = capped.schedule(card, Rating.Easy, now);
    expect(res.card.due).toEqual(new Date(retakeDate.getTime() - DAY));
    expect(res.log.capped).toBe(true);
    expect(res.log.uncapped_due).toEqual(uncapped.card.due);
    expect(res.card.scheduled_days).toBe(Math.floor((retakeDate.getTime() - DAY - now.getTime()) / DAY));
    // The memory model is untouched: only the date moves.
    expect(res.card.stability).toBe(uncapped.card.stability);
  });

  it("inside the margin, the next look is halfway to the exam; after the exam, no cap", () => {
    const retakeDate = new Date(t0.getTime() + 12 * 3600_000);
    const s = createScheduler({ retakeDate });
    const easy = s.schedule(null, Rating.Easy, t0);
    expect(easy.card.due).toEqual(new Date(t0.getTime() + 6 * 3600_000));
    const after = s.schedule(null, Rating.Easy, new Date(retakeDate.getTime() + MIN));
    expect(after.log.capped).toBe(false);
    expect(after.card.scheduled_days).toBeGreaterThan(1);
  });

  it("property: due never passes retake - margin while there is time, and never passes the retake", () => {
    const margin = DAY;
    const minimumStepMinutes = 10;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ rating: fc.constantFrom<Grade>(Rating.Again, Rating.Hard, Rating.Good, Rating.Easy), gapMinutes: fc.integer({ min: 0, max: 60 * 24 * 40 }) }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.integer({ min: 1, max: 120 }),
        fc.boolean(),
        (steps, retakeInDays, enableFuzz) => {
          const retakeDate = new Date(t0.getTime() + retakeInDays * DAY);
          const s = createScheduler({ retakeDate, enableFuzz, minimumStepMinutes });
          let card: CardState | null = null;
          let now = t0;
          for (const step of steps) {
            now = new Date(now.getTime() + step.gapMinutes * MIN);
            const { card: next } = s.schedule(card, step.rating, now);
            const due = next.due.getTime();
            const n = now.getTime();
            if (n + minimumStepMinutes * MIN <= retakeDate.getTime() - margin) {
              expect(due).toBeLessThanOrEqual(retakeDate.getTime() - margin);
            }
            if (n + minimumStepMinutes * MIN <= retakeDate.getTime()) {
              expect(due).toBeLessThanOrEqual(retakeDate.getTime());
            }
            expect(due).toBeGreaterThan(n);
            card = next;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("retrievability", () => {
  it("is 0 for an unseen item, about the desired retention at the due date, and falls with time", () => {
    const s = createScheduler();
    expect(retrievability(null, t0)).toBe(0);
    let card: CardState | null = null;
    let now = t0;
    for (let i = 0; i < 4; i++) {
      card = s.schedule(card, Rating.Good, now).card;
      now = card.due;
    }
    expect(s.retrievability(card, card!.due)).toBeCloseTo(0.9, 1);
    expect(retrievability(card, new Date(card!.due.getTime() + 30 * DAY))).toBeLessThan(s.retrievability(card, card!.due));
  });
});

describe("cardStateFromJson", () => {
  it("round-trips through JSON", () => {
    const { card } = createScheduler().schedule(null, Rating.Good, t0);
    expect(cardStateFromJson(JSON.parse(JSON.stringify(card)))).toEqual(card);
  });
  it("rejects a bad state", () => {
    const { card } = createScheduler().schedule(null, Rating.Good, t0);
    expect(() => cardStateFromJson({ ...card, state: 7 })).toThrow(RangeError);
  });
});
