/**
 * Suggest a domain (and objective) for a converted question by matching its words against
 * the exam's domain and objective names and the optional `keywords` of each objective
 * (data in exam.yaml). A suggestion is only a starting point: converters mark such items
 * `suggestedDomain: true` and tag them `needs-review`.
 */
import type { ExamDefinition } from "../schema";

export type DomainSuggestion = {
  domain: string;
  objective?: string;
  /** Match score of the chosen objective; 0 means nothing matched (fallback domain). */
  score: number;
  /** The words and keywords that matched, for explaining the choice. */
  matched: string[];
};

/** Words too common in blueprint names to say anything about a domain. */
const STOP = new Set(
  (
    "a an and are as at be by can do for from how in into is it its of on or that the their them then these this to use used using " +
    "what when where which who why will with you your not no all any each should must need needs want wants azure microsoft " +
    "manage managing configure configuring implement implementing create creating develop developing solution solutions " +
    "following question answer option options correct true false"
  ).split(" "),
);

/** Lowercase word tokens with a light plural/suffix stemming. */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map(stem).filter((w) => w.length > 1 && !STOP.has(w));
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
}

type Term = { words: string[]; weight: number; label: string };
type Candidate = { domain: string; objective?: string; terms: Term[] };

const modelCache = new WeakMap<ExamDefinition, Candidate[]>();

function model(exam: ExamDefinition): Candidate[] {
  const cached = modelCache.get(exam);
  if (cached) return cached;
  // document frequency of name words across objectives, for IDF-like weights
  const df = new Map<string, number>();
  const objectiveCount = exam.domains.reduce((n, d) => n + d.objectives.length, 0) || 1;
  for (const d of exam.domains) {
    for (const o of d.objectives) {
      for (const w of new Set(tokenize(`${o.name} ${d.name} ${d.short ?? ""}`))) df.set(w, (df.get(w) ?? 0) + 1);
    }
  }
  const idf = (w: string) => Math.log(1 + objectiveCount / (df.get(w) ?? 1));

  const candidates: Candidate[] = [];
  for (const d of exam.domains) {
    const domainWords = new Set([...tokenize(d.name), ...tokenize(d.short ?? ""), ...tokenize(d.id.replace(/-/g, " "))]);
    for (const o of d.objectives) {
      const terms: Term[] = [];
      const objectiveWords = new Set([...tokenize(o.name), ...tokenize(o.id.replace(/-/g, " "))]);
      for (const w of objectiveWords) terms.push({ words: [w], weight: idf(w), label: w });
      for (const w of domainWords) if (!objectiveWords.has(w)) terms.push({ words: [w], weight: 0.5 * idf(w), label: w });
      for (const k of o.keywords ?? []) {
        const words = tokenize(k);
        if (words.length) terms.push({ words, weight: 2 + words.length, label: k });
      }
      candidates.push({ domain: d.id, objective: o.id, terms });
    }
  }
  modelCache.set(exam, candidates);
  return candidates;
}

/**
 * Best-matching domain and objective for `text`. With `withinDomain`, only that domain's
 * objectives are considered. Without any match, the domain with the largest weight is
 * returned (score 0, no objective).
 */
export function suggestDomain(exam: ExamDefinition, text: string, withinDomain?: string): DomainSuggestion {
  const tokens = tokenize(text);
  const tokenSet = new Set(tokens);
  const joined = ` ${tokens.join(" ")} `;

  let best: { c: Candidate; score: number; matched: string[] } | undefined;
  for (const c of model(exam)) {
    if (withinDomain && c.domain !== withinDomain) continue;
    let score = 0;
    const matched: string[] = [];
    for (const t of c.terms) {
      const hit = t.words.length === 1 ? tokenSet.has(t.words[0]) : joined.includes(` ${t.words.join(" ")} `);
      if (hit) {
        score += t.weight;
        matched.push(t.label);
      }
    }
    if (score > 0 && (!best || score > best.score + 1e-9)) best = { c, score, matched };
  }
  if (best) return { domain: best.c.domain, objective: best.c.objective, score: round(best.score), matched: [...new Set(best.matched)] };

  const fallback =
    (withinDomain && exam.domains.find((d) => d.id === withinDomain)) ||
    [...exam.domains].sort((a, b) => b.weight.max - a.weight.max || b.weight.min - a.weight.min)[0];
  return { domain: fallback.id, score: 0, matched: [] };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
