/**
 * Importer planning (pure): compare the items in the content files with what the database
 * already holds and decide what to create, update, leave alone, retire or bring back.
 * The database side applies the plan; this module never touches it.
 */
import type { Item } from "./schema";
import { canonicalJson, sha256Hex } from "./hash";

export type ExistingItem = { id: string; contentHash: string; retired: boolean };

export type ImportPlan = {
  /** In the files, not in the database. */
  create: Item[];
  /** In the database (active) with a different content hash. */
  update: Item[];
  /** Ids in the database (active) with the same content hash. */
  unchanged: string[];
  /** Ids active in the database but no longer in the files. */
  retire: string[];
  /** Retired in the database and back in the files (store their current content and un-retire). */
  revive: Item[];
};

/** Bump when the hashed representation changes, so every item is re-imported once. */
const HASH_VERSION = "item-v1";

/**
 * Stable hash of everything about an item that the database stores or a candidate sees: all
 * front matter fields, stem and explanation. The file path is excluded (moving a file is not
 * a content change); key order and absent optional fields do not matter.
 */
export function itemContentHash(item: Item): string {
  const content = {
    id: item.id,
    exam: item.exam,
    domain: item.domain,
    objective: item.objective,
    type: item.type,
    choose: item.choose,
    difficulty: item.difficulty,
    options: item.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct === true, rationale: o.rationale, blank: o.blank })),
    order: item.order,
    scoring: item.scoring,
    caseStudy: item.caseStudy,
    references: item.references ?? [],
    provenance: item.provenance,
    revision: item.revision ?? 1,
    reviewed: item.reviewed,
    tags: item.tags,
    suggestedDomain: item.suggestedDomain,
    stem: item.stem.trim(),
    explanation: item.explanation.trim(),
  };
  return sha256Hex(`${HASH_VERSION}\n${canonicalJson(content)}`);
}

/**
 * Decide the import actions. Lists are sorted by id. Throws if `incoming` repeats an id
 * (validated content never does).
 */
export function planImport(existing: readonly ExistingItem[], incoming: readonly Item[]): ImportPlan {
  const plan: ImportPlan = { create: [], update: [], unchanged: [], retire: [], revive: [] };
  const byId = new Map<string, ExistingItem>();
  for (const e of existing) byId.set(e.id, e);

  const incomingIds = new Set<string>();
  for (const item of incoming) {
    if (incomingIds.has(item.id)) {
      throw new Error(`planImport: item id "${item.id}" appears more than once; run content:check first`);
    }
    incomingIds.add(item.id);
    const current = byId.get(item.id);
    if (!current) plan.create.push(item);
    else if (current.retired) plan.revive.push(item);
    else if (current.contentHash === itemContentHash(item)) plan.unchanged.push(item.id);
    else plan.update.push(item);
  }
  for (const e of byId.values()) {
    if (!e.retired && !incomingIds.has(e.id)) plan.retire.push(e.id);
  }

  const byItemId = (a: Item, b: Item) => compare(a.id, b.id);
  plan.create.sort(byItemId);
  plan.update.sort(byItemId);
  plan.revive.sort(byItemId);
  plan.unchanged.sort(compare);
  plan.retire.sort(compare);
  return plan;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
