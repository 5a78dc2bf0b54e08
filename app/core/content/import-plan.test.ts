import { describe, expect, it } from "vitest";
import { itemContentHash, planImport } from "./import-plan";
import { makeItem } from "./test-helpers";

describe("itemContentHash", () => {
  it("is stable across key order, the file path and absent optional fields", () => {
    const a = makeItem({ id: "h-1", stem: "Stem?" });
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(itemContentHash(reordered)).toBe(itemContentHash(a));
    expect(itemContentHash({ ...a, file: "elsewhere/h-1.md" })).toBe(itemContentHash(a));
    expect(itemContentHash({ ...a, tags: undefined })).toBe(itemContentHash(a));
    expect(itemContentHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });
  it("changes with anything a candidate sees or the database stores", () => {
    const a = makeItem({ id: "h-2" });
    const base = itemContentHash(a);
    const variants = [
      { ...a, stem: a.stem + " Now?" },
      { ...a, explanation: "Other." },
      { ...a, difficulty: 4 },
      { ...a, objective: "storage-security" },
      { ...a, options: a.options.map((o, i) => (i === 1 ? { ...o, rationale: "changed" } : o)) },
      { ...a, options: [...a.options].reverse() },
      { ...a, references: ["https://example.com/other"] },
      { ...a, revision: 2 },
      { ...a, reviewed: undefined },
      { ...a, tags: ["x"] },
    ];
    const hashes = new Set(variants.map(itemContentHash));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(base)).toBe(false);
  });
});

describe("planImport", () => {
  it("sorts items into create, update, unchanged, retire and revive", () => {
    const same = makeItem({ id: "p-same" });
    const changed = makeItem({ id: "p-changed" });
    const fresh = makeItem({ id: "p-new" });
    const back = makeItem({ id: "p-back" });
    const plan = planImport(
      [
        { id: "p-same", contentHash: itemContentHash(same), retired: false },
        { id: "p-changed", contentHash: "old-hash", retired: false },
        { id: "p-gone", contentHash: "x", retired: false },
        { id: "p-long-gone", contentHash: "y", retired: true },
        { id: "p-back", contentHash: itemContentHash(back), retired: true },
      ],
      [fresh, changed, same, back],
    );
    expect(plan.create.map((i) => i.id)).toEqual(["p-new"]);
    expect(plan.update.map((i) => i.id)).toEqual(["p-changed"]);
    expect(plan.unchanged).toEqual(["p-same"]);
    expect(plan.retire).toEqual(["p-gone"]);
    expect(plan.revive.map((i) => i.id)).toEqual(["p-back"]);
  });
  it("is empty for empty input and throws on repeated incoming ids", () => {
    expect(planImport([], [])).toEqual({ create: [], update: [], unchanged: [], retire: [], revive: [] });
    const a = makeItem({ id: "p-dup" });
    expect(() => planImport([], [a, { ...a }])).toThrow(/appears more than once/);
  });
  it("retires everything when the files are gone", () => {
    expect(planImport([{ id: "b", contentHash: "1", retired: false }, { id: "a", contentHash: "2", retired: false }], []).retire).toEqual(["a", "b"]);
  });
});
