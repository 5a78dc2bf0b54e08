import { describe, expect, it } from "vitest";
import { parseItem } from "../parse-item";
import { itemRelativePath, serializeItem } from "./write";
import { convertGift } from "./gift";
import { makeItem, testExam } from "../test-helpers";

describe("serializeItem", () => {
  it("writes front matter in the documented order, then stem and explanation", () => {
    const item = makeItem({ id: "cld100-storage-900", tags: ["x"], objective: "object-storage" });
    const text = serializeItem(item);
    expect(text.startsWith("---\nid: cld100-storage-900\nexam: CLD-100\ndomain: storage\nobjective: object-storage\ntype: single\ndifficulty: 3\noptions:\n  - id: a\n")).toBe(true);
    expect(text).toContain("\n---\n" + item.stem + "\n\n## Explanation\nBecause the documentation says so.\n");
    expect(text).not.toContain("correct: false");
  });

  it("round-trips through parseItem", () => {
    const item = makeItem({
      id: "cld100-storage-901",
      type: "multiple",
      choose: 2,
      options: [
        { id: "a", text: "Text with: colon and # hash", correct: true, rationale: "Multi\nline rationale" },
        { id: "b", text: "'quoted' and \"double\"", correct: true, rationale: "r" },
        { id: "c", text: "- starts like a list", correct: false, rationale: "r" },
      ],
      stem: "Stem with `code` and\n\n```sh\nls -la\n```",
      provenance: { kind: "adapted", source: "Some CC BY source", licence: "CC BY 4.0" },
      tags: ["a", "b"],
    });
    const { file, ...rest } = item;
    const parsed = parseItem(serializeItem(item), file);
    expect(parsed.problems).toEqual([]);
    expect(parsed.item).toEqual({ ...rest, file });
  });

  it("round-trips converted items, including a literal explanation heading in the stem", () => {
    const exam = testExam();
    const { items } = convertGift("Which line?\\n## Explanation\\nis part of the stem {=One ~Two}", { exam, sourceName: "x.gift" });
    expect(items[0].stem).toBe("Which line?\n\\## Explanation\nis part of the stem");
    const { sourceLine, ...front } = items[0];
    expect(sourceLine).toBe(1);
    const parsed = parseItem(serializeItem(items[0]), itemRelativePath(items[0]));
    expect(parsed.item).toEqual({ ...front, file: itemRelativePath(items[0]) });
  });

  it("builds the content path from exam, domain and id", () => {
    expect(itemRelativePath({ exam: "AZ-104", domain: "storage", id: "az104-storage-007" })).toBe("AZ-104/items/storage/az104-storage-007.md");
  });
});
