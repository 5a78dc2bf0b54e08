/**
 * Score-report bands: the per-exam labels ("Below Target", "Needs improvement", ...) and
 * their levels (weak < near < strong). Labels, aliases and bar thresholds are data in the
 * exam definition; nothing here knows any exam's wording.
 */
import { bandLevels, type BandLevel, type ExamDefinition } from "../content/schema";
import { compactKey, words } from "./text";

export type BandMatch = { label: string; level: BandLevel };

/** Levels from weakest to strongest. */
export const levelOrder: readonly BandLevel[] = bandLevels;

/** Rank of a level: weak 0, near 1, strong 2. */
export function levelRank(level: BandLevel): number {
  return levelOrder.indexOf(level);
}

/** Sort comparator: weakest first. */
export function compareLevels(a: BandLevel, b: BandLevel): number {
  return levelRank(a) - levelRank(b);
}

export function isBandLevel(value: unknown): value is BandLevel {
  return typeof value === "string" && (levelOrder as readonly string[]).includes(value);
}

const genericLabel: Record<BandLevel, string> = { weak: "Weak", near: "Near", strong: "Strong" };

/**
 * The exam's canonical band for a level: the first band with that level. An exam that has
 * no band for a level (allowed by the schema) gets a generic label ("Weak", ...).
 */
export function bandForLevel(exam: ExamDefinition, level: BandLevel): BandMatch {
  const band = exam.bands.find((b) => b.level === level);
  return { label: band ? band.label : genericLabel[level], level };
}

const phraseCache = new WeakMap<ExamDefinition, BandPhrase[]>();

/** A band phrase the parser can look for: a label or an alias, as words and as a compact key. */
export type BandPhrase = BandMatch & { key: string; words: string[] };

/**
 * Every phrase that names a band of this exam, labels first, then aliases, then the level
 * names themselves ("weak", "near", "strong": the app's own vocabulary), longest first
 * within each group. Phrases that fold to nothing are skipped; a phrase already claimed by
 * an earlier band keeps its first meaning.
 */
export function bandPhrases(exam: ExamDefinition): BandPhrase[] {
  const cached = phraseCache.get(exam);
  if (cached) return cached;
  const out: BandPhrase[] = [];
  const seen = new Set<string>();
  const add = (text: string, match: BandMatch) => {
    const key = compactKey(text);
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push({ ...match, key, words: words(text) });
  };
  const labels = exam.bands.map((b) => ({ text: b.label, match: { label: b.label, level: b.level } }));
  const aliases = exam.bands.flatMap((b) =>
    (b.aliases ?? []).map((a) => ({ text: a, match: { label: b.label, level: b.level } })),
  );
  const byLength = (x: { text: string }, y: { text: string }) => compactKey(y.text).length - compactKey(x.text).length;
  for (const { text, match } of [...labels].sort(byLength)) add(text, match);
  for (const { text, match } of [...aliases].sort(byLength)) add(text, match);
  for (const level of levelOrder) add(level, bandForLevel(exam, level));
  phraseCache.set(exam, out);
  return out;
}

/**
 * The band a text names on this exam, ignoring case, spaces and punctuation:
 * "BELOW-target." -> { label: "Below Target", level: "weak" }. Labels win over aliases;
 * the level names "weak"/"near"/"strong" are accepted as a last resort. Null if none.
 */
export function levelForLabel(exam: ExamDefinition, text: string): BandMatch | null {
  if (typeof text !== "string") return null;
  const key = compactKey(text);
  if (!key) return null;
  const hit = bandPhrases(exam).find((p) => p.key === key);
  return hit ? { label: hit.label, level: hit.level } : null;
}

/**
 * The band for an approximate bar length on the report's chart (0-100, % of the longest
 * possible bar): below `nearFrom` weak, from `nearFrom` near, from `strongFrom` strong.
 * Values outside 0-100 are clamped; a non-finite length gives null.
 */
export function bandForBarLength(exam: ExamDefinition, length0to100: number): BandMatch | null {
  if (typeof length0to100 !== "number" || !Number.isFinite(length0to100)) return null;
  const length = Math.min(100, Math.max(0, length0to100));
  const { nearFrom, strongFrom } = exam.barThresholds;
  const level: BandLevel = length >= strongFrom ? "strong" : length >= nearFrom ? "near" : "weak";
  return bandForLevel(exam, level);
}
