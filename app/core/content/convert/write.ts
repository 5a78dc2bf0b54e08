/**
 * Serialise an item to the content file format: YAML front matter (via `yaml`), the stem,
 * then `## Explanation`. `parseItem(serializeItem(x))` gives back the same item.
 */
import { Document } from "yaml";
import type { Item, ItemFrontMatter } from "../schema";
import { safeStem } from "../parse-item";

type Writable = ItemFrontMatter & { stem: string; explanation: string };

/** Key order of the front matter, as in docs/content-format.md. */
const ORDER: (keyof ItemFrontMatter)[] = [
  "id",
  "exam",
  "domain",
  "objective",
  "suggestedDomain",
  "type",
  "choose",
  "order",
  "scoring",
  "caseStudy",
  "difficulty",
  "options",
  "references",
  "provenance",
  "revision",
  "reviewed",
  "tags",
];

/** `<EXAM>/items/<domain>/<id>.md`, relative to a content root. */
export function itemRelativePath(item: Pick<Item, "exam" | "domain" | "id">): string {
  return `${item.exam}/items/${item.domain}/${item.id}.md`;
}

/** The front matter object in canonical key order, without defaults that add nothing. */
export function frontMatterOf(item: Writable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ORDER) {
    const value = item[key];
    if (value === undefined) continue;
    if (key === "options") {
      out.options = item.options.map((o) => ({
        id: o.id,
        text: o.text,
        ...(o.correct ? { correct: true } : {}),
        ...(o.rationale !== undefined ? { rationale: o.rationale } : {}),
        ...(o.blank !== undefined ? { blank: o.blank } : {}),
      }));
    } else if (key === "provenance") {
      const p = item.provenance;
      out.provenance = { kind: p.kind, ...(p.source !== undefined ? { source: p.source } : {}), ...(p.licence !== undefined ? { licence: p.licence } : {}) };
    } else if (key === "reviewed" && item.reviewed) {
      out.reviewed = { by: item.reviewed.by, on: item.reviewed.on };
    } else out[key] = value;
  }
  return out;
}

export function serializeItem(item: Writable): string {
  const doc = new Document(frontMatterOf(item));
  const yamlText = doc.toString({ lineWidth: 0, minContentWidth: 0 });
  const explanation = item.explanation.trim();
  return `---\n${yamlText}---\n${safeStem(item.stem.trim())}\n\n## Explanation\n${explanation ? `${explanation}\n` : ""}`;
}
