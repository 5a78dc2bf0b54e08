import { describe, expect, it } from "vitest";
import { auditExam, LONGEST_KEY_LIMIT, POSITION_SHARE_LIMIT } from "./audit";
import { loadedExam, makeItem } from "./test-helpers";
import type { Item } from "./schema";

const DOMAINS = ["storage", "compute", "networking", "operations"];
const OBJ: Record<string, string[]> = { storage: ["object-storage", "storage-security"], compute: ["virtual-servers", "serverless"], networking: ["networks", "traffic"], operations: ["monitoring", "recovery"] };

/** A balanced bank: keys rotate over a-d, options of equal length, every objective covered, shares near the blueprint. */
function balancedBank(n = 40): Item[] {
  const counts = { storage: 11, compute: 13, networking: 9, operations: 7 } as Record<string, number>;
  const items: Item[] = [];
  let k = 0;
  for (const d of DOMAINS) {
    for (let i = 0; i < Math.round((counts[d] * n) / 40); i++, k++) {
      const key = k % 4;
      items.push(
        makeItem({
          id: `cld100-${d}-a${String(i).padStart(3, "0")}`,
          domain: d,
          objective: OBJ[d][i % 2],
          difficulty: 1 + (k % 5),
          references: ["https://example.com/cld-100/page"],
          stem: `Scenario ${d} ${i}: ${"abcdefghijklmnopqrstuvwxyz".split("").slice(i % 20, (i % 20) + 6).join(" ")} what next ${k}?`,
          options: ["a", "b", "c", "d"].map((id, j) => ({ id, text: `Option ${id} text`, correct: j === key, rationale: "r" })),
        }),
      );
    }
  }
  return items;
}

describe("auditExam", () => {
  it("a balanced bank raises no flag", () => {
    const a = auditExam(loadedExam(balancedBank()));
    expect(a.flags).toEqual([]);
    expect(a.keyPositions.map((p) => p.share)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(a.longestKeyShare).toBe(0);
    expect(a.domains.reduce((s, d) => s + d.items, 0)).toBe(a.items);
  });

  it("flags a key position above the limit and a key that is usually the longest option", () => {
    const items = balancedBank().map((i) => ({
      ...i,
      options: i.options.map((o, j) => ({ ...o, correct: j === 0, text: j === 0 ? "A much longer and more specific key option" : o.text })),
    }));
    const a = auditExam(loadedExam(items));
    expect(a.keyPositions[0].share).toBeGreaterThan(POSITION_SHARE_LIMIT);
    expect(a.longestKeyShare!).toBeGreaterThan(LONGEST_KEY_LIMIT);
    expect(a.flags.map((f) => f.rule)).toEqual(expect.arrayContaining(["key-position", "longest-key"]));
  });

  it("flags items without an official reference, empty objectives, near-duplicate stems and a lopsided domain", () => {
    const items = balancedBank().filter((i) => !(i.domain === "operations" && i.objective === "recovery"));
    items[0] = { ...items[0], references: ["https://blog.example.org/post"] };
    items[1] = { ...items[1], stem: items[2].stem };
    const a = auditExam(loadedExam(items));
    expect(a.withoutOfficialReference).toEqual([items[0].id]);
    expect(a.emptyObjectives).toEqual(["operations/recovery"]);
    expect(a.nearDuplicates.map((d) => [d.a, d.b].sort())).toContainEqual([items[1].id, items[2].id].sort());
    const onlyStorage = auditExam(loadedExam(balancedBank().filter((i) => i.domain === "storage")));
    expect(onlyStorage.flags.filter((f) => f.rule === "domain-share").length).toBeGreaterThan(0);
  });

  it("reports the difficulty histogram per domain and says when the exam has no items", () => {
    const a = auditExam(loadedExam(balancedBank()));
    expect(a.difficulty.find((d) => d.domain === "storage")!.histogram.reduce((s, x) => s + x, 0)).toBe(11);
    expect(auditExam(loadedExam([])).flags.map((f) => f.rule)).toContain("empty");
  });

  it("reports cue shares for a small bank without flagging them", () => {
    const items = balancedBank(8).map((i) => ({ ...i, options: i.options.map((o, j) => ({ ...o, correct: j === 0 })) }));
    const a = auditExam(loadedExam(items));
    expect(a.keyPositions[0].share).toBe(1);
    expect(a.flags.some((f) => f.rule === "key-position")).toBe(false);
  });
});
