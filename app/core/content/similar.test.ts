import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findSimilarStems, jaccard, normalizeStem, shingles } from "./similar";

describe("normalizeStem", () => {
  it("drops case, punctuation, Markdown links/images and extra whitespace", () => {
    expect(normalizeStem("  What **is**  [Blob](https://x.y) storage?\n![diagram](a.png) `code`  ")).toBe("what is blob storage diagram code");
  });
});

describe("shingles / jaccard", () => {
  it("builds word bigrams", () => {
    expect(shingles("a b c")).toEqual(["a b", "b c"]);
    expect(shingles("a")).toEqual(["a"]);
    expect(shingles("")).toEqual([]);
  });
  it("computes Jaccard similarity", () => {
    expect(jaccard(new Set(["a", "b"]), new Set(["b", "c"]))).toBeCloseTo(1 / 3);
  });
});

describe("findSimilarStems", () => {
  it("finds identical and near-identical stems, not different ones", () => {
    const base = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const pairs = findSimilarStems([base, base.toUpperCase(), base.replace("word20", "other"), "something else entirely"], 0.9);
    expect(pairs.map((p) => [p.a, p.b, p.identical])).toEqual([
      [0, 1, true],
      [0, 2, false],
    ]);
  });

  it("matches brute force exactly (prefix filtering has no false negatives)", () => {
    const vocab = ["a", "b", "c", "d", "e", "f"];
    const text = fc.array(fc.constantFrom(...vocab), { minLength: 0, maxLength: 14 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 25 }), fc.constantFrom(0.5, 0.7, 0.8, 0.9, 1), (texts, t) => {
        const fast = findSimilarStems(texts, t);
        // brute force: every pair >= t, minus pairs reported as identical duplicates of an earlier text
        const norm = texts.map(normalizeStem);
        const sets = norm.map((n) => new Set(shingles(n)));
        const firstOf = norm.map((n) => norm.indexOf(n));
        const expected: string[] = [];
        for (let b = 0; b < texts.length; b++) {
          if (firstOf[b] !== b) {
            expected.push(`${firstOf[b]}-${b}`);
            continue;
          }
          for (let a = 0; a < b; a++) {
            if (firstOf[a] !== a) continue;
            if (jaccard(sets[a], sets[b]) >= t - 1e-9 && norm[a] !== norm[b]) expected.push(`${a}-${b}`);
          }
        }
        expect(fast.map((p) => `${p.a}-${p.b}`).sort()).toEqual(expected.sort());
      }),
      { numRuns: 400 },
    );
  });
});
