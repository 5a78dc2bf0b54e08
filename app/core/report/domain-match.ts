/**
 * Matching free text ("Compute Solutions", "NETWORKING", "Manage Azure identities and
 * governance (20-25%)") to one domain of an exam, without a hard-coded list of short names.
 *
 * Rule: a text matches a domain exactly when its content words equal the domain's name or
 * short name. Otherwise it is scored by the *distinctive* words it shares with each domain,
 * i.e. words of that domain that the exam's other domains don't use (after light stemming):
 *   - 4 points per word of the domain's name/short name that no other domain uses anywhere
 *     (name, short name or objectives), e.g. "networking" on AZ-104;
 *   - 1 point per word of the name/short name that other domains use only in objectives
 *     (e.g. "virtual": networking's name, but compute's "virtual machines" objective);
 *   - 1 point per objective word used by no other domain (e.g. "functions" on AZ-204).
 * The best domain wins if its score is positive and strictly higher than the runner-up's;
 * a tie is "ambiguous" (e.g. "Storage and compute"). Words shared by several domains
 * ("Azure", "manage", "implement") never decide anything.
 */
import type { ExamDefinition } from "../content/schema";
import { contentKey, contentStems } from "./text";

export type DomainMatch =
  | {
      kind: "match";
      id: string;
      exact: boolean;
      score: number;
      coverage: number;
      /** The runner-up's score: 4 or more means the text also names another domain. */
      second: number;
    }
  | { kind: "ambiguous"; ids: string[] }
  | { kind: "none" };

type Indexed = {
  id: string;
  exactKeys: string[];
  strict: Set<string>;
  loose: Set<string>;
  objective: Set<string>;
  vocabulary: Set<string>;
};

export type DomainMatcher = {
  exam: ExamDefinition;
  match(text: string): DomainMatch;
  /** Distinctive name words per domain id (for tests and diagnostics). */
  distinctive(id: string): string[];
};

const cache = new WeakMap<ExamDefinition, DomainMatcher>();

export function domainMatcher(exam: ExamDefinition): DomainMatcher {
  const cached = cache.get(exam);
  if (cached) return cached;

  const base = exam.domains.map((d) => {
    const nameText = `${d.name} ${d.short ?? ""}`;
    return {
      id: d.id,
      exactKeys: [contentKey(d.name), d.short ? contentKey(d.short) : ""].filter((k) => k.length > 0),
      nameStems: new Set(contentStems(nameText)),
      objectiveStems: new Set(d.objectives.flatMap((o) => contentStems(o.name))),
    };
  });
  const indexed: Indexed[] = base.map((d, i) => {
    const others = base.filter((_, j) => j !== i);
    const otherNames = new Set(others.flatMap((o) => [...o.nameStems]));
    const otherAll = new Set([...otherNames, ...others.flatMap((o) => [...o.objectiveStems])]);
    const strict = new Set([...d.nameStems].filter((w) => !otherAll.has(w)));
    const loose = new Set([...d.nameStems].filter((w) => !otherNames.has(w) && !strict.has(w)));
    const objective = new Set([...d.objectiveStems].filter((w) => !otherAll.has(w) && !d.nameStems.has(w)));
    return {
      id: d.id,
      exactKeys: d.exactKeys,
      strict,
      loose,
      objective,
      vocabulary: new Set([...d.nameStems, ...d.objectiveStems]),
    };
  });

  const matcher: DomainMatcher = {
    exam,
    distinctive: (id) => {
      const d = indexed.find((x) => x.id === id);
      return d ? [...d.strict, ...d.loose] : [];
    },
    match(text: string): DomainMatch {
      const key = contentKey(text);
      if (!key) return { kind: "none" };
      const exact = indexed.filter((d) => d.exactKeys.includes(key));
      if (exact.length === 1) return { kind: "match", id: exact[0].id, exact: true, score: 100, coverage: 1, second: 0 };
      if (exact.length > 1) return { kind: "ambiguous", ids: exact.map((d) => d.id) };

      const stems = [...new Set(contentStems(text))];
      if (stems.length === 0) return { kind: "none" };
      const scored = indexed
        .map((d) => {
          let score = 0;
          let known = 0;
          for (const w of stems) {
            if (d.strict.has(w)) score += 4;
            else if (d.loose.has(w) || d.objective.has(w)) score += 1;
            if (d.vocabulary.has(w)) known += 1;
          }
          return { id: d.id, score, coverage: known / stems.length };
        })
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score);
      if (scored.length === 0) return { kind: "none" };
      const [best, second] = scored;
      if (second && second.score === best.score) {
        return { kind: "ambiguous", ids: scored.filter((s) => s.score === best.score).map((s) => s.id) };
      }
      return {
        kind: "match",
        id: best.id,
        exact: false,
        score: best.score,
        coverage: best.coverage,
        second: second ? second.score : 0,
      };
    },
  };
  cache.set(exam, matcher);
  return matcher;
}
