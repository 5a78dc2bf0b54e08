/**
 * GIFT (Moodle) -> practice items. Supported: multiple choice with one answer
 * (`{ =right ~wrong }`) and with several (`{ ~%50%a ~%50%b ~%-100%c }`, positive weight =
 * correct), `::title::`, `[markdown]`/`[html]`/`[plain]`/`[moodle]` prefixes, per-answer
 * feedback `#...` (-> rationale), general feedback `####...` (-> explanation), `//` comment
 * lines, `$CATEGORY:` lines (used as a domain hint) and the escapes `\~ \= \# \{ \} \: \\ \n`.
 * Matching questions become drop-down items (one blank per premise) where they map cleanly.
 * Every other question kind (true/false, short answer, numeric, essay, cloze) and
 * malformed questions are skipped with their line and a reason. Never throws on input text.
 */
import { checkOptions, ItemCollector, type ConvertOptions, type ConvertResult, type Draft } from "./common";

/** A blank-line separated chunk; `starts[k]` is the offset in `text` of source line `lines[k]`. */
type Block = { text: string; lines: number[]; starts: number[] };

const SPECIAL = new Set(["~", "=", "#", "{", "}", ":"]);

/** Convert GIFT text. `opts.sourceName` ends up in provenance.source. */
export function convertGift(text: string, opts: ConvertOptions): ConvertResult {
  checkOptions(opts);
  const out = new ItemCollector(opts);
  let category = "";
  for (const block of splitBlocks(String(text ?? ""))) {
    let body = block.text;
    let offset = 0;
    // leading $CATEGORY lines
    for (;;) {
      const m = /^[ \t]*\$CATEGORY:[ \t]*([^\n]*)(?:\n|$)/i.exec(body.slice(offset));
      if (!m) break;
      category = m[1].trim();
      offset += m[0].length;
    }
    if (!body.slice(offset).trim()) continue;
    body = body.slice(offset);
    const lineOf = (pos: number) => lineAt(block, offset + pos);
    const firstLine = lineOf(body.length - body.trimStart().length);
    try {
      const parsed = parseQuestion(body, lineOf);
      if ("skip" in parsed) out.skip(firstLine, parsed.skip);
      else out.add({ ...parsed, line: firstLine, hintText: `${category.replace(/[/$]/g, " ")} ${parsed.hintText ?? ""}` });
    } catch (e) {
      out.skip(firstLine, `could not be read (${(e as Error).message})`);
    }
  }
  return out.result();
}

/** Blank-line separated blocks with `//` comment lines removed; keeps source line numbers. */
function splitBlocks(text: string): Block[] {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let cur: { parts: string[]; lines: number[] } = { parts: [], lines: [] };
  const flush = () => {
    if (cur.parts.length) {
      const starts: number[] = [];
      let pos = 0;
      for (const part of cur.parts) {
        starts.push(pos);
        pos += part.length + 1;
      }
      blocks.push({ text: cur.parts.join("\n"), lines: cur.lines, starts });
    }
    cur = { parts: [], lines: [] };
  };
  lines.forEach((raw, i) => {
    if (/^\s*\/\//.test(raw)) return;
    if (!raw.trim()) return flush();
    cur.parts.push(raw);
    cur.lines.push(i + 1);
  });
  flush();
  return blocks;
}

/** Source line of a character offset within a block. */
function lineAt(block: Block, pos: number): number {
  let line = block.lines[0];
  for (let k = 0; k < block.starts.length && block.starts[k] <= pos; k++) line = block.lines[k];
  return line;
}

/** Index of the next unescaped occurrence of `needle` at or after `from`, or -1. */
function findUnescaped(s: string, needle: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === "\\") {
      i++;
      continue;
    }
    if (s.startsWith(needle, i)) return i;
  }
  return -1;
}

/** Resolve GIFT escapes: `\~ \= \# \{ \} \:` -> the character, `\n` -> newline, `\\` -> `\`. */
export function unescapeGift(s: string): string {
  return s.replace(/\\(.)/gs, (m, c: string) => (c === "n" ? "\n" : c === "\\" || SPECIAL.has(c) ? c : m));
}

type Parsed = (Omit<Draft, "line"> & { hintText?: string }) | { skip: string };

function parseQuestion(src: string, lineOf: (pos: number) => number): Parsed {
  let s = src.trim();
  const lead = src.length - src.trimStart().length;
  let base = lead; // offset of s[0] within src, for line numbers

  let title = "";
  if (s.startsWith("::")) {
    const end = findUnescaped(s, "::", 2);
    if (end < 0) return { skip: "the title is not closed; write ::title:: before the question text" };
    title = unescapeGift(s.slice(2, end)).trim();
    const rest = s.slice(end + 2);
    base += end + 2 + (rest.length - rest.trimStart().length);
    s = rest.trimStart();
  }
  let format = "moodle";
  const fm = /^\[(markdown|html|plain|moodle)\]/i.exec(s);
  if (fm) {
    format = fm[1].toLowerCase();
    base += fm[0].length;
    s = s.slice(fm[0].length);
  }

  const open = findUnescaped(s, "{");
  if (open < 0) {
    return { skip: "no answer block { ... }; descriptions and questions without answers are not converted" };
  }
  const close = findUnescaped(s, "}", open + 1);
  const nested = findUnescaped(s, "{", open + 1);
  if (close < 0) {
    return { skip: `unterminated '{' (opened on line ${lineOf(base + open)}); close the answer block with '}' (a blank line ends a GIFT question)` };
  }
  if (nested >= 0 && nested < close) {
    return { skip: `'{' inside the answer block opened on line ${lineOf(base + open)}; escape a literal brace as \\{ or close the block with '}'` };
  }
  const after = s.slice(close + 1);
  if (findUnescaped(after, "{") >= 0) return { skip: "more than one answer block (embedded answers / cloze) is not supported" };
  if (findUnescaped(after, "}") >= 0) return { skip: "unexpected '}' after the answer block; escape a literal brace as \\}" };

  const before = s.slice(0, open);
  const stemRaw = after.trim() ? `${before.trimEnd()} _____ ${after.trim()}` : before;
  let answers = s.slice(open + 1, close);

  // general feedback
  let general = "";
  const gf = findUnescaped(answers, "####");
  if (gf >= 0) {
    general = answers.slice(gf + 4);
    answers = answers.slice(0, gf);
  }
  const body = answers.trim();
  if (!body) return { skip: "essay question (empty answer block); only multiple-choice questions are converted" };
  if (/^(T|TRUE|F|FALSE)\s*($|#)/i.test(body)) return { skip: "true/false question; only multiple-choice questions are converted" };
  if (body.startsWith("#")) return { skip: "numerical question; only multiple-choice questions are converted" };

  // split answers at unescaped = and ~
  const marks: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") {
      i++;
      continue;
    }
    if (body[i] === "=" || body[i] === "~") marks.push(i);
  }
  if (!marks.length || body.slice(0, marks[0]).trim()) {
    return { skip: "malformed answer block: answers must start with '=' (right) or '~' (wrong)" };
  }
  const raw = marks.map((m, k) => ({ mark: body[m], text: body.slice(m + 1, k + 1 < marks.length ? marks[k + 1] : body.length) }));

  if (raw.some((a) => a.mark === "=" && findUnescaped(a.text, "->") >= 0)) return matchingAsDropdown(raw, stemRaw, general, format, title);
  if (!raw.some((a) => a.mark === "~")) return { skip: "short-answer question (only '=' answers); only multiple-choice questions are converted" };

  const options: Draft["options"] = [];
  let equals = 0;
  let positiveTilde = 0;
  for (const a of raw) {
    let t = a.text.trim();
    let weight: number | undefined;
    const w = /^%(-?\d+(?:\.\d+)?)%/.exec(t);
    if (w) {
      weight = Number(w[1]);
      t = t.slice(w[0].length);
    }
    const hash = findUnescaped(t, "#");
    const answerText = hash >= 0 ? t.slice(0, hash) : t;
    const feedback = hash >= 0 ? t.slice(hash + 1) : "";
    const correct = a.mark === "=" ? weight === undefined || weight > 0 : weight !== undefined && weight > 0;
    if (a.mark === "=") equals++;
    else if (correct) positiveTilde++;
    options.push({ text: render(answerText, format), correct, rationale: feedback.trim() ? render(feedback, format) : undefined });
  }
  if (equals > 1) {
    return { skip: "several '=' answers (Moodle accepts any one of them); mark a choose-all question with ~%50% weights instead" };
  }
  if (equals === 1 && positiveTilde > 0) {
    return { skip: "partial-credit answer in a single-answer question ('=' together with positive ~% weights)" };
  }
  const stem = render(stemRaw, format);
  return { stem, options, explanation: general.trim() ? render(general, format) : "", hintText: title };
}

/**
 * A GIFT matching question (`=premise -> answer` pairs) as a drop-down item: one blank per
 * premise, each offering every answer of the question, the pair's own answer right. Skipped
 * (with its reason) when it does not map cleanly: fewer than two pairs, a `~` answer, an empty
 * side, or more than 16 options in all.
 */
function matchingAsDropdown(raw: { mark: string; text: string }[], stemRaw: string, general: string, format: string, title: string | undefined): Parsed {
  if (raw.some((a) => a.mark !== "=")) return { skip: "matching question with a '~' answer; each line of a matching question is '=premise -> answer'" };
  const pairs = raw.map((a) => {
    const at = findUnescaped(a.text, "->");
    return at < 0 ? null : { premise: render(a.text.slice(0, at), format), answer: render(a.text.slice(at + 2), format) };
  });
  if (pairs.some((p) => !p || !p.answer)) return { skip: "matching question with a line that is not '=premise -> answer'" };
  const real = (pairs as { premise: string; answer: string }[]).filter((p) => p.premise);
  if (real.length < 2) return { skip: "matching question with fewer than two pairs; it is not converted" };
  const answers = [...new Set((pairs as { answer: string }[]).map((p) => p.answer))];
  if (real.length * answers.length > 16) {
    return { skip: `matching question with ${real.length} pairs and ${answers.length} answers needs ${real.length * answers.length} drop-down options; the format allows 16` };
  }
  const blanks = real.map((_, i) => `m${i + 1}`);
  const stem = `${render(stemRaw, format)}\n\n${real.map((p, i) => `${i + 1}. ${p.premise}: [[${blanks[i]}]]`).join("\n")}`;
  const options: Draft["options"] = real.flatMap((p, i) => answers.map((a) => ({ text: a, correct: a === p.answer, blank: blanks[i] })));
  return { type: "dropdown", stem, options, explanation: general.trim() ? render(general, format) : "", hintText: title };
}

/** Unescape and, for [html], turn simple HTML into Markdown-ish text. */
function render(raw: string, format: string): string {
  const text = unescapeGift(raw).trim();
  return format === "html" ? htmlToText(text) : text;
}

export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\s*\/\s*p\s*>/gi, "\n\n")
    .replace(/<\s*p[^>]*>/gi, "")
    .replace(/<\s*li[^>]*>/gi, "\n- ")
    .replace(/<\s*(strong|b)\s*>(.*?)<\s*\/\s*\1\s*>/gi, "**$2**")
    .replace(/<\s*(em|i)\s*>(.*?)<\s*\/\s*\1\s*>/gi, "*$2*")
    .replace(/<\s*code\s*>(.*?)<\s*\/\s*code\s*>/gi, "`$1`")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
