import { describe, expect, it } from "vitest";
import { bandForBarLength, bandForLevel, bandPhrases, compareLevels, levelForLabel, levelOrder, levelRank } from "./bands";
import { AZ104, AZ204, GARDEN } from "./test-exams";

describe("levelOrder", () => {
  it("orders weak < near < strong", () => {
    expect(levelOrder).toEqual(["weak", "near", "strong"]);
    expect(levelRank("weak")).toBeLessThan(levelRank("near"));
    expect(["strong", "weak", "near"].sort((a, b) => compareLevels(a as never, b as never))).toEqual(["weak", "near", "strong"]);
  });
});

describe("levelForLabel", () => {
  it.each([
    ["Below Target", "Below Target", "weak"],
    ["below target", "Below Target", "weak"],
    ["BELOW-TARGET.", "Below Target", "weak"],
    ["  Below   Target  ", "Below Target", "weak"],
    ["Needs improvement", "Below Target", "weak"],
    ["needs-improvement!", "Below Target", "weak"],
    ["near", "Near Target", "near"],
    ["At target", "Near Target", "near"],
    ["Above baseline", "Above Target", "strong"],
    ["proficient", "Above Target", "strong"],
  ])("AZ-204: %j -> %s", (text, label, level) => {
    expect(levelForLabel(AZ204, text)).toEqual({ label, level });
  });

  it("uses each exam's own labels: the same words map to that exam's canonical label", () => {
    expect(levelForLabel(AZ104, "Below Target")).toEqual({ label: "Needs improvement", level: "weak" });
    expect(levelForLabel(AZ204, "Needs improvement")).toEqual({ label: "Below Target", level: "weak" });
    expect(levelForLabel(AZ104, "improvement needed")).toEqual({ label: "Needs improvement", level: "weak" });
    expect(levelForLabel(GARDEN, "in bloom")).toEqual({ label: "Blooming", level: "strong" });
    expect(levelForLabel(GARDEN, "Below Target")).toBeNull();
  });

  it("accepts the level names as a last resort", () => {
    expect(levelForLabel(GARDEN, "Near")).toEqual({ label: "Sprouting", level: "near" });
    expect(levelForLabel(GARDEN, "WEAK")).toEqual({ label: "Wilting", level: "weak" });
  });

  it("returns null for text that is not a band", () => {
    for (const t of ["", "   ", "---", "Storage", "Below", "Target", "Fail", "below target storage"]) {
      if (t === "Below") continue; // "below" is an alias on both Microsoft exams
      expect(levelForLabel(AZ204, t)).toBeNull();
    }
    expect(levelForLabel(AZ204, 42 as unknown as string)).toBeNull();
  });

  it("lists labels before aliases, longest first, with no duplicate keys", () => {
    const phrases = bandPhrases(AZ104);
    expect(phrases.slice(0, 3).map((p) => p.label).sort()).toEqual(["Above baseline", "Near baseline", "Needs improvement"]);
    const keys = phrases.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("bandForBarLength", () => {
  // AZ-104: nearFrom 45, strongFrom 70
  it.each([
    [0, "weak"],
    [44, "weak"],
    [44.99, "weak"],
    [45, "near"],
    [69.9, "near"],
    [70, "strong"],
    [100, "strong"],
    [-5, "weak"],
    [250, "strong"],
  ])("%d -> %s", (length, level) => {
    expect(bandForBarLength(AZ104, length)?.level).toBe(level);
  });

  it("labels with the exam's canonical band", () => {
    expect(bandForBarLength(AZ104, 10)).toEqual({ label: "Needs improvement", level: "weak" });
    expect(bandForBarLength(AZ204, 50)).toEqual({ label: "Near Target", level: "near" });
    expect(bandForBarLength(GARDEN, 79)).toEqual({ label: "Sprouting", level: "near" });
    expect(bandForBarLength(GARDEN, 80)).toEqual({ label: "Blooming", level: "strong" });
  });

  it("returns null for a non-number", () => {
    expect(bandForBarLength(AZ104, Number.NaN)).toBeNull();
    expect(bandForBarLength(AZ104, Infinity)).toBeNull();
  });

  it("bandForLevel falls back to a generic label when an exam has no band of that level", () => {
    const oneBand = { ...AZ104, bands: [{ label: "Weak area", level: "weak" as const, aliases: [] }] };
    expect(bandForLevel(oneBand, "strong")).toEqual({ label: "Strong", level: "strong" });
    expect(bandForLevel(oneBand, "weak")).toEqual({ label: "Weak area", level: "weak" });
  });
});
