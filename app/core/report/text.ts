/**
 * Small text helpers shared by the score-report parser: folding (case, accents, fancy
 * punctuation), tokenising, a light English stemmer and compact keys for
 * punctuation-insensitive comparison. Pure functions; never throw on any string.
 */

/** Lowercase, strip accents, unify dashes/quotes/spaces. */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g, " ")
    .toLowerCase();
}

/** Lowercase ASCII-ish words ([a-z0-9]+) of a text. */
export function words(text: string): string[] {
  return fold(text).match(/[a-z0-9]+/g) ?? [];
}

/** Letters and digits only, lowercase: "Below-Target!" -> "belowtarget". */
export function compactKey(text: string): string {
  return words(text).join("");
}

/** Function words ignored when comparing domain names. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  "a", "an", "and", "or", "the", "to", "for", "of", "by", "in", "on", "at", "as", "with",
  "using", "use", "that", "from", "into", "your", "its", "is", "are", "be", "via",
]);

/**
 * A deliberately light stemmer, enough to equate "networking"/"network",
 * "identities"/"identity", "services"/"service", "monitoring"/"monitor".
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Stems of the content words of a text (stopwords removed). */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}

/** Compact key of the content words only: "Implement and manage storage" -> "implementmanagestorage". */
export function contentKey(text: string): string {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .join("");
}
