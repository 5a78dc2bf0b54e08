import { describe, expect, it } from "vitest";
import type { SelectorDomain } from "./selector";
import { calendarDays, compareSelectors, simulateLearner } from "./simulate";

const domains: SelectorDomain[] = [
  { id: "a", name: "Domain A", weight: { min: 30, max: 40 }, objectives: [{ id: "a1", name: "A one" }, { id: "a2", name: "A two" }] },
  { id: "b", name: "Domain B", weight: { min: 20, max: 30 }, objectives: [{ id: "b1", name: "B one" }] },
  { id: "c", name: "Domain C", weight: { min: 30, max: 40 }, objectives: [{ id: "c1", name: "C one" }, { id: "c2", name: "C two" }] },
];

describe("learning simulation", () => {
  it("is deterministic per seed and practice raises the expected score", () => {
    const opts = { seed: 3, policy: "adaptive" as const, domains, days: 4, itemsPerDomain: 30 };
    const a = simulateLearner(opts);
    expect(simulateLearner(opts)).toEqual(a);
    expect(a.answers).toBe(4 * 2 * 15);
    expect(a.finalScore).toBeGreaterThan(a.startScore);
    expect(a.daily).toHaveLength(4);
    expect(a.distinctItems).toBeLessThanOrEqual(a.answers);
  });

  it("pairs policies on the same learner (same starting score)", () => {
    const r = compareSelectors({ seeds: 2, domains, days: 3 });
    const starts = new Set(r.summaries.map((s) => s.meanStart.toFixed(10)));
    expect(starts.size).toBe(1);
    expect(r.summaries.find((s) => s.name === "blueprint-random")!.vsRandom).toBeNull();
    expect(r.summaries.find((s) => s.name === "adaptive")!.vsRandom).not.toBeNull();
  });

  it("counts elapsed time in calendar days, as FSRS does (an evening answer reviewed next morning is a next-day review)", () => {
    const day = Date.UTC(2026, 0, 5);
    expect(calendarDays(day + 8 * 3600_000, day + 18 * 3600_000)).toBe(0);
    expect(calendarDays(day + 18 * 3600_000, day + 32 * 3600_000)).toBe(1);
    expect(calendarDays(day, day + 3 * 86_400_000 + 1)).toBe(3);
  });

  it("plain-bank baselines: unseen-first covers the bank before repeating; random draws repeat", () => {
    const opts = { seed: 5, domains, days: 4, itemsPerDomain: 60 };
    const unseen = simulateLearner({ ...opts, policy: "bank-unseen-first" });
    const random = simulateLearner({ ...opts, policy: "blueprint-random" });
    expect(unseen.answers).toBe(random.answers);
    expect(unseen.distinctItems).toBe(unseen.answers); // 120 answers, 180 items: no repeats yet
    expect(random.distinctItems).toBeLessThan(random.answers);
    expect(unseen.startScore).toBe(random.startScore);
  });

  it("a time budget lets cheap repeats buy more answers, and leaves item-count runs unchanged", () => {
    const opts = { seed: 2, policy: "blueprint-random" as const, domains, days: 6, itemsPerDomain: 20 };
    const plain = simulateLearner(opts);
    expect(simulateLearner({ ...opts, world: {} })).toEqual(plain);
    const timed = simulateLearner({ ...opts, world: { repeatCost: 0.5 } });
    expect(timed.answers).toBeGreaterThan(plain.answers);
  });

  it("reports paired differences against both baselines", () => {
    const r = compareSelectors({ seeds: 2, domains, days: 3, itemsPerDomain: 30 });
    const adaptive = r.summaries.find((s) => s.name === "adaptive")!;
    expect(adaptive.vs["blueprint-random"]).not.toBeNull();
    expect(adaptive.vs["bank-unseen-first"]).not.toBeNull();
    expect(adaptive.vsRandom).toEqual(adaptive.vs["blueprint-random"]!.run);
    expect(r.summaries.find((s) => s.name === "bank-unseen-first")!.vs["bank-unseen-first"]).toBeNull();
  });
});
