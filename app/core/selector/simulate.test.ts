import { describe, expect, it } from "vitest";
import type { SelectorDomain } from "./selector";
import { compareSelectors, simulateLearner } from "./simulate";

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
});
