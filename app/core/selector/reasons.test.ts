import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarDaysBetween, mistakeReason, timeAgo } from "./reasons";
import { selectSession, type SelectorCard, type SelectorDomain, type SelectorInput, type SelectorItem } from "./selector";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const now = new Date("2026-06-01T15:00:00Z");
const nowMs = now.getTime();

describe("timeAgo", () => {
  it.each([
    [20_000, "just now"],
    [MIN, "1 minute ago"],
    [5 * MIN, "5 minutes ago"],
    [59 * MIN, "59 minutes ago"],
    [HOUR, "1 hour ago"],
    [5 * HOUR, "5 hours ago"],
    [14 * HOUR, "today"], // 01:00 the same UTC day
    [16 * HOUR, "yesterday"], // 23:00 the day before: less than a day, but not today
    [DAY + 14 * HOUR, "yesterday"],
    [DAY + 16 * HOUR, "2 days ago"],
    [9 * DAY, "9 days ago"],
  ])("%d ms before 15:00 UTC reads %s", (ms, text) => {
    expect(timeAgo(nowMs - ms, nowMs)).toBe(text);
  });

  it("never says a day or more for something answered minutes earlier (the old wording said '1 day ago')", () => {
    for (let m = 0; m < 60; m++) expect(timeAgo(nowMs - m * MIN, nowMs)).toMatch(/^(just now|\d+ minutes? ago)$/);
  });

  it("a time in the future reads just now", () => {
    expect(timeAgo(nowMs + 5 * MIN, nowMs)).toBe("just now");
  });

  it("words a mistake with when it was made", () => {
    expect(mistakeReason(nowMs - 3 * MIN, nowMs)).toBe("Mistake: your last answer (3 minutes ago) was wrong");
  });
});

// ---- Every reason the selector gives is true of the history it was given ----

const domains: SelectorDomain[] = [
  { id: "net", name: "Networking", weight: { min: 15, max: 20 }, objectives: [{ id: "vnets", name: "Virtual networks" }, { id: "dns", name: "Name resolution" }] },
  { id: "sto", name: "Storage", weight: { min: 15, max: 20 }, objectives: [{ id: "blob", name: "Blob storage" }, { id: "files", name: "Azure Files" }] },
  { id: "cmp", name: "Compute", weight: { min: 20, max: 25 }, objectives: [{ id: "vms", name: "Virtual machines" }] },
];
const items: SelectorItem[] = domains.flatMap((d) => d.objectives.flatMap((o) => Array.from({ length: 4 }, (_, i) => ({ id: `${d.id}-${o.id}-${i}`, domain: d.id, objective: o.id, rating: i - 1.5 }))));
const objectiveName = new Map(domains.flatMap((d) => d.objectives.map((o) => [o.id, o.name] as const)));

/** The wording a person would use, worked out here from the timestamps alone. */
function expectedAgo(thenMs: number): string {
  const elapsed = nowMs - thenMs;
  if (elapsed < MIN) return "just now";
  if (elapsed < HOUR) return `${Math.floor(elapsed / MIN)} minute${Math.floor(elapsed / MIN) === 1 ? "" : "s"} ago`;
  const days = calendarDaysBetween(thenMs, nowMs);
  if (days === 0) return elapsed < 6 * HOUR ? `${Math.floor(elapsed / HOUR)} hour${Math.floor(elapsed / HOUR) === 1 ? "" : "s"} ago` : "today";
  return days === 1 ? "yesterday" : `${days} days ago`;
}

type Answer = { idx: number; msAgo: number; correct: boolean };
type Filter = "none" | "new-only" | "one-objective" | "mistakes";

/** A history of answers, the cards it leaves, and the selector input a server would build (applyFilter's narrowing included). */
function build(answers: Answer[], dueShift: number[], filter: Filter, size: number, seed: number) {
  const last = new Map<string, Answer>();
  for (const a of answers.slice().sort((x, y) => y.msAgo - x.msAgo)) last.set(items[a.idx].id, a); // oldest first: the newest wins
  const cards: SelectorCard[] = [...last.entries()].map(([itemId, a], i) => ({
    itemId,
    lastReview: new Date(nowMs - a.msAgo),
    due: new Date(nowMs - a.msAgo + (dueShift[i % dueShift.length] ?? 1) * DAY),
    stability: 3,
    state: 2,
  }));
  const startOfDay = Math.floor(nowMs / DAY) * DAY;
  const answeredToday = answers.filter((a) => nowMs - a.msAgo >= startOfDay).map((a) => ({ itemId: items[a.idx].id, correct: a.correct, at: new Date(nowMs - a.msAgo) }));
  // What the server passes (selector-data.server.ts): objectives answered over the whole history.
  const practisedObjectives = new Set(cards.map((c) => items.find((i) => i.id === c.itemId)!.objective!));
  let pool = items;
  let explicit = false;
  if (filter === "new-only") pool = items.filter((i) => !last.has(i.id));
  if (filter === "one-objective") pool = items.filter((i) => i.objective === "vnets");
  if (filter === "mistakes") {
    pool = items.filter((i) => last.get(i.id)?.correct === false);
    explicit = true;
  }
  const ids = new Set(pool.map((i) => i.id));
  const input: SelectorInput = {
    domains,
    baseline: null,
    mastery: {},
    learnerRatings: {},
    items: pool,
    cards: cards.filter((c) => ids.has(c.itemId)),
    answeredToday: explicit ? [] : answeredToday,
    practisedObjectives,
    maxReviewsShare: explicit ? 1 : undefined,
    size,
    now,
    seed,
  };
  return { input, last, cards, answeredToday };
}

describe("selection reasons against the facts", () => {
  it("hold for generated histories, whole bank or filtered (new only, one objective, mistakes)", () => {
    fc.assert(
      fc.property(
        // Two answers to one item in the same millisecond have no "latest": histories never hold them.
        fc.uniqueArray(fc.record({ idx: fc.nat(items.length - 1), msAgo: fc.oneof(fc.integer({ min: 0, max: 2 * HOUR }), fc.integer({ min: 0, max: 40 * DAY })), correct: fc.boolean() }), {
          maxLength: 30,
          selector: (a) => `${a.idx}:${a.msAgo}`,
        }),
        fc.array(fc.integer({ min: -10, max: 10 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<Filter>("none", "new-only", "one-objective", "mistakes"),
        fc.integer({ min: 1, max: 20 }),
        fc.nat(),
        (answers, dueShift, filter, size, seed) => {
          const { input, last, cards } = build(answers, dueShift, filter, size, seed);
          const cardOf = new Map(cards.map((c) => [c.itemId, c]));
          for (const s of selectSession(input)) {
            const item = items.find((i) => i.id === s.itemId)!;
            const card = cardOf.get(s.itemId);
            const r = s.reason;
            if (r.startsWith("New")) {
              expect(last.has(s.itemId), `${r}: ${s.itemId} was answered`).toBe(false);
              const m = /^New: objective not yet practised \((.+?)\) · /.exec(r);
              if (m) {
                expect(m[1]).toBe(objectiveName.get(item.objective!));
                const practised = items.filter((i) => i.objective === item.objective && last.has(i.id));
                expect(practised.map((i) => i.id), `${r}: the objective has answers`).toEqual([]);
              }
            } else if (r.startsWith("Retry")) {
              expect(r).toBe("Retry: answered wrong earlier today");
              const today = answers.filter((a) => items[a.idx].id === s.itemId && nowMs - a.msAgo >= Math.floor(nowMs / DAY) * DAY).sort((a, b) => a.msAgo - b.msAgo);
              expect(today[0]?.correct, `${r}: the latest answer today`).toBe(false);
            } else if (r.startsWith("Due for review")) {
              expect(card && card.due.getTime() <= nowMs, `${r}: not due`).toBe(true);
              const days = Math.floor((nowMs - card!.due.getTime()) / DAY);
              expect(r).toContain(days >= 1 ? `overdue ${days} day${days === 1 ? "" : "s"}` : "due now");
            } else if (r.startsWith("Practice again")) {
              expect(card, `${r}: never seen`).toBeDefined();
              expect(r).toContain(`, last seen ${expectedAgo(card!.lastReview!.getTime())} · `);
            } else {
              throw new Error(`unexpected reason: ${r}`);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a custom session of new questions in a practised objective does not call the objective unpractised", () => {
    const { input } = build([{ idx: 0, msAgo: 3 * DAY, correct: true }], [5], "new-only", 5, 7);
    const reasons = selectSession(input).filter((s) => s.itemId.startsWith("net-vnets")).map((s) => s.reason);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r).not.toContain("not yet practised");
  });

  it("a question answered minutes ago says so, not '1 day ago'", () => {
    const answers = items.filter((i) => i.domain === "cmp").map((_, k) => ({ idx: items.findIndex((i) => i.domain === "cmp") + k, msAgo: (10 + k) * MIN, correct: false }));
    const { input } = build(answers, [3], "mistakes", 4, 1);
    // Not due: the mistakes pool (explicit) draws them as "least recently seen" before any reason rewrite.
    const picked = selectSession(input);
    expect(picked.length).toBeGreaterThan(0);
    for (const s of picked) expect(s.reason).toMatch(/last seen 1\d minutes ago/);
  });
});
