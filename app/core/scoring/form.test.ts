import { describe, expect, it } from "vitest";
import { answerFromForm } from "./form";
import { answerProblem, scoreAnswer } from "./score";

const form = (...entries: [string, string | Blob][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("answerFromForm: single and multiple", () => {
  it("takes the `selected` fields in order, trimmed", () => {
    expect(answerFromForm([["selected", "b"]])).toEqual({ ok: true, selected: ["b"] });
    expect(answerFromForm([["selected", " a "], ["selected", "c"]])).toEqual({ ok: true, selected: ["a", "c"] });
  });
  it("no field at all is an empty answer (answerProblem then asks for one)", () => {
    expect(answerFromForm([])).toEqual({ ok: true, selected: [] });
    expect(answerFromForm([["questionId", "q1"], ["guessed", "on"], ["elapsedMs", "1200"]])).toEqual({ ok: true, selected: [] });
  });
  it("keeps an empty `selected` value, which answerProblem rejects", () => {
    const r = answerFromForm([["selected", "  "]]);
    expect(r).toEqual({ ok: true, selected: [""] });
    expect(answerProblem({ type: "single", options: [{ key: "a", correct: true }] }, r.ok ? r.selected : [])).toBe("That answer is not one of the options.");
  });
  it("works on a real FormData and ignores file fields", () => {
    expect(answerFromForm(form(["selected", "a"], ["selected", new Blob(["x"])], ["selected", "b"]).entries())).toEqual({ ok: true, selected: ["a", "b"] });
    expect(answerFromForm([["selected", 42], ["selected", null], ["selected", "a"]] as [string, unknown][])).toEqual({ ok: true, selected: ["a"] });
  });
});

describe("answerFromForm: yesno and dropdown (`part-<id>`)", () => {
  it("encodes each part as `<id>=<value>`, in form order", () => {
    expect(answerFromForm([["part-a", "yes"], ["part-b", "no"], ["part-c", "yes"]])).toEqual({ ok: true, selected: ["a=yes", "b=no", "c=yes"] });
    expect(answerFromForm(form(["part-sku", "a"], ["part-kind", " d "]).entries())).toEqual({ ok: true, selected: ["sku=a", "kind=d"] });
  });
  it("skips unanswered parts (an empty select or no radio checked)", () => {
    expect(answerFromForm([["part-sku", ""], ["part-kind", "d"], ["part-tier", "   "]])).toEqual({ ok: true, selected: ["kind=d"] });
  });
  it("parts win over stray `selected` fields", () => {
    expect(answerFromForm([["selected", "a"], ["part-a", "yes"]])).toEqual({ ok: true, selected: ["a=yes"] });
  });
  it("only empty parts fall back to `selected` (here none: an empty answer)", () => {
    expect(answerFromForm([["part-a", ""], ["part-b", ""]])).toEqual({ ok: true, selected: [] });
  });
  it("the result scores as the form meant it", () => {
    const item = { type: "yesno", options: [{ key: "a", correct: true }, { key: "b", correct: false }] };
    const r = answerFromForm(form(["part-a", "yes"], ["part-b", "yes"]).entries());
    expect(r.ok && scoreAnswer(item, r.selected).points).toBe(1);
  });
});

describe("answerFromForm: order (`step-<key>` positions)", () => {
  it("sorts the used steps by position", () => {
    expect(answerFromForm([["step-a", "2"], ["step-b", "3"], ["step-c", "1"]])).toEqual({ ok: true, selected: ["c", "a", "b"] });
  });
  it('leaves out steps marked "Not used" (empty)', () => {
    expect(answerFromForm([["step-a", "2"], ["step-b", ""], ["step-c", "1"], ["step-d", " "]])).toEqual({ ok: true, selected: ["c", "a"] });
  });
  it("closes gaps between positions", () => {
    expect(answerFromForm([["step-a", "5"], ["step-b", "2"]])).toEqual({ ok: true, selected: ["b", "a"] });
  });
  it("accepts positions up to 64, trimmed", () => {
    expect(answerFromForm([["step-a", " 64 "], ["step-b", "1"]])).toEqual({ ok: true, selected: ["b", "a"] });
  });
  it.each(["0", "-1", "1.5", "abc", "65", "1,2", "Infinity", "NaN"])("rejects the position %j", (pos) => {
    expect(answerFromForm([["step-a", "1"], ["step-b", pos]])).toEqual({ ok: false, message: "A step position must be a whole number from 1." });
  });
  it("rejects two steps at the same position, naming it", () => {
    expect(answerFromForm([["step-a", "1"], ["step-b", "2"], ["step-c", "2"]])).toEqual({
      ok: false,
      message: "Two steps are both at position 2: give each step its own position.",
    });
    expect(answerFromForm(form(["step-a", "3"], ["step-b", "03"]).entries())).toMatchObject({ ok: false, message: expect.stringMatching(/position 3:/) });
  });
  it("steps win over parts and `selected`", () => {
    expect(answerFromForm([["selected", "x"], ["part-a", "yes"], ["step-b", "1"]])).toEqual({ ok: true, selected: ["b"] });
  });
  it("no step used is an empty answer (answerProblem then asks for a step)", () => {
    const r = answerFromForm([["step-a", ""], ["step-b", ""]]);
    expect(r).toEqual({ ok: true, selected: [] });
    expect(answerProblem({ type: "order", options: [{ key: "a", correct: true }] }, r.ok ? r.selected : [])).toBe("Add at least one step to your answer.");
  });
});
