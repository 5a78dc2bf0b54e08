/**
 * Scoring an answer to any item type, part by part (docs/content-format.md, "Scoring").
 *
 * An answer is a list of strings, the same encoding the forms post and the database stores:
 * - single, multiple: the chosen option keys;
 * - yesno: `<statement key>=yes` or `<statement key>=no` per statement;
 * - order: the chosen step keys, in the chosen order;
 * - dropdown: `<blank id>=<option key>` per blank.
 *
 * Points: single and multiple answer score as before, one point, all or nothing (exactly the
 * keyed set). yesno: a point per statement judged right; order: a point per position of the
 * right sequence holding the right step (a missing step earns nothing at its position, and each
 * step beyond the sequence's length costs a point, never below zero);
 * dropdown: a point per blank. `scoring: all-or-nothing` gives the maximum only when every part
 * is right. Never throws: unknown keys, duplicates and malformed entries are simply not right.
 */
export type ScoringType = "single" | "multiple" | "yesno" | "order" | "dropdown";

export type ScorableOption = { key: string; correct: boolean; blank?: string | null };
export type ScorableItem = {
  type: ScoringType | string;
  options: readonly ScorableOption[];
  /** order items: the right sequence of step keys. */
  order?: readonly string[] | null;
  scoring?: "partial" | "all-or-nothing" | string | null;
};

export type PartResult = {
  /** Statement key, step position (1-based, as text), blank id, or "answer" for single/multiple. */
  part: string;
  /** What the candidate gave for this part (option key, "yes"/"no"), null when nothing. */
  given: string | null;
  /** The right value for this part. */
  expected: string;
  right: boolean;
};

export type Score = {
  points: number;
  max: number;
  /** points / max, 0..1. */
  score: number;
  /** Every part right. */
  full: boolean;
  parts: PartResult[];
};

/** Split `name=value` answer entries into a map (the first entry for a name wins). */
export function answerPairs(answer: readonly unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of answer) {
    if (typeof a !== "string") continue;
    const i = a.indexOf("=");
    if (i <= 0) continue;
    const name = a.slice(0, i);
    if (!out.has(name)) out.set(name, a.slice(i + 1));
  }
  return out;
}

/** The `[[blank]]` placeholders of a stem, each once, in the order they appear. */
export function stemBlanks(stem: string): string[] {
  return [...new Set([...stem.matchAll(/\[\[([a-z0-9-]{1,20})\]\]/g)].map((m) => m[1]))];
}

/** Blank ids of a dropdown item, in the order their first option appears. */
export function blanksOf(item: Pick<ScorableItem, "options">): string[] {
  const out: string[] = [];
  for (const o of item.options) if (o.blank && !out.includes(o.blank)) out.push(o.blank);
  return out;
}

export function scoreAnswer(item: ScorableItem, answer: readonly unknown[]): Score {
  const list = Array.isArray(answer) ? answer.filter((a): a is string => typeof a === "string") : [];
  const parts: PartResult[] = [];
  switch (item.type) {
    case "yesno": {
      const given = answerPairs(list);
      for (const o of item.options) {
        const g = given.get(o.key);
        const value = g === "yes" || g === "no" ? g : null;
        const expected = o.correct ? "yes" : "no";
        parts.push({ part: o.key, given: value, expected, right: value === expected });
      }
      break;
    }
    case "order": {
      const seq = item.order ?? [];
      seq.forEach((key, i) => {
        const g = list[i] ?? null;
        parts.push({ part: String(i + 1), given: g, expected: key, right: g === key });
      });
      break;
    }
    case "dropdown": {
      const given = answerPairs(list);
      for (const blank of blanksOf(item)) {
        const right = item.options.find((o) => o.blank === blank && o.correct);
        const g = given.get(blank) ?? null;
        const valid = g !== null && item.options.some((o) => o.blank === blank && o.key === g);
        parts.push({ part: blank, given: valid ? g : null, expected: right?.key ?? "", right: Boolean(right) && g === right!.key });
      }
      break;
    }
    default: {
      // single, multiple (and anything unknown): exactly the keyed set, one point.
      const keyed = item.options.filter((o) => o.correct).map((o) => o.key);
      const chosen = new Set(list);
      const right = keyed.length > 0 && chosen.size === keyed.length && keyed.every((k) => chosen.has(k));
      parts.push({ part: "answer", given: list.length ? [...chosen].sort().join(",") : null, expected: keyed.slice().sort().join(","), right });
    }
  }
  const max = parts.length;
  // An order answer's steps beyond the right sequence (unneeded actions) cost a point each.
  const extra = item.type === "order" ? Math.max(0, list.length - (item.order ?? []).length) : 0;
  const earned = Math.max(0, parts.filter((p) => p.right).length - extra);
  const full = max > 0 && earned === max;
  const points = item.scoring === "all-or-nothing" ? (full ? max : 0) : earned;
  return { points, max, score: max > 0 ? points / max : 0, full, parts };
}

/** Multi-part types (more than one point possible). */
export function isMultiPart(type: string): boolean {
  return type === "yesno" || type === "order" || type === "dropdown";
}

/**
 * Why an answer cannot be accepted as given (the form's message), or null when it is well
 * formed: every part answered and only with the item's own options. A wrong answer is well formed.
 */
export function answerProblem(item: Pick<ScorableItem, "type" | "options">, answer: readonly unknown[]): string | null {
  const list = Array.isArray(answer) ? answer : [];
  if (list.length === 0) return item.type === "yesno" ? "Answer Yes or No for every statement." : item.type === "dropdown" ? "Choose an option in every blank." : item.type === "order" ? "Add at least one step to your answer." : "Choose an answer first.";
  if (list.some((a) => typeof a !== "string")) return "That answer is not one of the options.";
  const strings = list as string[];
  const keys = new Set(item.options.map((o) => o.key));
  switch (item.type) {
    case "yesno": {
      const pairs = answerPairs(strings);
      if (strings.length !== pairs.size || [...pairs].some(([k, v]) => !keys.has(k) || (v !== "yes" && v !== "no"))) return "That answer is not one of the options.";
      if (item.options.some((o) => !pairs.has(o.key))) return "Answer Yes or No for every statement.";
      return null;
    }
    case "dropdown": {
      const pairs = answerPairs(strings);
      const blanks = blanksOf(item);
      if (strings.length !== pairs.size) return "That answer is not one of the options.";
      for (const [b, k] of pairs) if (!item.options.some((o) => o.blank === b && o.key === k)) return "That answer is not one of the options.";
      if (blanks.some((b) => !pairs.has(b))) return "Choose an option in every blank.";
      return null;
    }
    case "order":
      if (strings.some((s) => !keys.has(s))) return "That answer is not one of the options.";
      if (new Set(strings).size !== strings.length) return "Each step can be used once.";
      return null;
    case "single":
      if (strings.some((s) => !keys.has(s))) return "That answer is not one of the options.";
      return strings.length === 1 ? null : "Choose one answer.";
    default:
      if (strings.some((s) => !keys.has(s))) return "That answer is not one of the options.";
      return null;
  }
}

/**
 * Every entry of a (possibly partial) answer uses the item's own options: keys for single,
 * multiple and order (no duplicates); `statement=yes|no` for yesno; `blank=key` of that blank
 * for dropdown; each statement or blank at most once. Used where partial answers are kept
 * (mock exams save as the candidate goes).
 */
export function answerUsesItsOptions(item: Pick<ScorableItem, "type" | "options">, answer: readonly unknown[]): boolean {
  if (!Array.isArray(answer) || answer.some((a) => typeof a !== "string")) return false;
  const list = answer as string[];
  if (new Set(list).size !== list.length) return false;
  const keys = new Set(item.options.map((o) => o.key));
  if (item.type === "yesno" || item.type === "dropdown") {
    const pairs = answerPairs(list);
    if (pairs.size !== list.length) return false;
    for (const [name, value] of pairs) {
      if (item.type === "yesno" ? !keys.has(name) || (value !== "yes" && value !== "no") : !item.options.some((o) => o.blank === name && o.key === value)) return false;
    }
    return true;
  }
  if (item.type === "single" && list.length > 1) return false;
  return list.every((k) => keys.has(k));
}
