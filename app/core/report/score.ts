/**
 * The scaled score and the pass/fail words of a score report.
 *
 * Score: a number after a score label, whatever the label's wording ("Score: 652", "Your
 * scaled score is 652", "You scored 652", "Result: 642", "Your result: 612", "Exam score 652"),
 * or "652/1000" with the exam's maximum, or a label alone on a line with the number on the next
 * line (PDF columns). A number labelled as the pass mark ("Passing score: 700", "Score needed
 * to pass: 700", "700 is the passing score", "Pass mark 700") is never the score. Several
 * different scores: none is used (null, with a warning), so the candidate enters it; the
 * confirmation step highlights the empty field.
 *
 * Result: "Result: Pass", "FAILED", "did not pass" (strong when the whole line says it).
 * Pure; never throws on any string.
 */

type Line = { no: number; text: string };

export type ScoreScan = {
  score: number | null;
  passMark: number | null;
  /** The words the score was read from. */
  scoreText: string | null;
  warnings: string[];
};

const PASS_MARK_BEFORE = /\b(?:passing|pass|required|minimum|min|cut|cutoff|target|needed|qualifying|pass\s*mark)\s*$/i;
/** "Passing score: 700", "Pass mark 700", "Score needed to pass: 700", "Minimum: 700". */
const PASS_MARK_LABELLED =
  /\b(?:(?:minimum\s+|required\s+)?passing(?:\s+(?:score|mark|grade))?|pass(?:ing)?\s*mark|pass\s+score|(?:minimum|required)(?:\s+score)?|score\s+(?:needed|required)\s+to\s+pass|needed\s+to\s+pass|to\s+pass)\s*(?:[:=\-–]\s*|\bis\b\s*|\bof\b\s*)?(\d{1,4})(?![\d.,]\d)/gi;
/** "700 is the passing score", "700 (passing score)", "700 needed to pass". */
const PASS_MARK_AFTER = /(?<![\d.,])(\d{1,4})\s*(?:\(\s*)?(?:is\s+(?:the\s+)?)?(?:passing\s+(?:score|mark)|pass\s*mark|(?:needed|required)\s+to\s+pass|to\s+pass)(?!\s*[:=]?\s*\d)/gi;
/** A score label, then the number: "score", "scored", "scaled score", "result", "your result". */
const SCORE_LABELLED =
  /\b(?:scored?|result|results)\b\s*(?:\(\s*scaled\s*\)\s*)?(?:[:=\-–]\s*|\b(?:is|was|of)\b\s*:?\s*)?(\d{1,4})(?![\d.,]\d)(\s*%)?/gi;
const LABEL_ALONE = /^\s*(?:your\s+|total\s+|scaled\s+|exam\s+|final\s+)*(?:score|result)\s*:?\s*$/i;

/** The sentence of a line holding [from, to): the words shown as where the score came from. */
function sentenceAround(line: string, from: number, to: number): string {
  const start = Math.max(0, ...[". ", "! ", "? "].map((p) => line.lastIndexOf(p, from) + 2).filter((i) => i > 1));
  const ends = [". ", "! ", "? "].map((p) => line.indexOf(p, to)).filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : line.length;
  return line.slice(start, end).trim().replace(/[.!?]$/, "").slice(0, 200);
}

export function findScore(lines: Line[], maxima: Set<number>): ScoreScan {
  const scores: { value: number; raw: string }[] = [];
  let passMark: number | null = null;
  const warnings: string[] = [];
  const texts = lines.map((l) => l.text);
  texts.forEach((line, i) => {
    // Where the pass mark sits on this line, so its number is never taken for the score.
    const passAt = new Set<number>();
    for (const m of line.matchAll(PASS_MARK_LABELLED)) {
      passMark ??= Number(m[1]);
      passAt.add((m.index ?? 0) + m[0].length - m[1].length);
    }
    for (const m of line.matchAll(PASS_MARK_AFTER)) {
      passMark ??= Number(m[1]);
      passAt.add(m.index ?? 0);
    }
    for (const m of line.matchAll(SCORE_LABELLED)) {
      const at = m.index ?? 0;
      const numberAt = at + m[0].length - (m[2]?.length ?? 0) - m[1].length;
      const before = line.slice(Math.max(0, at - 30), at);
      const value = Number(m[1]);
      if (passAt.has(numberAt) || PASS_MARK_BEFORE.test(before)) {
        passMark ??= value;
        continue;
      }
      if (m[2]) {
        warnings.push(`"${line.trim()}" is a percentage, not a scaled score; ignored.`);
        continue;
      }
      scores.push({ value, raw: sentenceAround(line, at, at + m[0].length) });
    }
    // "Score" on one line, the number on the next (PDF columns).
    if (LABEL_ALONE.test(line) && !PASS_MARK_BEFORE.test(line.replace(/\b(?:score|result)\s*:?\s*$/i, ""))) {
      const next = texts.slice(i + 1).find((t) => t.trim().length > 0);
      const n = next ? /^\s*(\d{1,4})\s*(?:\/\s*\d{3,4})?\s*$/.exec(next) : null;
      if (n) scores.push({ value: Number(n[1]), raw: `${line.trim()} ${next!.trim()}` });
    }
    for (const m of line.matchAll(/(?<![\d/.-])(\d{1,4})\s*(?:\/|out\s+of)\s*(\d{3,4})(?![\d/.-])/gi)) {
      if (maxima.has(Number(m[2])) && Number(m[1]) <= Number(m[2])) {
        const before = line.slice(0, m.index ?? 0);
        if (passAt.has(m.index ?? 0) || PASS_MARK_BEFORE.test(before.replace(/[:\s]+$/, "")) || /\bpass/i.test(before.slice(-30))) continue;
        if (!scores.some((s) => s.raw === line.trim() && s.value === Number(m[1]))) {
          scores.push({ value: Number(m[1]), raw: line.trim() });
        }
      }
    }
  });
  const distinct = [...new Set(scores.map((s) => s.value))];
  if (distinct.length > 1) {
    warnings.push(`The report shows several scores (${distinct.join(", ")}); enter the scaled score yourself.`);
    return { score: null, passMark, scoreText: null, warnings };
  }
  if (distinct.length === 1) return { score: distinct[0], passMark, scoreText: scores[0].raw.slice(0, 200), warnings };
  return { score: null, passMark, scoreText: null, warnings };
}

export type ResultScan = { passed: boolean | null; warnings: string[] };

export function findResultWords(lines: Line[]): ResultScan {
  const strong: boolean[] = [];
  const weak: boolean[] = [];
  for (const { text } of lines) {
    let t = text.trim();
    if (!t) continue;
    if (/\bpass\s*\/\s*fail\b/i.test(t)) continue;
    // "score needed to pass", "pass mark": the pass mark, not the result.
    t = t.replace(/\b(?:to|must|need(?:ed)?\s+to|required\s+to)\s+pass\b/gi, " ").replace(/\bpass\s*(?:mark|score|rate|threshold)\b/gi, " ");
    const fail = /\b(?:fail|failed|failure|did\s*n[o']?t\s+pass|not\s+passed|unsuccessful)\b/i.test(t);
    const pass = !fail && /\b(?:pass|passed)\b/i.test(t);
    if (!fail && !pass) continue;
    if (/\b(?:if|when|unless|retake|policy)\b/i.test(t)) continue; // policy text, not a result
    const value = pass;
    const isStrong =
      /^(?:(?:exam\s+)?(?:result|status|outcome)\s*[:\-–]?\s*)?(?:pass|passed|fail|failed)\s*[.!]?$/i.test(t) ||
      /^(?:congratulations[,!.]?\s*)?you\s+(?:have\s+)?(?:passed|failed|did\s*n[o']?t\s+pass|did\s+not\s+pass)\b/i.test(t);
    (isStrong ? strong : weak).push(value);
  }
  const decide = (xs: boolean[]) => (xs.length > 0 && xs.every((x) => x === xs[0]) ? xs[0] : null);
  if (strong.length > 0) {
    const v = decide(strong);
    return v === null ? { passed: null, warnings: ["The report says both pass and fail; check the result."] } : { passed: v, warnings: [] };
  }
  return { passed: decide(weak), warnings: [] };
}
