/**
 * A bank's quality audit (`npm run content:audit`): the cues a test-wise candidate can exploit
 * and the gaps a candidate would meet, per exam. `content:check` says whether each file is valid;
 * this says whether the bank as a whole is fit to practise on. Rules and thresholds are in
 * docs/content.md.
 */
import type { LoadedExam } from "./load";
import type { Item } from "./schema";
import { findSimilarStems } from "./similar";

/** One answer position holding more than this share of single-answer keys is a cue. */
export const POSITION_SHARE_LIMIT = 0.4;
/** The key being the longest option in more than this share of single-answer items is a cue (chance: 1 in 4). */
export const LONGEST_KEY_LIMIT = 0.35;
/** Stems at least this similar (word-bigram Jaccard) are reported as near-duplicates. */
export const AUDIT_SIMILARITY = 0.8;
/** A domain's share of the bank more than this many points outside its normalised blueprint range is flagged. */
export const DOMAIN_SHARE_TOLERANCE = 5;
/** Below this many single-answer items the cue shares are reported but not flagged (too few to mean anything). */
export const MIN_ITEMS_FOR_CUES = 20;

export type AuditFlag = { rule: string; message: string };

export type ExamAudit = {
  code: string;
  items: number;
  singleAnswer: number;
  /** Items per type (single, multiple, yesno, order, dropdown) and how many use a case study. */
  types: Record<string, number>;
  caseStudyItems: number;
  /** Share of single-answer keys at each authored position (a, b, c, ...). */
  keyPositions: { position: string; share: number }[];
  longestKeyShare: number | null;
  withoutOfficialReference: string[];
  nearDuplicates: { a: string; b: string; similarity: number }[];
  emptyObjectives: string[];
  difficulty: { domain: string; histogram: [number, number, number, number, number] }[];
  domains: { domain: string; items: number; share: number; blueprintMin: number; blueprintMax: number }[];
  flags: AuditFlag[];
};

const letters = (i: number) => String.fromCharCode(97 + i);

/** The host of the exam's own sources (blueprint, retake policy): its vendor's documentation site. */
function officialHosts(le: LoadedExam): Set<string> {
  const hosts = new Set<string>();
  for (const url of [le.exam.blueprint.source, le.exam.retakePolicy.source]) {
    if (!url) continue;
    try {
      hosts.add(new URL(url).host);
    } catch {
      // a bad URL is content:check's business
    }
  }
  return hosts;
}

function hasOfficialReference(item: Item, hosts: Set<string>): boolean {
  if (hosts.size === 0) return item.references.length > 0;
  return item.references.some((r) => {
    try {
      return hosts.has(new URL(r).host);
    } catch {
      return false;
    }
  });
}

export function auditExam(le: LoadedExam): ExamAudit {
  const { exam, items } = le;
  const flags: AuditFlag[] = [];
  const single = items.filter((i) => i.type === "single" && i.options.filter((o) => o.correct).length === 1);

  const positionCounts = new Map<string, number>();
  let longest = 0;
  for (const item of single) {
    const k = item.options.findIndex((o) => o.correct);
    positionCounts.set(letters(k), (positionCounts.get(letters(k)) ?? 0) + 1);
    const len = (s: string) => s.trim().length;
    const keyLen = len(item.options[k].text);
    if (item.options.every((o, i) => i === k || len(o.text) < keyLen)) longest++;
  }
  const maxOptions = Math.max(0, ...single.map((i) => i.options.length));
  const keyPositions = Array.from({ length: maxOptions }, (_, i) => ({
    position: letters(i),
    share: single.length ? (positionCounts.get(letters(i)) ?? 0) / single.length : 0,
  }));
  const longestKeyShare = single.length ? longest / single.length : null;
  const enough = single.length >= MIN_ITEMS_FOR_CUES;
  for (const p of keyPositions) {
    if (enough && p.share > POSITION_SHARE_LIMIT) {
      flags.push({ rule: "key-position", message: `${Math.round(p.share * 100)}% of single-answer keys are option ${p.position} (limit ${POSITION_SHARE_LIMIT * 100}%)` });
    }
  }
  if (enough && longestKeyShare !== null && longestKeyShare > LONGEST_KEY_LIMIT) {
    flags.push({ rule: "longest-key", message: `the key is the longest option in ${Math.round(longestKeyShare * 100)}% of single-answer items (limit ${LONGEST_KEY_LIMIT * 100}%)` });
  }

  const hosts = officialHosts(le);
  const withoutOfficialReference = items.filter((i) => !hasOfficialReference(i, hosts)).map((i) => i.id);
  for (const id of withoutOfficialReference) flags.push({ rule: "reference", message: `${id} links no official page (${[...hosts].join(", ") || "any"})` });

  const nearDuplicates = findSimilarStems(items.map((i) => i.stem), AUDIT_SIMILARITY).map((p) => ({ a: items[p.a].id, b: items[p.b].id, similarity: Math.round(p.similarity * 100) / 100 }));
  for (const d of nearDuplicates) flags.push({ rule: "near-duplicate", message: `${d.a} and ${d.b} have near-identical stems (similarity ${d.similarity})` });

  const emptyObjectives: string[] = [];
  for (const d of exam.domains) {
    for (const o of d.objectives) {
      if (!items.some((i) => i.domain === d.id && i.objective === o.id)) emptyObjectives.push(`${d.id}/${o.id}`);
    }
  }
  for (const o of emptyObjectives) flags.push({ rule: "objective", message: `objective ${o} has no items` });

  const difficulty = exam.domains.map((d) => {
    const histogram: [number, number, number, number, number] = [0, 0, 0, 0, 0];
    for (const i of items) if (i.domain === d.id) histogram[Math.min(5, Math.max(1, i.difficulty)) - 1]++;
    return { domain: d.id, histogram };
  });

  // Blueprint ranges normalised so the midpoints sum to 100 (AZ-104's sum to 92.5).
  const midSum = exam.domains.reduce((s, d) => s + (d.weight.min + d.weight.max) / 2, 0) || 1;
  const scale = 100 / midSum;
  const domains = exam.domains.map((d) => {
    const n = items.filter((i) => i.domain === d.id).length;
    return { domain: d.id, items: n, share: items.length ? (n / items.length) * 100 : 0, blueprintMin: d.weight.min * scale, blueprintMax: d.weight.max * scale };
  });
  // A retired exam gets no new content: its blueprint coverage is reported, not flagged.
  if (items.length && exam.status !== "retired") {
    for (const d of domains) {
      if (d.share < d.blueprintMin - DOMAIN_SHARE_TOLERANCE || d.share > d.blueprintMax + DOMAIN_SHARE_TOLERANCE) {
        flags.push({ rule: "domain-share", message: `${d.domain} holds ${d.share.toFixed(1)}% of the items; the blueprint gives it ${d.blueprintMin.toFixed(1)}-${d.blueprintMax.toFixed(1)}%` });
      }
    }
  } else if (!items.length) {
    flags.push({ rule: "empty", message: "the exam has no items" });
  }

  const types: Record<string, number> = {};
  for (const i of items) types[i.type] = (types[i.type] ?? 0) + 1;
  const caseStudyItems = items.filter((i) => i.caseStudy).length;
  return { code: exam.code, items: items.length, singleAnswer: single.length, types, caseStudyItems, keyPositions, longestKeyShare, withoutOfficialReference, nearDuplicates, emptyObjectives, difficulty, domains, flags };
}

export function auditContent(exams: readonly LoadedExam[]): ExamAudit[] {
  return exams.map(auditExam);
}
