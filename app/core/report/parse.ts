/**
 * Reading a score report that a candidate pasted (or that was extracted from a PDF) into a
 * baseline: exam, scaled score, pass/fail, exam date and one band per domain.
 *
 * Everything exam-specific (codes, domain names, band labels and aliases, bar thresholds,
 * pass mark) comes from the ExamDefinitions passed in; nothing is hard-coded.
 *
 * Lines are first cut into pieces by where domain names and band phrases occur (segments.ts),
 * so a report pasted as one line reads like the same report with line breaks; a band not
 * clearly beside its domain leaves that domain empty (`uncertain`). Each result says how sure
 * it is (`certainty`) and which words it came from (`text`). Score and pass/fail: score.ts.
 *
 * How a line (piece) is read (after trimming; blank lines are skipped; lines are cut at 1,000
 * characters, the text at 200,000 characters and 5,000 lines, each with a warning):
 *  1. Table rules ("|---|---|", "+----+", "====") are skipped. Bullets ("-", "*", "•",
 *     "1.", "a)"), Markdown headings and emphasis are stripped.
 *  2. Weight ranges ("(25-30%)", "25–30 %", "15 to 20%") are removed. A single percentage
 *     ("Networking: 35%") is a bar length, unless the line says "weight" or the value equals
 *     one end of that domain's weight range (then it is ambiguous and the line is reported in
 *     `unmatched` with a warning). A line with several single percentages uses none (it goes to `unmatched`).
 *  3. The rest is cut into segments at tabs, "|", runs of 2+ spaces, ":", spaced dashes
 *     ("A - B"), en/em dashes, arrows, "=" and brackets. A segment that is exactly a band
 *     label or alias of the exam (case, space and punctuation ignored; filler words such as
 *     "areas"/"skills" allowed: "Weak areas:") is the band; the other segments form the
 *     domain text. Without such a segment, a band phrase at the very start
 *     or end of the line is used ("Develop Azure compute solutions Below Target", as PDF text
 *     often comes out).
 *  4. The domain text is matched to a domain (see domain-match.ts). With a band, it may
 *     also be a list sharing that band ("Weak: Networking, Storage", "Storage and compute:
 *     near"): split at , ; / & + and then "and", accepted only if every piece names a domain.
 *
 * What a line becomes:
 *  - band + domain -> a domain result;
 *  - a domain alone, or a band alone -> combined with neighbours: a band line followed by
 *    domain lines is a group heading ("Needs improvement" / "- Storage" / "- Networking");
 *    otherwise a run of k domain lines followed by k band lines is paired in order (PDF
 *    tables that come out one cell per line);
 *  - a band + text that matches no domain, or matches several equally, or carries two
 *    different bands -> `unmatched` (the raw trimmed line), when the band was set off by a
 *    separator or is a multi-word label; a single-word alias glued to ordinary words ("see
 *    above") is treated as noise;
 *  - a domain line that was never given a band, where that domain has no other result ->
 *    `unmatched`;
 *  - everything else (headers, names, addresses, "Score: 652", legends listing every band,
 *    percentages on lines that name no domain) is noise and ignored.
 *
 * The first result for a domain wins; a later one with a different level adds a warning.
 * `domains` is in the exam definition's order; `line` is 1-based in the input text.
 *
 * Exam: `opts.exam` forces it; otherwise an exam code written in the text ("AZ-104",
 * "AZ 104", "az104"); otherwise the exam whose domain names match best (exact names count
 * most). No clear winner -> exam null with a warning. When the chosen exam fits worse than
 * another one, a warning says "This looks like a report for X, not Y".
 *
 * Score: the number after "score" ("Score: 652", "Your scaled score is 652", "You scored
 * 652"), or "652/1000" with the exam's maximum; "Passing score: 700" is the pass mark, not the
 * score. `passed` is score >= the exam's pass mark when a score and exam are known, else from
 * the words ("Result: Pass", "FAILED", "did not pass"). Dates: see dates.ts.
 *
 * parseReportText never throws: any unexpected failure returns an empty report with a warning.
 */
import type { BandLevel, ExamDefinition } from "../content/schema";
import { bandForBarLength, bandPhrases, type BandMatch, type BandPhrase } from "./bands";
import { findReportDate } from "./dates";
import { domainMatcher, type DomainMatch, type DomainMatcher } from "./domain-match";
import { findResultWords, findScore } from "./score";
import { sentences, splitLine } from "./segments";
import { compactKey, fold as foldText, words } from "./text";

export type ParsedDomain = {
  id: string;
  /** The domain's official name from the exam definition. */
  name: string;
  /** The exam's canonical band label (not the alias as written). */
  band: string;
  level: BandLevel;
  /** 1-based line of the input the result came from. */
  line: number;
  /**
   * "sure": the exact domain name with its band set off right beside it; "likely": a
   * shortened or partial name, a band word glued to the text, a bar length, or a band taken
   * from a heading or a neighbouring line. The confirmation step shows it.
   */
  certainty: "sure" | "likely";
  /** The words of the report this was read from. */
  text: string;
};

/** A domain the report names, with a band nearby that is not clearly its own: left empty. */
export type UncertainDomain = { id: string; name: string; line: number; text: string; reason: string };

export type ParsedReport = {
  exam: string | null;
  score: number | null;
  passed: boolean | null;
  /** YYYY-MM-DD */
  date: string | null;
  /** The words the score was read from (null when no score was read). */
  scoreText: string | null;
  domains: ParsedDomain[];
  /** Domains seen with a band that could not be tied to them: for the candidate to choose. */
  uncertain: UncertainDomain[];
  unmatched: string[];
  warnings: string[];
};

export type ParseOptions = {
  /** Exam code to use instead of detecting it ("AZ-104"; case, spaces and hyphens ignored). */
  exam?: string;
  /** Reference time for "future" dates; default: now. */
  now?: Date;
};

/** Inputs beyond these sizes are cut (a score report is a page or two). */
export const MAX_TEXT_CHARS = 200_000;
export const MAX_LINES = 5_000;
/** Longer lines are cut: no report line is this long, and it keeps every scan fast. */
export const MAX_LINE_CHARS = 1_000;

export function emptyReport(warnings: string[] = []): ParsedReport {
  return { exam: null, score: null, scoreText: null, passed: null, date: null, domains: [], uncertain: [], unmatched: [], warnings };
}

export function parseReportText(text: string, exams: ExamDefinition[], opts: ParseOptions = {}): ParsedReport {
  try {
    return parseUnsafe(text, exams, opts ?? {});
  } catch (error) {
    return emptyReport([
      `Could not read this report (${error instanceof Error ? error.message : String(error)}); enter the results in the form.`,
    ]);
  }
}

// ---------------------------------------------------------------------------------------
// Line classification

type Line = { no: number; text: string; evidence?: string; inherited?: boolean };

type Classified =
  | { kind: "full"; line: Line; id: string; band: BandMatch; exact: boolean; score: number; sure: boolean }
  | { kind: "multi"; line: Line; hits: { id: string; exact: boolean; score: number; band: BandMatch; sure: boolean }[] }
  | { kind: "uncertain"; line: Line; id: string; reason: string }
  | { kind: "domainOnly"; line: Line; id: string; exact: boolean; score: number }
  | { kind: "bandOnly"; line: Line; band: BandMatch }
  | { kind: "unmatched"; line: Line; warning?: string }
  | { kind: "noise"; line: Line };

const RULE_LINE = /^[\s|+\-=_:.*~#<>]*$/;
const BULLET = /^(?:[-*+>]\s+|[•·▪◦‣●○■□➢►✓✔✗✘]\s*|\(?\d{1,2}[.)]\s+|\(?[a-zA-Z][.)]\s+|\[[ xX]?\]\s+)/;
const WEIGHT_RANGE =
  /\(?\s*\d{1,3}(?:[.,]\d+)?\s*%?\s*(?:[-\u2013\u2014]|to)\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)?|\(\s*\d{1,3}\s*(?:[-\u2013\u2014]|to)\s*\d{1,3}\s*\)/gi;
const SINGLE_PERCENT = /(\d{1,3}(?:[.,]\d+)?)\s*%/g;
const SEPARATORS = /\t|\||\s{2,}|\s-+\s|[\u2013\u2014]|:|->|=>|\u2192|=|[()[\]{}]/g;

function cleanLine(raw: string): string {
  let s = raw.replace(/[│┃║¦]/g, "|").trim();
  s = s.replace(/^#{1,6}\s+/, "");
  for (let i = 0; i < 2; i++) s = s.replace(BULLET, "").trim();
  return s.replace(/\*\*|__|`/g, "");
}

function fold(s: string): string {
  return s.replace(/[\u2010-\u2012\u2212]/g, "-").replace(/\u00a0/g, " ");
}

/** Band phrase at the start or end of a word list, longest first. */
function bandAtEdge(tokens: string[], phrases: BandPhrase[]): { phrase: BandPhrase; at: "start" | "end" } | null {
  let best: { phrase: BandPhrase; at: "start" | "end" } | null = null;
  for (const p of phrases) {
    const n = p.words.length;
    if (n === 0 || n > tokens.length) continue;
    if (best && best.phrase.words.length >= n) continue;
    const endHit = tokens.slice(tokens.length - n).join(" ") === p.words.join(" ");
    const startHit = tokens.slice(0, n).join(" ") === p.words.join(" ");
    if (endHit) best = { phrase: p, at: "end" };
    else if (startHit) best = { phrase: p, at: "start" };
  }
  return best;
}

/** True if the words are nothing but two or more band phrases (a legend). */
function isLegend(tokens: string[], phrases: BandPhrase[]): boolean {
  let rest = tokens;
  let count = 0;
  while (rest.length > 0) {
    const hit = phrases
      .filter((p) => p.words.length > 0 && p.words.length <= rest.length && rest.slice(0, p.words.length).join(" ") === p.words.join(" "))
      .sort((a, b) => b.words.length - a.words.length)[0];
    if (!hit) return false;
    rest = rest.slice(hit.words.length);
    count += 1;
  }
  return count >= 2;
}

/** Words around a band heading that don't change it: "Weak areas", "Strong skills". */
const BAND_FILLER = /\b(?:skill\s+areas?|areas?|domains?|skills?|topics?|sections?)\b/gi;

/**
 * "Networking, Storage" or "Storage and compute": several domains sharing one band. Splits
 * at , ; / & + and, where a piece doesn't clearly name one domain (no match, a tie, or a
 * partial match that also names another domain), at "and". Every piece must match a domain
 * and there must be at least two different domains; otherwise null.
 */
function splitDomainList(text: string, matcher: DomainMatcher): { id: string; exact: boolean; score: number }[] | null {
  const out: { id: string; exact: boolean; score: number }[] = [];
  const pieces = text.split(/[,;/&+]/).map((x) => x.trim()).filter((x) => /[a-z]/i.test(x));
  for (const piece of pieces) {
    const m = matcher.match(piece);
    if (m.kind === "match" && (m.exact || m.second < 4)) {
      out.push({ id: m.id, exact: m.exact, score: m.score });
      continue;
    }
    const subs = piece.split(/\band\b/i).map((x) => x.trim()).filter((x) => /[a-z]/i.test(x));
    if (subs.length < 2) return null;
    for (const sub of subs) {
      const sm = matcher.match(sub);
      if (sm.kind !== "match") return null;
      out.push({ id: sm.id, exact: sm.exact, score: sm.score });
    }
  }
  const unique = out.filter((h, i) => out.findIndex((o) => o.id === h.id) === i);
  return unique.length >= 2 ? unique : null;
}

function isStrongDomainOnly(m: Extract<DomainMatch, { kind: "match" }>): boolean {
  return m.exact || (m.score >= 4 && m.coverage >= 0.5);
}

function classifyLine(line: Line, exam: ExamDefinition, matcher: DomainMatcher, phrases: BandPhrase[]): Classified {
  const raw = line.text.trim();
  if (!raw || RULE_LINE.test(raw)) return { kind: "noise", line };
  // Runs of spaces/tabs become one tab (both separate cells); keeps the regexes linear.
  let s = fold(cleanLine(raw))
    .replace(/ {2,}/g, "\t")
    .replace(/[ \t]*\t[ \t]*/g, "\t");
  if (!/[a-z]/i.test(s)) return { kind: "noise", line };

  const mentionsWeight = /\bweight/i.test(s);
  s = s.replace(WEIGHT_RANGE, "\t");
  const percents: number[] = [];
  s = s.replace(SINGLE_PERCENT, (_, v: string) => {
    percents.push(Number(v.replace(",", ".")));
    return "\t";
  });
  const segments = s
    .split(SEPARATORS)
    .map((x) => x.trim())
    .filter((x) => /[a-z0-9]/i.test(x));
  const byKey = new Map(phrases.map((p) => [p.key, p]));
  const bandSegs: BandPhrase[] = [];
  const textSegs: string[] = [];
  for (const seg of segments) {
    const p = byKey.get(compactKey(seg)) ?? byKey.get(compactKey(seg.replace(BAND_FILLER, " ")));
    if (p) bandSegs.push(p);
    else if (/[a-z]/i.test(seg)) textSegs.push(seg);
  }

  let band: BandMatch | null = null;
  let setOff = false; // band was its own segment, or a multi-word phrase
  let domainText = textSegs.join(" ");
  if (bandSegs.length > 0) {
    const levels = new Set(bandSegs.map((b) => b.level));
    if (levels.size > 1) {
      // A legend ("Below Target | Near Target | Above Target"), perhaps with a title, is
      // noise; a domain with two different bands is a line we can't read.
      const m = textSegs.length > 0 ? matcher.match(domainText) : ({ kind: "none" } as DomainMatch);
      if (m.kind === "none") return { kind: "noise", line };
      return { kind: "unmatched", line, warning: `"${raw}" names more than one band.` };
    }
    band = { label: bandSegs[0].label, level: bandSegs[0].level };
    setOff = true;
  } else if (textSegs.length > 0) {
    const tokens = words(domainText);
    if (isLegend(tokens, phrases)) return { kind: "noise", line };
    const edge = bandAtEdge(tokens, phrases);
    if (edge) {
      const n = edge.phrase.words.length;
      const rest = edge.at === "end" ? tokens.slice(0, tokens.length - n) : tokens.slice(n);
      const whole = matcher.match(domainText);
      const remainder = matcher.match(rest.join(" "));
      // A band word that is really part of a domain name ("Strong authentication") stays in it.
      if (!(whole.kind === "match" && whole.exact && !(remainder.kind === "match" && remainder.exact))) {
        band = { label: edge.phrase.label, level: edge.phrase.level };
        setOff = n > 1;
        // Cut the phrase off the original text (keeping commas for lists of domains).
        const pattern = edge.phrase.words.join("[^a-z0-9]+");
        const cut =
          edge.at === "end" ? new RegExp(`[^a-z0-9]*${pattern}[^a-z0-9]*$`) : new RegExp(`^[^a-z0-9]*${pattern}[^a-z0-9]*`);
        const folded = foldText(domainText);
        domainText = cut.test(folded) ? folded.replace(cut, "").trim() : rest.join(" ");
      }
    }
  }

  const m = domainText ? matcher.match(domainText) : ({ kind: "none" } as DomainMatch);

  if (band) {
    if (!domainText) return { kind: "bandOnly", line, band };
    if (m.kind !== "match" || (!m.exact && m.second >= 4) || /[,;/&+]/.test(domainText)) {
      const hits = splitDomainList(domainText, matcher);
      if (hits) return { kind: "multi", line, hits: hits.map((h) => ({ ...h, band: band!, sure: h.exact && setOff })) };
    }
    if (m.kind === "match") return { kind: "full", line, id: m.id, band, exact: m.exact, score: m.score, sure: m.exact && setOff };
    if (m.kind === "ambiguous") {
      return { kind: "unmatched", line, warning: `"${raw}" could be ${namesOf(exam, m.ids)}; choose the domain yourself.` };
    }
    return setOff ? { kind: "unmatched", line } : { kind: "noise", line };
  }

  if (percents.length > 0 && !mentionsWeight) {
    if (m.kind === "ambiguous") {
      return { kind: "unmatched", line, warning: `"${raw}" could be ${namesOf(exam, m.ids)}; choose the domain yourself.` };
    }
    if (m.kind !== "match") return { kind: "noise", line };
    if (percents.length > 1) {
      return { kind: "unmatched", line, warning: `"${raw}" has several percentages; enter the bar length in the form.` };
    }
    const value = percents[0];
    const domain = exam.domains.find((d) => d.id === m.id);
    if (domain && (value === domain.weight.min || value === domain.weight.max)) {
      return {
        kind: "unmatched",
        line,
        warning: `"${raw}": is ${value}% the domain's weight or its bar length? Enter the band in the form.`,
      };
    }
    const fromBar = value >= 0 && value <= 100 ? bandForBarLength(exam, value) : null;
    if (!fromBar) return { kind: "unmatched", line };
    return { kind: "full", line, id: m.id, band: fromBar, exact: m.exact, score: m.score, sure: false };
  }

  if (m.kind === "match" && isStrongDomainOnly(m)) {
    return { kind: "domainOnly", line, id: m.id, exact: m.exact, score: m.score };
  }
  return { kind: "noise", line };
}

/**
 * Several "domain: band" pairs on one line ("compute: weak; storage: strong"): when the line
 * splits at ";" or "," into two or more parts that are each a complete result, those
 * results are used; otherwise the line is read as a whole.
 */
function classifyPairs(line: Line, exam: ExamDefinition, matcher: DomainMatcher, phrases: BandPhrase[]): Classified {
  for (const sep of [";", ","]) {
    if (!line.text.includes(sep)) continue;
    const parts = line.text.split(sep).filter((p) => /[a-z]/i.test(p));
    if (parts.length < 2) continue;
    const results = parts.map((p) => classifyLine({ no: line.no, text: p }, exam, matcher, phrases));
    if (results.every((r) => r.kind === "full" || r.kind === "multi")) {
      const hits = results.flatMap((r) =>
        r.kind === "full" ? [{ id: r.id, exact: r.exact, score: r.score, band: r.band, sure: r.sure }] : r.kind === "multi" ? r.hits : [],
      );
      return { kind: "multi", line, hits };
    }
  }
  return classifyLine(line, exam, matcher, phrases);
}

function namesOf(exam: ExamDefinition, ids: string[]): string {
  const names = ids.map((id) => exam.domains.find((d) => d.id === id)?.name ?? id);
  return names.length <= 2 ? names.join(" or ") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

// ---------------------------------------------------------------------------------------
// One exam's reading of the whole text

type Reading = {
  exam: ExamDefinition;
  domains: ParsedDomain[];
  unmatched: Line[];
  /** Lines that looked like domain results under this exam (for exam-less output). */
  candidates: Line[];
  warnings: string[];
  quality: number;
  exactCount: number;
  /** Lines with an exact domain-name match under this exam. */
  exactLines: Set<number>;
  uncertain: UncertainDomain[];
};

function readWith(exam: ExamDefinition, lines: Line[]): Reading {
  const matcher = domainMatcher(exam);
  const phrases = bandPhrases(exam);
  // Pieces, not lines: a report pasted as one line is cut where domains and bands occur.
  const items: Classified[] = lines
    .flatMap((l) => splitLine(l, exam, phrases))
    .map((p): Classified => {
      const line: Line = { no: p.no, text: p.text, evidence: p.evidence, inherited: p.inherited };
      return p.detached ? { kind: "uncertain", line, id: p.detached.id, reason: p.detached.reason } : classifyPairs(line, exam, matcher, phrases);
    });
  const warnings: string[] = [];

  type Hit = { id: string; band: BandMatch; line: Line; exact: boolean; score: number; sure: boolean; text: string };
  const textOf = (l: Line) => (l.evidence ?? l.text).trim().slice(0, 300);
  const hits: Hit[] = [];
  const paired = new Set<Classified>();

  // Orphan domain and band lines: group headings, or pairs in order.
  const firstStructural = items.findIndex(
    (it, i) => it.kind === "domainOnly" || (it.kind === "bandOnly" && items[i + 1]?.kind === "domainOnly"),
  );
  if (firstStructural >= 0 && items[firstStructural].kind === "bandOnly") {
    let current: BandMatch | null = null;
    for (const it of items) {
      if (it.kind === "bandOnly") current = it.band;
      else if (it.kind === "domainOnly" && current) {
        hits.push({ id: it.id, band: current, line: it.line, exact: it.exact, score: it.score, sure: false, text: `${current.label} … ${textOf(it.line)}` });
        paired.add(it);
      } else if (it.kind !== "domainOnly") current = null;
    }
  } else if (firstStructural >= 0) {
    for (let i = 0; i < items.length; ) {
      if (items[i].kind !== "domainOnly") {
        i += 1;
        continue;
      }
      let j = i;
      while (j < items.length && items[j].kind === "domainOnly") j += 1;
      let k = j;
      while (k < items.length && items[k].kind === "bandOnly") k += 1;
      if (k - j === j - i) {
        for (let x = 0; x < j - i; x++) {
          const d = items[i + x] as Extract<Classified, { kind: "domainOnly" }>;
          const b = items[j + x] as Extract<Classified, { kind: "bandOnly" }>;
          hits.push({ id: d.id, band: b.band, line: d.line, exact: d.exact, score: d.score, sure: false, text: `${textOf(d.line)} … ${textOf(b.line)}` });
          paired.add(d);
        }
      }
      i = Math.max(k, i + 1);
    }
  }
  for (const it of items) {
    const sure = (x: boolean) => x && !it.line.inherited;
    if (it.kind === "full") hits.push({ id: it.id, band: it.band, line: it.line, exact: it.exact, score: it.score, sure: sure(it.sure), text: textOf(it.line) });
    if (it.kind === "multi") for (const h of it.hits) hits.push({ ...h, sure: sure(h.sure), line: it.line, text: textOf(it.line) });
  }
  hits.sort((a, b) => a.line.no - b.line.no);

  const byId = new Map<string, Hit>();
  for (const h of hits) {
    const first = byId.get(h.id);
    if (!first) byId.set(h.id, h);
    else if (first.band.level !== h.band.level) {
      const name = exam.domains.find((d) => d.id === h.id)?.name ?? h.id;
      warnings.push(
        `${name} appears twice with different bands (${first.band.label} on line ${first.line.no}, ${h.band.label} on line ${h.line.no}); kept the first.`,
      );
    }
  }

  const unmatched: Line[] = [];
  for (const it of items) {
    if (it.kind === "unmatched") {
      unmatched.push(it.line);
      if (it.warning) warnings.push(it.warning);
    } else if (it.kind === "domainOnly" && !paired.has(it) && !byId.has(it.id)) {
      unmatched.push(it.line);
    }
  }

  const domains: ParsedDomain[] = [];
  let quality = 0;
  let exactCount = 0;
  for (const d of exam.domains) {
    const h = byId.get(d.id);
    if (!h) continue;
    domains.push({ id: d.id, name: d.name, band: h.band.label, level: h.band.level, line: h.line.no, certainty: h.sure ? "sure" : "likely", text: h.text });
    quality += h.exact ? 3 : h.score >= 4 ? 2 : 1;
    if (h.exact) exactCount += 1;
  }
  const candidates = [...hits.map((h) => h.line), ...unmatched];
  const exactLines = new Set(hits.filter((h) => h.exact).map((h) => h.line.no));
  // A domain seen with a band that is not clearly its own, and read nowhere else: left empty.
  const uncertain: UncertainDomain[] = [];
  for (const it of items) {
    if (it.kind !== "uncertain" || byId.has(it.id) || uncertain.some((u) => u.id === it.id)) continue;
    const name = exam.domains.find((d) => d.id === it.id)?.name ?? it.id;
    uncertain.push({ id: it.id, name, line: it.line.no, text: textOf(it.line), reason: it.reason });
    quality += 1;
  }
  return { exam, domains, unmatched, candidates, warnings, quality, exactCount, exactLines, uncertain };
}

// ---------------------------------------------------------------------------------------
// Exam detection

function codeKey(code: string): string {
  return compactKey(code);
}

function codePattern(code: string): RegExp | null {
  const parts = code.match(/[A-Za-z0-9]+/g);
  if (!parts) return null;
  return new RegExp(`(?<![A-Za-z0-9])${parts.join("[\\s\\-_.]*")}(?![A-Za-z0-9])`, "i");
}

/** Exams whose code appears in the text, in order of first appearance. */
function mentionedExams(text: string, exams: ExamDefinition[]): ExamDefinition[] {
  return exams
    .map((e) => {
      const re = codePattern(e.code);
      const m = re ? re.exec(text) : null;
      return { e, at: m ? m.index : -1 };
    })
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.e);
}

// ---------------------------------------------------------------------------------------

function splitLines(text: string, warnings: string[]): Line[] {
  let t = text;
  if (t.length > MAX_TEXT_CHARS) {
    t = t.slice(0, MAX_TEXT_CHARS);
    warnings.push(`The text is very long; only the first ${MAX_TEXT_CHARS.toLocaleString("en")} characters were read.`);
  }
  let rows = t.replace(/^\uFEFF/, "").split(/\r\n|\r|\n|\u2028|\u2029|\f|\v/);
  if (rows.length > MAX_LINES) {
    rows = rows.slice(0, MAX_LINES);
    warnings.push(`The text has many lines; only the first ${MAX_LINES} were read.`);
  }
  if (rows.some((r) => r.length > MAX_LINE_CHARS)) {
    warnings.push(`Some lines are very long; only their first ${MAX_LINE_CHARS.toLocaleString("en")} characters were read.`);
  }
  return rows
    .map((text, i) => ({ no: i + 1, text: text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text }))
    .filter((l) => l.text.trim().length > 0);
}

function parseUnsafe(input: unknown, examsInput: unknown, opts: ParseOptions): ParsedReport {
  const warnings: string[] = [];
  const text = typeof input === "string" ? input : "";
  const exams = Array.isArray(examsInput) ? (examsInput as ExamDefinition[]).filter((e) => e && Array.isArray(e.domains)) : [];
  const now = opts.now instanceof Date && Number.isFinite(opts.now.getTime()) ? opts.now : new Date();
  const lines = splitLines(text, warnings);
  if (exams.length === 0) warnings.push("No exam definitions were given, so no domains can be recognised.");

  const readings = exams.map((e) => readWith(e, lines));
  const mentioned = mentionedExams(text, exams);
  const best = [...readings].sort((a, b) => b.quality - a.quality || b.exactCount - a.exactCount);

  let chosen: Reading | null = null;
  if (typeof opts.exam === "string" && opts.exam.trim()) {
    chosen = readings.find((r) => codeKey(r.exam.code) === codeKey(opts.exam!)) ?? null;
    if (!chosen) {
      warnings.push(
        `Unknown exam "${opts.exam}"${exams.length ? ` (known: ${exams.map((e) => e.code).join(", ")})` : ""}.`,
      );
    } else {
      const other = mentioned.filter((e) => e !== chosen!.exam);
      if (other.length > 0 && !mentioned.includes(chosen.exam)) {
        warnings.push(`This looks like a report for ${other[0].code}, not ${chosen.exam.code}: the text mentions ${other[0].code}.`);
      }
    }
  } else if (mentioned.length === 1) {
    chosen = readings.find((r) => r.exam === mentioned[0]) ?? null;
  } else if (mentioned.length > 1) {
    const among = best.filter((r) => mentioned.includes(r.exam));
    chosen = among[0].quality > 0 ? among[0] : (readings.find((r) => r.exam === mentioned[0]) ?? null);
    warnings.push(
      `The text mentions several exams (${mentioned.map((e) => e.code).join(", ")}); read it as ${chosen!.exam.code}.`,
    );
  } else if (best.length > 0 && best[0].quality > 0) {
    const tie = best[1] && best[1].quality === best[0].quality && best[1].exactCount === best[0].exactCount;
    if (tie) {
      const tied = best.filter((r) => r.quality === best[0].quality && r.exactCount === best[0].exactCount);
      warnings.push(
        `Could not tell which exam this report is for (${tied.map((r) => r.exam.code).join(" or ")}); choose the exam.`,
      );
    } else chosen = best[0];
  } else if (exams.length > 0) {
    warnings.push("Could not tell which exam this report is for: no exam code or domain name was found.");
  }

  // Another exam fits better: at least two lines name its domains exactly that the chosen
  // exam doesn't (shared short names such as "Storage" don't count).
  if (chosen) {
    const only = (a: Reading, b: Reading) => [...a.exactLines].filter((n) => !b.exactLines.has(n)).length;
    const rival = readings
      .filter((r) => r !== chosen)
      .map((r) => ({ r, n: only(r, chosen!) }))
      .filter(({ r, n }) => n >= 2 && n > only(chosen!, r))
      .sort((a, b) => b.n - a.n)[0];
    if (rival && !warnings.some((w) => w.startsWith(`This looks like a report for ${rival.r.exam.code}`))) {
      warnings.push(`This looks like a report for ${rival.r.exam.code}, not ${chosen.exam.code}.`);
    }
  }

  const maxima = new Set((chosen ? [chosen.exam] : exams).map((e) => e.score?.max).filter((x): x is number => typeof x === "number"));
  const scoreScan = findScore(lines, maxima);
  const resultScan = findResultWords(lines.flatMap((l) => sentences(l.text).map((x) => ({ no: l.no, text: x.text }))));
  const dateScan = findReportDate(
    lines.map((l) => l.text),
    now,
  );
  warnings.push(...scoreScan.warnings, ...resultScan.warnings, ...dateScan.warnings);

  let passed: boolean | null = resultScan.passed;
  const score = scoreScan.score;
  if (chosen) {
    const { min, max, passing } = chosen.exam.score;
    if (scoreScan.passMark !== null && scoreScan.passMark !== passing) {
      warnings.push(`The report gives a passing score of ${scoreScan.passMark}; ${chosen.exam.code} is defined with ${passing}.`);
    }
    if (score !== null) {
      if (score < min || score > max) {
        warnings.push(`The score ${score} is outside ${chosen.exam.code}'s scale (${min}-${max}).`);
      } else {
        const byScore = score >= passing;
        if (passed !== null && passed !== byScore) {
          warnings.push(`The report says ${passed ? "pass" : "fail"}, but ${score} is ${byScore ? "at or above" : "below"} the pass mark ${passing}; used the score.`);
        }
        passed = byScore;
      }
    }
  }

  if (!chosen) {
    const seen = new Map<number, string>();
    for (const r of readings) for (const l of r.candidates) seen.set(l.no, l.text.trim());
    const unmatched = [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    return { exam: null, score, scoreText: scoreScan.scoreText, passed, date: dateScan.date, domains: [], uncertain: [], unmatched, warnings };
  }

  warnings.push(...chosen.warnings);
  const found = new Set(chosen.domains.map((d) => d.id));
  const missing = chosen.exam.domains.filter((d) => !found.has(d.id));
  if (found.size === 0) {
    warnings.push(`No domain results for ${chosen.exam.code} were found; enter the bands in the form.`);
  } else if (missing.length > 0) {
    warnings.push(`No band found for: ${missing.map((d) => d.name).join("; ")}.`);
  }
  return {
    exam: chosen.exam.code,
    score,
    scoreText: score === null ? null : scoreScan.scoreText,
    passed,
    date: dateScan.date,
    domains: chosen.domains,
    uncertain: chosen.uncertain,
    unmatched: chosen.unmatched.map((l) => l.text.trim()),
    warnings: [...new Set(warnings)],
  };
}
