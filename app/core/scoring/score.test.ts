import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerPairs, answerProblem, answerUsesItsOptions, blanksOf, isMultiPart, scoreAnswer, type ScorableItem, type ScorableOption } from "./score";

const opt = (key: string, correct = false, blank?: string): ScorableOption => ({ key, correct, ...(blank ? { blank } : {}) });

const SINGLE: ScorableItem = { type: "single", options: [opt("a", true), opt("b"), opt("c")] };
const MULTIPLE: ScorableItem = { type: "multiple", options: [opt("a", true), opt("b", true), opt("c"), opt("d")] };
/** a: Yes, b: No, c: Yes. */
const YESNO: ScorableItem = { type: "yesno", options: [opt("a", true), opt("b"), opt("c", true)] };
/** Steps c, a, b in that order; d is a distractor. */
const ORDER: ScorableItem = { type: "order", options: [opt("a", true), opt("b", true), opt("c", true), opt("d")], order: ["c", "a", "b"] };
/** Blank sku: a (right) or b; blank kind: c or d (right). */
const DROPDOWN: ScorableItem = { type: "dropdown", options: [opt("a", true, "sku"), opt("b", false, "sku"), opt("c", false, "kind"), opt("d", true, "kind")] };

const strict = (item: ScorableItem): ScorableItem => ({ ...item, scoring: "all-or-nothing" });
const pts = (item: ScorableItem, answer: readonly unknown[]) => {
  const s = scoreAnswer(item, answer);
  return { points: s.points, max: s.max, score: s.score, full: s.full };
};

describe("scoreAnswer: single and multiple answer (one point, exactly the keyed set)", () => {
  it("single: the key is right, anything else is not", () => {
    expect(pts(SINGLE, ["a"])).toEqual({ points: 1, max: 1, score: 1, full: true });
    expect(pts(SINGLE, ["b"])).toEqual({ points: 0, max: 1, score: 0, full: false });
    expect(pts(SINGLE, [])).toEqual({ points: 0, max: 1, score: 0, full: false });
    expect(pts(SINGLE, ["a", "b"])).toMatchObject({ points: 0, full: false });
    expect(scoreAnswer(SINGLE, ["a"]).parts).toEqual([{ part: "answer", given: "a", expected: "a", right: true }]);
    expect(scoreAnswer(SINGLE, []).parts[0].given).toBeNull();
  });
  it("multiple: full set right (any order); a partial or larger set earns nothing", () => {
    expect(pts(MULTIPLE, ["b", "a"])).toEqual({ points: 1, max: 1, score: 1, full: true });
    expect(pts(MULTIPLE, ["a"])).toEqual({ points: 0, max: 1, score: 0, full: false });
    expect(pts(MULTIPLE, ["a", "b", "c"])).toEqual({ points: 0, max: 1, score: 0, full: false });
    expect(pts(MULTIPLE, ["c", "d"])).toEqual({ points: 0, max: 1, score: 0, full: false });
    expect(scoreAnswer(MULTIPLE, ["b", "a"]).parts).toEqual([{ part: "answer", given: "a,b", expected: "a,b", right: true }]);
  });
  it("an unknown key next to the right ones makes the answer wrong", () => {
    expect(pts(SINGLE, ["a", "zz"]).points).toBe(0);
    expect(pts(MULTIPLE, ["a", "b", "zz"]).points).toBe(0);
  });
  it("all-or-nothing changes nothing for them", () => {
    expect(pts(strict(MULTIPLE), ["a", "b"])).toEqual({ points: 1, max: 1, score: 1, full: true });
    expect(pts(strict(SINGLE), ["c"])).toEqual({ points: 0, max: 1, score: 0, full: false });
  });
  it("an item without a keyed option can never be right", () => {
    expect(pts({ type: "single", options: [opt("a"), opt("b")] }, [])).toMatchObject({ points: 0, max: 1, full: false });
    expect(pts({ type: "single", options: [opt("a"), opt("b")] }, ["a"])).toMatchObject({ points: 0, full: false });
  });
});

describe("scoreAnswer: yesno (a point per statement)", () => {
  it("full, partial, none", () => {
    expect(pts(YESNO, ["a=yes", "b=no", "c=yes"])).toEqual({ points: 3, max: 3, score: 1, full: true });
    expect(pts(YESNO, ["c=yes", "a=yes", "b=no"]).points).toBe(3); // order of entries does not matter
    expect(pts(YESNO, ["a=yes", "b=yes", "c=yes"])).toEqual({ points: 2, max: 3, score: 2 / 3, full: false });
    expect(pts(YESNO, ["a=no", "b=yes", "c=no"])).toEqual({ points: 0, max: 3, score: 0, full: false });
  });
  it("an unanswered statement earns nothing and shows as given null", () => {
    const s = scoreAnswer(YESNO, ["a=yes"]);
    expect(s).toMatchObject({ points: 1, max: 3 });
    expect(s.parts).toEqual([
      { part: "a", given: "yes", expected: "yes", right: true },
      { part: "b", given: null, expected: "no", right: false },
      { part: "c", given: null, expected: "yes", right: false },
    ]);
    expect(pts(YESNO, [])).toEqual({ points: 0, max: 3, score: 0, full: false });
  });
  it("all-or-nothing: the points only when every statement is right", () => {
    expect(pts(strict(YESNO), ["a=yes", "b=yes", "c=yes"])).toEqual({ points: 0, max: 3, score: 0, full: false });
    expect(pts(strict(YESNO), ["a=yes", "b=no", "c=yes"])).toEqual({ points: 3, max: 3, score: 1, full: true });
  });
  it("values other than yes / no, and unknown statements, are not right", () => {
    const s = scoreAnswer(YESNO, ["a=YES", "b=", "c=yes please", "zz=yes", "a", "=yes"]);
    expect(s.points).toBe(0);
    expect(s.parts.map((p) => p.given)).toEqual([null, null, null]);
  });
  it("for a repeated statement the first entry counts, so repeating earns nothing extra", () => {
    expect(pts(YESNO, ["a=no", "a=yes", "b=no", "c=yes"]).points).toBe(2);
    expect(pts(YESNO, ["a=yes", "a=no", "b=no", "c=yes"]).points).toBe(3);
    expect(pts(YESNO, ["a=yes", "a=yes", "a=yes"]).points).toBe(1);
  });
});

describe("scoreAnswer: order (a point per position of the sequence)", () => {
  it("full, partial, none", () => {
    expect(pts(ORDER, ["c", "a", "b"])).toEqual({ points: 3, max: 3, score: 1, full: true });
    expect(pts(ORDER, ["c", "b", "a"])).toEqual({ points: 1, max: 3, score: 1 / 3, full: false });
    expect(pts(ORDER, ["a", "b", "c"])).toEqual({ points: 0, max: 3, score: 0, full: false });
    expect(pts(ORDER, [])).toEqual({ points: 0, max: 3, score: 0, full: false });
  });
  it("a missing step earns nothing at its position and shifts the rest", () => {
    expect(pts(ORDER, ["c", "a"])).toMatchObject({ points: 2, max: 3 });
    expect(pts(ORDER, ["a", "b"])).toMatchObject({ points: 0, max: 3 });
    expect(scoreAnswer(ORDER, ["c", "a"]).parts).toEqual([
      { part: "1", given: "c", expected: "c", right: true },
      { part: "2", given: "a", expected: "a", right: true },
      { part: "3", given: null, expected: "b", right: false },
    ]);
  });
  it("a distractor or unknown key inside the sequence earns nothing at its position; each step beyond the sequence costs a point", () => {
    // c right at 1; d, a, b misplaced; one step too many: 1 - 1 = 0.
    expect(pts(ORDER, ["c", "d", "a", "b"]).points).toBe(0);
    expect(pts(ORDER, ["c", "zz", "b"]).points).toBe(2);
    // The right sequence with an unneeded action after it is not full credit.
    expect(pts(ORDER, ["c", "a", "b", "d"])).toMatchObject({ points: 2, full: false });
  });
  it("a repeated step earns nothing at its second position", () => {
    expect(pts(ORDER, ["c", "c", "b"]).points).toBe(2);
    expect(pts(ORDER, ["c", "c", "c"]).points).toBe(1);
  });
  it("non-string entries are dropped before positions are counted", () => {
    expect(pts(ORDER, ["c", 7, "a", null, "b"] as unknown[]).points).toBe(3);
  });
  it("all-or-nothing", () => {
    expect(pts(strict(ORDER), ["c", "a"])).toEqual({ points: 0, max: 3, score: 0, full: false });
    expect(pts(strict(ORDER), ["c", "a", "b"])).toEqual({ points: 3, max: 3, score: 1, full: true });
  });
  it("an order item without `order` has nothing to earn", () => {
    expect(pts({ ...ORDER, order: null }, ["c", "a", "b"])).toEqual({ points: 0, max: 0, score: 0, full: false });
    expect(pts({ ...ORDER, order: undefined }, [])).toEqual({ points: 0, max: 0, score: 0, full: false });
  });
});

describe("scoreAnswer: dropdown (a point per blank)", () => {
  it("full, partial, none", () => {
    expect(pts(DROPDOWN, ["sku=a", "kind=d"])).toEqual({ points: 2, max: 2, score: 1, full: true });
    expect(pts(DROPDOWN, ["kind=d", "sku=a"]).points).toBe(2);
    expect(pts(DROPDOWN, ["sku=a", "kind=c"])).toEqual({ points: 1, max: 2, score: 0.5, full: false });
    expect(pts(DROPDOWN, ["sku=b", "kind=c"])).toEqual({ points: 0, max: 2, score: 0, full: false });
    expect(pts(DROPDOWN, [])).toEqual({ points: 0, max: 2, score: 0, full: false });
  });
  it("parts follow the blanks in the order their first option appears", () => {
    expect(scoreAnswer(DROPDOWN, ["kind=c"]).parts).toEqual([
      { part: "sku", given: null, expected: "a", right: false },
      { part: "kind", given: "c", expected: "d", right: false },
    ]);
  });
  it("an option of another blank, an unknown key or an unknown blank is not right", () => {
    const s = scoreAnswer(DROPDOWN, ["sku=d", "kind=a", "tier=a", "sku", "=a"]);
    expect(s.points).toBe(0);
    expect(s.parts.map((p) => p.given)).toEqual([null, null]);
    expect(pts(DROPDOWN, ["sku=zz", "kind=d"]).points).toBe(1);
  });
  it("for a repeated blank the first entry counts", () => {
    expect(pts(DROPDOWN, ["sku=b", "sku=a", "kind=d"]).points).toBe(1);
  });
  it("all-or-nothing", () => {
    expect(pts(strict(DROPDOWN), ["sku=a", "kind=c"])).toEqual({ points: 0, max: 2, score: 0, full: false });
    expect(pts(strict(DROPDOWN), ["sku=a", "kind=d"])).toEqual({ points: 2, max: 2, score: 1, full: true });
  });
});

describe("scoreAnswer never throws on malformed answers", () => {
  const junk: unknown[][] = [
    [null, undefined, 1, {}, [], true, Symbol("x"), () => "a"],
    ["", "=", "==", "a==yes", "a=yes=no", " a=yes", "a =yes", "__proto__=yes", "constructor", "toString=a"],
    ["\u0000", "é=yes", "a".repeat(10_000)],
  ];
  it.each([SINGLE, MULTIPLE, YESNO, ORDER, DROPDOWN])("$type", (item) => {
    for (const answer of junk) {
      const s = scoreAnswer(item, answer);
      expect(s.points).toBe(0);
      expect(s.full).toBe(false);
    }
    // Not even an array (e.g. a JSON column holding something else).
    for (const notList of [null, undefined, "a", 1, { 0: "a", length: 1 }]) {
      expect(() => scoreAnswer(item, notList as unknown as unknown[])).not.toThrow();
      expect(scoreAnswer(item, notList as unknown as unknown[]).points).toBe(0);
    }
  });
  it("an unknown item type is scored like single/multiple", () => {
    expect(pts({ type: "hotspot", options: [opt("a", true), opt("b")] }, ["a"])).toEqual({ points: 1, max: 1, score: 1, full: true });
  });
});

describe("answerProblem", () => {
  it("accepts a well-formed answer even when it is wrong", () => {
    expect(answerProblem(SINGLE, ["b"])).toBeNull();
    expect(answerProblem(MULTIPLE, ["c"])).toBeNull();
    expect(answerProblem(YESNO, ["a=no", "b=yes", "c=no"])).toBeNull();
    expect(answerProblem(ORDER, ["b"])).toBeNull(); // a partial sequence is an answer
    expect(answerProblem(ORDER, ["d", "c", "b", "a"])).toBeNull();
    expect(answerProblem(DROPDOWN, ["sku=b", "kind=c"])).toBeNull();
  });
  it("asks for an answer when there is none, in the words of the type", () => {
    expect(answerProblem(SINGLE, [])).toBe("Choose an answer first.");
    expect(answerProblem(MULTIPLE, [])).toBe("Choose an answer first.");
    expect(answerProblem(YESNO, [])).toBe("Answer Yes or No for every statement.");
    expect(answerProblem(ORDER, [])).toBe("Add at least one step to your answer.");
    expect(answerProblem(DROPDOWN, [])).toBe("Choose an option in every blank.");
    expect(answerProblem(SINGLE, "a" as unknown as unknown[])).toBe("Choose an answer first.");
  });
  it("a missing statement", () => {
    expect(answerProblem(YESNO, ["a=yes", "c=no"])).toBe("Answer Yes or No for every statement.");
  });
  it("a missing blank", () => {
    expect(answerProblem(DROPDOWN, ["sku=a"])).toBe("Choose an option in every blank.");
  });
  it("an unknown option", () => {
    const NOT = "That answer is not one of the options.";
    expect(answerProblem(SINGLE, ["zz"])).toBe(NOT);
    expect(answerProblem(MULTIPLE, ["a", "zz"])).toBe(NOT);
    expect(answerProblem(ORDER, ["c", "zz"])).toBe(NOT);
    expect(answerProblem(YESNO, ["a=yes", "b=no", "c=yes", "zz=yes"])).toBe(NOT);
    expect(answerProblem(YESNO, ["a=maybe", "b=no", "c=yes"])).toBe(NOT);
    expect(answerProblem(YESNO, ["a", "b=no", "c=yes"])).toBe(NOT);
    expect(answerProblem(DROPDOWN, ["sku=d", "kind=d"])).toBe(NOT); // d belongs to kind
    expect(answerProblem(DROPDOWN, ["sku=a", "kind=d", "tier=a"])).toBe(NOT);
    expect(answerProblem(SINGLE, [1] as unknown[])).toBe(NOT);
    expect(answerProblem(YESNO, [null, "a=yes"] as unknown[])).toBe(NOT);
  });
  it("a statement or blank answered twice", () => {
    expect(answerProblem(YESNO, ["a=yes", "a=no", "b=no", "c=yes"])).toBe("That answer is not one of the options.");
    expect(answerProblem(DROPDOWN, ["sku=a", "sku=b", "kind=d"])).toBe("That answer is not one of the options.");
  });
  it("a duplicate step", () => {
    expect(answerProblem(ORDER, ["c", "a", "c"])).toBe("Each step can be used once.");
  });
  it("single with two answers", () => {
    expect(answerProblem(SINGLE, ["a", "b"])).toBe("Choose one answer.");
    expect(answerProblem(SINGLE, ["a", "a"])).toBe("Choose one answer.");
  });
});

describe("answerUsesItsOptions (partial answers as saved during a mock)", () => {
  it("accepts partial yesno and dropdown answers, and no answer at all", () => {
    expect(answerUsesItsOptions(YESNO, ["b=no"])).toBe(true);
    expect(answerUsesItsOptions(YESNO, ["a=yes", "b=no", "c=yes"])).toBe(true);
    expect(answerUsesItsOptions(DROPDOWN, ["kind=c"])).toBe(true);
    expect(answerUsesItsOptions(DROPDOWN, ["sku=a", "kind=d"])).toBe(true);
    for (const item of [SINGLE, MULTIPLE, YESNO, ORDER, DROPDOWN]) expect(answerUsesItsOptions(item, [])).toBe(true);
  });
  it("accepts own keys for single, multiple and order", () => {
    expect(answerUsesItsOptions(SINGLE, ["b"])).toBe(true);
    expect(answerUsesItsOptions(MULTIPLE, ["a", "c", "d"])).toBe(true);
    expect(answerUsesItsOptions(ORDER, ["d", "a"])).toBe(true);
  });
  it("rejects foreign values", () => {
    expect(answerUsesItsOptions(YESNO, ["zz=yes"])).toBe(false);
    expect(answerUsesItsOptions(YESNO, ["a=maybe"])).toBe(false);
    expect(answerUsesItsOptions(YESNO, ["a"])).toBe(false);
    expect(answerUsesItsOptions(DROPDOWN, ["sku=c"])).toBe(false); // c belongs to kind
    expect(answerUsesItsOptions(DROPDOWN, ["tier=a"])).toBe(false);
    expect(answerUsesItsOptions(DROPDOWN, ["a"])).toBe(false);
    expect(answerUsesItsOptions(SINGLE, ["zz"])).toBe(false);
    expect(answerUsesItsOptions(MULTIPLE, ["a", "zz"])).toBe(false);
    expect(answerUsesItsOptions(ORDER, ["sku=a"])).toBe(false);
  });
  it("rejects a statement, blank or step given twice, and two answers to a single", () => {
    expect(answerUsesItsOptions(YESNO, ["a=yes", "a=no"])).toBe(false);
    expect(answerUsesItsOptions(YESNO, ["a=yes", "a=yes"])).toBe(false);
    expect(answerUsesItsOptions(DROPDOWN, ["sku=a", "sku=b"])).toBe(false);
    expect(answerUsesItsOptions(ORDER, ["a", "a"])).toBe(false);
    expect(answerUsesItsOptions(MULTIPLE, ["a", "a"])).toBe(false);
    expect(answerUsesItsOptions(SINGLE, ["a", "b"])).toBe(false);
  });
  it("rejects non-strings and non-lists", () => {
    expect(answerUsesItsOptions(SINGLE, [1] as unknown[])).toBe(false);
    expect(answerUsesItsOptions(YESNO, [null] as unknown[])).toBe(false);
    expect(answerUsesItsOptions(SINGLE, "a" as unknown as unknown[])).toBe(false);
    expect(answerUsesItsOptions(SINGLE, { length: 0 } as unknown as unknown[])).toBe(false);
  });
});

describe("helpers", () => {
  it("answerPairs splits at the first '=', keeps the first entry of a name, skips the rest", () => {
    expect([...answerPairs(["a=yes", "b=x=y", "a=no", "=v", "noequals", 5, null])]).toEqual([
      ["a", "yes"],
      ["b", "x=y"],
    ]);
    expect([...answerPairs(["a="])]).toEqual([["a", ""]]);
  });
  it("blanksOf lists each blank once, in order of first appearance", () => {
    expect(blanksOf(DROPDOWN)).toEqual(["sku", "kind"]);
    expect(blanksOf({ options: [opt("a", false, "x"), opt("b"), opt("c", false, "y"), opt("d", false, "x")] })).toEqual(["x", "y"]);
    expect(blanksOf({ options: [{ key: "a", correct: true, blank: null }] })).toEqual([]);
  });
  it("isMultiPart", () => {
    expect(["single", "multiple", "yesno", "order", "dropdown", "other"].map(isMultiPart)).toEqual([false, false, true, true, true, false]);
  });
});

// ---------------------------------------------------------------------------------------
// properties

type Case = { item: ScorableItem; right: string[]; parts: number };

const KEYS = "abcdefghijklmnop".split("");
const BLANK_IDS = ["sku", "kind", "b1", "b2"];
const scoringArb = fc.constantFrom<ScorableItem["scoring"]>(undefined, null, "partial", "all-or-nothing");

const singleArb: fc.Arbitrary<Case> = fc
  .record({ n: fc.integer({ min: 2, max: 8 }), k: fc.nat(), scoring: scoringArb })
  .map(({ n, k, scoring }) => {
    const options = KEYS.slice(0, n).map((key, i) => opt(key, i === k % n));
    return { item: { type: "single", options, scoring }, right: [options[k % n].key], parts: 1 };
  });

const multipleArb: fc.Arbitrary<Case> = fc
  .integer({ min: 3, max: 8 })
  .chain((n) => fc.record({ n: fc.constant(n), marks: fc.array(fc.boolean(), { minLength: n, maxLength: n }), scoring: scoringArb }))
  .filter(({ marks }) => marks.some(Boolean) && !marks.every(Boolean))
  .map(({ n, marks, scoring }) => {
    const options = KEYS.slice(0, n).map((key, i) => opt(key, marks[i]));
    return { item: { type: "multiple", options, scoring }, right: options.filter((o) => o.correct).map((o) => o.key), parts: 1 };
  });

const yesnoArb: fc.Arbitrary<Case> = fc
  .record({ marks: fc.array(fc.boolean(), { minLength: 2, maxLength: 5 }), scoring: scoringArb })
  .map(({ marks, scoring }) => {
    const options = marks.map((m, i) => opt(KEYS[i], m));
    return { item: { type: "yesno", options, scoring }, right: options.map((o) => `${o.key}=${o.correct ? "yes" : "no"}`), parts: options.length };
  });

const orderArb: fc.Arbitrary<Case> = fc
  .integer({ min: 2, max: 8 })
  .chain((n) => fc.record({ keys: fc.shuffledSubarray(KEYS.slice(0, n), { minLength: 2 }), n: fc.constant(n), scoring: scoringArb }))
  .map(({ keys, n, scoring }) => {
    const options = KEYS.slice(0, n).map((key) => opt(key, keys.includes(key)));
    return { item: { type: "order", options, order: keys, scoring }, right: keys, parts: keys.length };
  });

const dropdownArb: fc.Arbitrary<Case> = fc
  .record({
    blanks: fc.array(fc.record({ size: fc.integer({ min: 2, max: 4 }), k: fc.nat() }), { minLength: 1, maxLength: 4 }),
    scoring: scoringArb,
  })
  .map(({ blanks, scoring }) => {
    const options: ScorableOption[] = [];
    const right: string[] = [];
    blanks.forEach((b, bi) => {
      for (let i = 0; i < b.size; i++) {
        const key = KEYS[options.length];
        options.push(opt(key, i === b.k % b.size, BLANK_IDS[bi]));
        if (i === b.k % b.size) right.push(`${BLANK_IDS[bi]}=${key}`);
      }
    });
    return { item: { type: "dropdown", options, scoring }, right, parts: blanks.length };
  });

const anyCase = fc.oneof(singleArb, multipleArb, yesnoArb, orderArb, dropdownArb);

/** Answers mixing the item's own keys, name=value entries, arbitrary strings and non-strings. */
const answerFor = (item: ScorableItem): fc.Arbitrary<unknown[]> => {
  const key = fc.constantFrom(...item.options.map((o) => o.key), "zz", "");
  const name = fc.constantFrom(...item.options.map((o) => o.key), ...BLANK_IDS, "zz", "");
  const value = fc.oneof(fc.constantFrom("yes", "no", "Yes", "", "=", ...item.options.map((o) => o.key)), fc.string({ maxLength: 6 }));
  const entry = fc.oneof(
    { weight: 4, arbitrary: key },
    { weight: 4, arbitrary: fc.tuple(name, value).map(([n, v]) => `${n}=${v}`) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 1, maxKeys: 3 }) },
  );
  return fc.array(entry, { maxLength: 12 });
};

/** The invariants of every score (plain throws: expect() is slow in properties with thousands of runs). */
function checkScore(c: Case, answer: readonly unknown[]) {
  const s = scoreAnswer(c.item, answer);
  const fail = (what: string) => {
    throw new Error(`${what}: ${JSON.stringify({ item: c.item, answer: answer.map(String), score: s })}`);
  };
  if (s.max !== c.parts || s.parts.length !== s.max) fail(`max should be ${c.parts}`);
  if (!Number.isInteger(s.points) || s.points < 0 || s.points > s.max) fail("points outside 0..max");
  if (!(s.score >= 0 && s.score <= 1) || s.score !== (s.max > 0 ? s.points / s.max : 0)) fail("score is not points / max in [0, 1]");
  const extra = c.item.type === "order" ? Math.max(0, answer.filter((a) => typeof a === "string").length - (c.item.order ?? []).length) : 0;
  if (s.full !== (s.parts.every((p) => p.right) && extra === 0)) fail("full is not 'every part right (and no extra step)'");
  if (s.parts.some((p) => p.right && p.given !== p.expected)) fail("a part is right with another value than expected");
  const earned = s.parts.filter((p) => p.right).length;
  if (c.item.scoring === "all-or-nothing" ? s.points !== (s.full ? s.max : 0) : s.points !== Math.max(0, earned - extra)) fail("points are not the parts right (less extra steps)");
  return s;
}

describe("properties", () => {
  it("any answer: never throws, 0 <= points <= max, score in [0, 1]", () => {
    fc.assert(
      fc.property(
        anyCase.chain((c) => fc.tuple(fc.constant(c), answerFor(c.item))),
        ([c, answer]) => {
          checkScore(c, answer);
          const problem = answerProblem(c.item, answer);
          if (problem !== null && typeof problem !== "string") throw new Error("answerProblem returned a non-string");
          if (typeof answerUsesItsOptions(c.item, answer) !== "boolean") throw new Error("answerUsesItsOptions returned a non-boolean");
        },
      ),
      { numRuns: 600 },
    );
  });

  it("single and multiple: a point only for exactly the keyed set, whatever else the strings are", () => {
    const entry = fc.oneof(fc.constantFrom(...KEYS.slice(0, 8)), fc.string({ maxLength: 3 }), fc.string({ unit: "grapheme", maxLength: 3 }));
    fc.assert(
      fc.property(fc.oneof(singleArb, multipleArb), fc.array(entry, { maxLength: 10 }), (c, answer) => {
        const s = checkScore(c, answer);
        const keyed = [...new Set(c.right)].sort();
        const chosen = [...new Set(answer)].sort();
        if ((s.points > 0) !== (JSON.stringify(chosen) === JSON.stringify(keyed))) throw new Error(`${JSON.stringify(answer)} scored ${s.points}`);
      }),
      { numRuns: 1000 },
    );
  });

  it("the exactly-right answer always scores max, and is accepted", () => {
    fc.assert(
      fc.property(
        anyCase.chain((c) => fc.tuple(fc.constant(c), c.item.type === "order" ? fc.constant(c.right) : fc.shuffledSubarray(c.right, { minLength: c.right.length }))),
        ([c, answer]) => {
          const s = checkScore(c, answer);
          expect(s).toMatchObject({ points: c.parts, max: c.parts, score: 1, full: true });
          expect(answerProblem(c.item, answer)).toBeNull();
          expect(answerUsesItsOptions(c.item, answer)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("dropping a part of the right answer (yesno, dropdown, order's last step) loses exactly that point", () => {
    fc.assert(
      fc.property(fc.oneof(yesnoArb, orderArb, dropdownArb), fc.nat(), (c, pick) => {
        const drop = c.item.type === "order" ? c.right.length - 1 : pick % c.right.length;
        const answer = c.right.filter((_, i) => i !== drop);
        const s = checkScore(c, answer);
        expect(s.full).toBe(false);
        expect(s.points).toBe(c.item.scoring === "all-or-nothing" ? 0 : c.parts - 1);
        // A partial answer is kept during a mock but not accepted as a final answer (order excepted).
        expect(answerUsesItsOptions(c.item, answer)).toBe(true);
        if (c.item.type !== "order") expect(answerProblem(c.item, answer)).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("a random complete yesno or dropdown answer is accepted and earns a point per matching part", () => {
    /** One value per statement / blank, in a random order of entries. */
    const complete = (c: Case): fc.Arbitrary<{ answer: string[]; matching: number }> => {
      const perPart =
        c.item.type === "yesno"
          ? c.item.options.map((o) => fc.constantFrom("yes", "no").map((v) => ({ entry: `${o.key}=${v}`, right: (v === "yes") === o.correct })))
          : blanksOf(c.item).map((b) =>
              fc.constantFrom(...c.item.options.filter((o) => o.blank === b)).map((o) => ({ entry: `${b}=${o.key}`, right: o.correct })),
            );
      return fc
        .tuple(...perPart)
        .chain((parts) => fc.shuffledSubarray(parts, { minLength: parts.length }))
        .map((parts) => ({ answer: parts.map((p) => p.entry), matching: parts.filter((p) => p.right).length }));
    };
    fc.assert(
      fc.property(
        fc.oneof(yesnoArb, dropdownArb).chain((c) => fc.tuple(fc.constant(c), complete(c))),
        ([c, { answer, matching }]) => {
          expect(answerProblem(c.item, answer)).toBeNull();
          expect(answerUsesItsOptions(c.item, answer)).toBe(true);
          const s = checkScore(c, answer);
          expect(s.parts.every((p) => p.given !== null)).toBe(true);
          expect(s.points).toBe(c.item.scoring === "all-or-nothing" ? (matching === c.parts ? c.parts : 0) : matching);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
