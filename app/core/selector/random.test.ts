import { describe, expect, it } from "vitest";
import { hashUnit, mulberry32 } from "./random";

describe("seeded randomness", () => {
  it("mulberry32 repeats for a seed, differs across seeds, stays in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(mulberry32(43)()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it("hashUnit is stable per (seed, key) and spreads keys", () => {
    expect(hashUnit(7, "az104-storage-007")).toBe(hashUnit(7, "az104-storage-007"));
    expect(hashUnit(7, "az104-storage-007")).not.toBe(hashUnit(8, "az104-storage-007"));
    const values = new Set(Array.from({ length: 500 }, (_, i) => Math.floor(hashUnit(1, `item-${i}`) * 10)));
    expect(values.size).toBe(10);
  });
});
