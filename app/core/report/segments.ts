/**
 * Cutting report text into pieces that each hold (at most) one domain result, by where the
 * domain names and band phrases occur rather than by where the lines break. A report pasted
 * as one line (from an email or a PDF viewer) then reads the same as the same report with
 * line breaks.
 *
 *  1. Sentences: a line is cut after ". ", "! " or "? " when a capital letter follows
 *     ("... Near baseline. Implement and manage storage ..."); "Nov. 3" is not cut.
 *  2. Anchors: the exact names and short names of the exam's domains (content words equal,
 *     case and punctuation ignored) and the exam's band phrases are found wherever they occur.
 *     A sentence with two or more domain anchors and two or more band phrases holds several
 *     results and is cut:
 *       - domain first ("A  Near baseline  B  Needs improvement"): each domain takes the first
 *         band after it, before the next domain;
 *       - band first ("Needs improvement: A, B. Near baseline: C"): each domain takes the band
 *         just before it, or the band heading its list;
 *       - bands on both sides of the names, or none where one is expected: not clear.
 *     Legends ("Below Target Near Target Above Target") are skipped.
 *  3. Attachment: a band separated from its domain by more than a few words ("Manage Azure
 *     identities and governance was reviewed by the team and is now rated Near baseline") is not
 *     clearly that domain's: the domain is returned as `detached`, so it is left empty for the
 *     candidate to choose. Never guessed.
 *
 * Pure; never throws on any string.
 */
import type { ExamDefinition } from "../content/schema";
import type { BandPhrase } from "./bands";
import { STOPWORDS, fold } from "./text";

export type Piece = {
  /** 1-based line of the input. */
  no: number;
  /** The text to classify (may be rebuilt as "domain<TAB>band"). */
  text: string;
  /** The words as written in the report, shown to the candidate. */
  evidence: string;
  /** A domain whose band could not be tied to it clearly: left for the candidate. */
  detached?: { id: string; reason: string };
  /** The band came from a heading over a list, not from beside the domain. */
  inherited?: boolean;
};

type Word = { w: string; start: number; end: number };
type Span = { start: number; end: number; first: number; last: number };
type DomainAnchor = Span & { id: string };
type BandAnchor = Span & { phrase: BandPhrase };

/** Words between a domain and its band that don't loosen the link ("Result: Near baseline"). */
const LINK_WORDS = new Set([
  "result", "results", "band", "level", "rating", "rated", "performance", "status", "your", "was", "is", "score",
  "skill", "skills", "area", "areas", "domain", "you", "are", "were", "scored", "in", "this",
]);
/** More than this many other words between a domain and a band: not clearly attached. */
export const MAX_GAP_WORDS = 3;

const SENTENCE_END = /(?<=[A-Za-z0-9)\]%"'])[.!?]+\s+(?=[A-Z(•*"'])/g;
const ABBREVIATION = /(?:^|[^A-Za-z])(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|e\.g|i\.e|vs|no|dr|mr|mrs|ms|st|inc|ltd)$/i;
const WEIGHT_OR_PERCENT = /\(?\s*\d{1,3}(?:[.,]\d+)?\s*%?\s*(?:[-\u2013\u2014]|to)\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)?|\d{1,3}(?:[.,]\d+)?\s*%/gi;

function wordsWithPositions(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = /^[A-Za-z0-9]+$/.test(m[0]) ? m[0].toLowerCase() : fold(m[0]).replace(/[^a-z0-9]/g, "");
    if (w) out.push({ w, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** Cuts a line into sentences, keeping the offsets. */
export function sentences(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  let from = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const at = m.index ?? 0;
    if (ABBREVIATION.test(text.slice(Math.max(0, at - 6), at))) continue;
    const end = at + m[0].length;
    if (text.slice(from, at).trim()) out.push({ start: from, text: text.slice(from, at + 1) });
    from = end;
  }
  if (text.slice(from).trim()) out.push({ start: from, text: text.slice(from) });
  return out;
}

type Needle = { words: string[] };

function findAll<T extends Needle>(content: Word[], needles: T[], taken: boolean[]): (Span & { needle: T })[] {
  const found: (Span & { needle: T })[] = [];
  const sorted = [...needles].sort((a, b) => b.words.length - a.words.length);
  for (const n of sorted) {
    const k = n.words.length;
    if (k === 0) continue;
    for (let i = 0; i + k <= content.length; i++) {
      let ok = true;
      for (let j = 0; j < k && ok; j++) ok = !taken[i + j] && content[i + j].w === n.words[j];
      if (!ok) continue;
      for (let j = 0; j < k; j++) taken[i + j] = true;
      found.push({ start: content[i].start, end: content[i + k - 1].end, first: i, last: i + k - 1, needle: n });
      i += k - 1;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const contentWordsOf = (s: string) => wordsWithPositions(s).map((x) => x.w).filter((w) => !STOPWORDS.has(w));

const needleCache = new WeakMap<ExamDefinition, { id: string; words: string[] }[]>();
function domainNeedles(exam: ExamDefinition) {
  let n = needleCache.get(exam);
  if (!n) {
    n = exam.domains.flatMap((d) => [d.name, d.short ?? ""].filter(Boolean).map((s) => ({ id: d.id, words: contentWordsOf(s) })));
    needleCache.set(exam, n);
  }
  return n;
}

const bandNeedleCache = new WeakMap<BandPhrase[], { phrase: BandPhrase; words: string[] }[]>();
function bandNeedlesOf(phrases: BandPhrase[]) {
  let n = bandNeedleCache.get(phrases);
  if (!n) {
    n = phrases.map((p) => ({ phrase: p, words: p.words.filter((w) => !STOPWORDS.has(w)) }));
    bandNeedleCache.set(phrases, n);
  }
  return n;
}

/** Number of words between two word indexes that loosen a domain-band link. */
function gapWords(text: string, from: number, to: number): number {
  if (to <= from) return 0;
  const between = text.slice(from, to).replace(WEIGHT_OR_PERCENT, " ");
  return wordsWithPositions(between).filter((w) => !LINK_WORDS.has(w.w) && !STOPWORDS.has(w.w) && !/^\d+$/.test(w.w)).length;
}

/** Drops runs of 2+ band phrases with only punctuation between them (a legend). */
function withoutLegends(text: string, bands: BandAnchor[]): BandAnchor[] {
  const keep = new Set(bands);
  for (let i = 0; i < bands.length; ) {
    let j = i;
    while (j + 1 < bands.length && !/[a-z0-9]/i.test(text.slice(bands[j].end, bands[j + 1].start))) j += 1;
    const levels = new Set(bands.slice(i, j + 1).map((b) => b.phrase.level));
    if (j > i && levels.size > 1) for (let x = i; x <= j; x++) keep.delete(bands[x]);
    i = j + 1;
  }
  return bands.filter((b) => keep.has(b));
}

function splitSentence(no: number, text: string, exam: ExamDefinition, phrases: BandPhrase[]): Piece[] {
  const whole: Piece = { no, text, evidence: text.trim() };
  const content = wordsWithPositions(text).filter((w) => !STOPWORDS.has(w.w));
  const taken = content.map(() => false);
  const domains: DomainAnchor[] = findAll(content, domainNeedles(exam), taken).map((s) => ({ ...s, id: s.needle.id }));
  if (domains.length === 0) return [whole];
  const bandNeedles = bandNeedlesOf(phrases);
  const bands = withoutLegends(
    text,
    findAll(content, bandNeedles, taken).map((s) => ({ ...s, phrase: s.needle.phrase })),
  );
  if (bands.length === 0) return [whole];

  if (domains.length === 1 || bands.length === 1) {
    // One result, or one band shared by a list: read as a whole, unless the band is far away.
    if (domains.length === 1 && bands.length === 1) {
      const d = domains[0];
      const b = bands[0];
      const gap = b.start >= d.end ? gapWords(text, d.end, b.start) : gapWords(text, b.end, d.start);
      if (gap > MAX_GAP_WORDS) {
        return [{ no, text: text.slice(d.start, d.end), evidence: text.trim(), detached: { id: d.id, reason: "the band is not next to the domain" } }];
      }
    }
    return [whole];
  }

  const bandBeforeFirst = bands[0].start < domains[0].start;
  const bandAfterLast = bands[bands.length - 1].start > domains[domains.length - 1].end;
  const pieces: Piece[] = [];
  const slice = (from: number, to: number) => text.slice(from, to);
  if (!bandBeforeFirst) {
    // Domain first: each domain takes the first band after it, before the next domain.
    let cursor = 0;
    domains.forEach((d, i) => {
      const nextStart = domains[i + 1]?.start ?? text.length;
      if (d.start > cursor && /[a-z]/i.test(slice(cursor, d.start))) pieces.push({ no, text: slice(cursor, d.start), evidence: slice(cursor, d.start).trim() });
      const b = bands.find((x) => x.start >= d.end && x.start < nextStart);
      if (!b) {
        pieces.push({ no, text: slice(d.start, d.end), evidence: slice(d.start, nextStart).trim() });
        cursor = d.end;
        return;
      }
      const evidence = slice(d.start, b.end).trim();
      if (gapWords(text, d.end, b.start) > MAX_GAP_WORDS) {
        pieces.push({ no, text: slice(d.start, d.end), evidence, detached: { id: d.id, reason: "the band is not next to the domain" } });
      } else pieces.push({ no, text: slice(d.start, b.end), evidence });
      cursor = b.end;
    });
    if (cursor < text.length && /[a-z]/i.test(slice(cursor, text.length))) pieces.push({ no, text: slice(cursor, text.length), evidence: slice(cursor, text.length).trim() });
    return pieces;
  }
  if (bandBeforeFirst && bandAfterLast) {
    // Bands on both sides: could be "A band, B band" or "band A, band B". Not guessed.
    return domains.map((d) => ({
      no,
      text: slice(d.start, d.end),
      evidence: text.trim(),
      detached: { id: d.id, reason: "bands stand both before and after the domain names" },
    }));
  }
  // Band first: each domain takes the band just before it, or the heading of its list.
  let previousEnd = 0;
  let heading: BandAnchor | null = null;
  for (const d of domains) {
    const before = bands.filter((b) => b.start >= previousEnd && b.end <= d.start);
    const own = before[before.length - 1];
    const band: BandAnchor | null = own ?? heading;
    heading = band;
    previousEnd = d.end;
    if (!band) {
      pieces.push({ no, text: slice(d.start, d.end), evidence: slice(d.start, d.end) });
      continue;
    }
    const evidence = own ? slice(own.start, d.end).trim() : `${slice(band.start, band.end)} … ${slice(d.start, d.end)}`;
    if (own && gapWords(text, own.end, d.start) > MAX_GAP_WORDS) {
      pieces.push({ no, text: slice(d.start, d.end), evidence, detached: { id: d.id, reason: "the band is not next to the domain" } });
    } else {
      pieces.push({ no, text: `${slice(d.start, d.end)}\t${slice(band.start, band.end)}`, evidence, inherited: !own });
    }
  }
  return pieces;
}

/** The pieces of one input line for one exam (the line itself when nothing needs cutting). */
export function splitLine(line: { no: number; text: string }, exam: ExamDefinition, phrases: BandPhrase[]): Piece[] {
  const parts = sentences(line.text);
  if (parts.length <= 1) return splitSentence(line.no, line.text, exam, phrases);
  return parts.flatMap((p) => splitSentence(line.no, p.text, exam, phrases));
}
