import { describe, expect, it } from "vitest";
import { orderBaseline } from "./baseline";

describe("orderBaseline", () => {
  it("puts weak domains first, heavier weights first within a level", () => {
    const ordered = orderBaseline([
      { key: "a", name: "A", level: "strong", band: "Above", weightMin: 25, weightMax: 30 },
      { key: "b", name: "B", level: "weak", band: "Below", weightMin: 15, weightMax: 20 },
      { key: "c", name: "C", level: "near", band: "Near", weightMin: 20, weightMax: 25 },
      { key: "d", name: "D", level: "weak", band: "Below", weightMin: 20, weightMax: 25 },
    ]);
    expect(ordered.map((d) => d.key)).toEqual(["d", "b", "c", "a"]);
  });
});
