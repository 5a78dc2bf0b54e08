/**
 * Community Markdown question banks -> practice items. Layout:
 *
 *   ### <stem, or a number such as "12" / "Question 12">
 *   more stem paragraphs, images ![..](..) and fenced code blocks (kept as they are)
 *   - [ ] wrong option
 *   - [x] right option
 *   (text after the options becomes the explanation)
 *   **[⬆ Back to Top](#table-of-contents)**     (ignored, with its variants)
 *   ---                                         (separators ignored)
 *
 * Text before the first `###` heading (title, table of contents) and `#`/`##` headings are
 * ignored. Questions without a marked answer, without options, etc. are skipped with their
 * line and a reason. Never throws on input text.
 */
import { checkOptions, ItemCollector, type ConvertOptions, type ConvertResult } from "./common";

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*(?:#+[ \t]*)?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const OPTION = /^ {0,3}[-*+][ \t]+\[([ xX])\](?:[ \t]+(.*))?$/;
const SEPARATOR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const NUMBER_ONLY = /^(?:question|q)?[ \t]*(?:no\.?|#)?[ \t]*\d+[ \t]*[.:)]?$/i;
const NUMBER_PREFIX = /^(?:(?:question|q)[ \t]*#?[ \t]*\d+|\d+)[ \t]*[.:)\]–-][ \t]*/i;

/** `**[⬆ Back to Top](#table-of-contents)**`, `[Back to top](#top)`, `<a href="#top">back to top</a>`, ... */
export function isBackToTop(line: string): boolean {
  const t = line.replace(/[*_]/g, "").trim();
  if (!t || t.length > 200) return false;
  const mdLink = /^\W*\[[^\]]*\]\(#[^)]*\)\W*$/u.test(t);
  const htmlLink = /^\W*<a\s[^>]*href\s*=\s*["']#[^"']*["'][^>]*>.*<\/a>\W*$/iu.test(t);
  return (mdLink || htmlLink) && /\b(?:back\s*to\s*top|top)\b/i.test(t);
}

type Block = { line: number; heading: string; lines: { text: string; line: number }[] };

/** Convert a community Markdown question bank. */
export function convertMarkdown(text: string, opts: ConvertOptions): ConvertResult {
  checkOptions(opts);
  const out = new ItemCollector(opts);
  for (const block of splitQuestions(String(text ?? ""))) {
    try {
      convertBlock(block, out);
    } catch (e) {
      out.skip(block.line, `could not be read (${(e as Error).message})`);
    }
  }
  return out.result();
}

function splitQuestions(text: string): Block[] {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let cur: Block | undefined;
  let fence: string | undefined;
  lines.forEach((raw, i) => {
    const f = FENCE.exec(raw);
    if (f) {
      if (!fence) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length && raw.trim() === f[1]) fence = undefined;
      cur?.lines.push({ text: raw, line: i + 1 });
      return;
    }
    if (!fence) {
      const h = HEADING.exec(raw);
      if (h && h[1].length <= 3) {
        cur = h[1].length === 3 ? { line: i + 1, heading: h[2], lines: [] } : undefined;
        if (cur) blocks.push(cur);
        return;
      }
    }
    cur?.lines.push({ text: raw, line: i + 1 });
  });
  return blocks;
}

function convertBlock(block: Block, out: ItemCollector): void {
  const stemLines: string[] = [];
  const explanationLines: string[] = [];
  const options: { text: string; correct: boolean }[] = [];
  let fence: string | undefined;
  let inOption = false;

  const heading = block.heading.trim();
  if (heading && !NUMBER_ONLY.test(heading)) stemLines.push(heading.replace(NUMBER_PREFIX, ""), "");

  for (const { text } of block.lines) {
    const f = FENCE.exec(text);
    const target = options.length ? explanationLines : stemLines;
    if (fence || f) {
      if (f) {
        if (!fence) fence = f[1];
        else if (f[1][0] === fence[0] && f[1].length >= fence.length && text.trim() === f[1]) fence = undefined;
      }
      if (inOption && /^\s{2,}/.test(text)) options[options.length - 1].text += `\n${text.replace(/^\s{2,6}/, "")}`;
      else {
        inOption = false;
        target.push(text);
      }
      continue;
    }
    if (SEPARATOR.test(text) || isBackToTop(text)) {
      inOption = false;
      continue;
    }
    const o = OPTION.exec(text);
    if (o) {
      options.push({ text: (o[2] ?? "").trim(), correct: o[1] !== " " });
      inOption = true;
      continue;
    }
    if (inOption && /^\s{2,}\S/.test(text)) {
      options[options.length - 1].text += `\n${text.trim()}`;
      continue;
    }
    if (!text.trim()) {
      inOption = false;
      target.push("");
      continue;
    }
    inOption = false;
    target.push(text);
  }

  if (!options.length) {
    out.skip(block.line, "no answer options; list them as task-list items (- [ ] wrong, - [x] right)");
    return;
  }
  if (!options.some((o) => o.correct)) {
    out.skip(block.line, "no answer is marked; mark the right option(s) with - [x]");
    return;
  }
  const explanation = explanationLines.join("\n");
  const references = [...explanation.matchAll(/\]\((https?:\/\/[^)\s]+)\)|(?:^|\s)(https?:\/\/[^\s)>\]]+)/g)].map((m) => m[1] ?? m[2]);
  out.add({
    line: block.line,
    stem: stemLines.join("\n"),
    options,
    explanation,
    references,
  });
}
