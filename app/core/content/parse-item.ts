/**
 * Parse one item file (`content/<exam>/items/<domain>/<id>.md`): YAML front matter between
 * `---` lines, then Markdown with the stem first and the explanation after `## Explanation`.
 * Never throws: everything wrong is reported as a Problem at the line it concerns.
 */
import { CaseStudyFrontMatterSchema, ItemFrontMatterSchema, type CaseStudy, type Item } from "./schema";
import { error, warning, type Problem } from "./problems";
import { attachLines, FieldLines, parseYamlWithLines, safeParseWithProblems, type MissingHints } from "./source-lines";

export type ParsedItem = { item?: Item; problems: Problem[] };

const ITEM_HINTS: MissingHints = {
  "": "an item file needs YAML front matter with id, exam, domain, type, difficulty, options and provenance",
  id: "add `id: <exam>-<domain>-<nnn>`, a stable kebab-case id that is never reused",
  exam: "add `exam: <EXAM-CODE>` with the code of the exam folder, e.g. AZ-104",
  domain: "add `domain: <domain id>` with a domain id from the exam's exam.yaml",
  objective: "use an objective id from the exam's exam.yaml",
  type: "add `type: single` (one correct option), `multiple`, `yesno`, `order` or `dropdown` (docs/content-format.md, Item types)",
  choose: "give the number of correct options, e.g. `choose: 2`",
  difficulty: "add `difficulty: 1` to `5` (1 recall, 5 hard scenario)",
  options: "add `options:` (2 to 8 for single and multiple answer, up to 16 for drop-downs), each with id, text, correct and rationale",
  "options[].id": "give each option a short id such as a, b, c",
  "options[].text": "give each option its answer text",
  "options[].correct": "use `correct: true` on the keyed options (omit it on the others)",
  "options[].rationale": "write one sentence on why this option is right or wrong",
  references: "list full https:// URLs of the documentation that backs the key",
  "references[]": "use a full https:// URL",
  provenance: "add `provenance:` with `kind: original` (or adapted/imported with source)",
  "provenance.kind": "use original, adapted or imported",
  revision: "use a whole number, bumped whenever the question or key changes",
  reviewed: "use `reviewed:` with `by:` and `on:` (a date like 2026-11-22)",
  "reviewed.by": "name the reviewer or review process",
  "reviewed.on": "use a date like 2026-11-22",
  tags: "use a list of short words, e.g. [needs-review]",
};

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const EXPLANATION = /^##[ \t]+Explanation[ \t]*#*[ \t]*$/i;
const ALMOST_EXPLANATION = /^#{1,6}[ \t]*Explanation\b/i;

/** Split a Markdown body into stem and explanation at the first `## Explanation` heading outside code blocks. */
export function splitBody(body: string): {
  stem: string;
  explanation: string;
  /** 0-based line index (within body) of the heading, -1 when absent. */
  headingIndex: number;
  /** 0-based line index of a heading that looks like a misspelt explanation heading, -1 when none. */
  nearMissIndex: number;
} {
  const lines = body.split("\n");
  let fence: string | undefined;
  let nearMiss = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = FENCE.exec(line);
    if (f) {
      const marker = f[1];
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (fence) continue;
    if (EXPLANATION.test(line)) {
      return {
        stem: trimBlock(lines.slice(0, i).join("\n")),
        explanation: trimBlock(lines.slice(i + 1).join("\n")),
        headingIndex: i,
        nearMissIndex: -1,
      };
    }
    if (nearMiss < 0 && ALMOST_EXPLANATION.test(line)) nearMiss = i;
  }
  return { stem: trimBlock(body), explanation: "", headingIndex: -1, nearMissIndex: nearMiss };
}

/** The marker of a fenced code block left open at the end of `text`, if any. */
export function unclosedFence(text: string): string | undefined {
  let fence: string | undefined;
  for (const line of text.split("\n")) {
    const f = FENCE.exec(line);
    if (!f) continue;
    if (!fence) fence = f[1];
    else if (f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
  }
  return fence;
}

/**
 * Make Markdown safe to use as a stem: a literal `## Explanation` line is escaped (it would
 * end the stem) and an unclosed code fence is closed. Idempotent.
 */
export function safeStem(stem: string): string {
  let out = stem.replace(/^(##[ \t]+Explanation[ \t]*#*[ \t]*)$/gim, "\\$1");
  const fence = unclosedFence(out);
  if (fence) out = `${out}\n${fence}`;
  return out;
}

/** Remove leading/trailing blank lines and trailing whitespace, keep inner formatting. */
function trimBlock(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, "").replace(/\s+$/, "");
}

/**
 * Parse an item file. `file` is used in problems and stored on the item (a path relative to
 * the content root by convention).
 */
export function parseItem(text: string, file: string): ParsedItem {
  const problems: Problem[] = [];
  const src = String(text ?? "").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");

  if (!/^---[ \t]*(\n|$)/.test(src)) {
    problems.push(
      error(file, 1, "front matter", "an item file must start with a '---' line, then the YAML front matter, then a closing '---' line (see docs/content-format.md)"),
    );
    return { problems };
  }
  const firstNl = src.indexOf("\n");
  const afterOpen = firstNl < 0 ? src.length : firstNl + 1;
  const closeRe = /^(?:---|\.\.\.)[ \t]*$/gm;
  closeRe.lastIndex = afterOpen;
  const close = closeRe.exec(src);
  if (!close) {
    problems.push(error(file, 1, "front matter", "the front matter is not closed; add a '---' line after the last YAML field and before the question text"));
    return { problems };
  }
  const yamlText = src.slice(afterOpen, close.index);
  const closeLine = countLines(src, close.index) + 1; // 1-based line of the closing ---
  const bodyStart = Math.min(src.length, close.index + close[0].length + 1);
  const body = src.slice(bodyStart);
  const bodyFirstLine = closeLine + 1;

  const yaml = parseYamlWithLines(yamlText, file, 2);
  problems.push(...yaml.problems);
  if (yaml.data === undefined && yaml.problems.some((p) => p.severity === "error")) return { problems };
  if (yaml.data === null || typeof yaml.data !== "object" || Array.isArray(yaml.data)) {
    problems.push(error(file, 2, "front matter", "the front matter must be YAML `key: value` lines (id, exam, domain, type, difficulty, options, provenance)"));
    return { problems };
  }

  const lines: FieldLines = yaml.lines;
  const parts = splitBody(body);
  const bodyLines = body.split("\n");
  const firstTextIndex = bodyLines.findIndex((l) => l.trim() !== "");
  lines.set("stem", bodyFirstLine + Math.max(0, firstTextIndex));
  lines.set("explanation", parts.headingIndex >= 0 ? bodyFirstLine + parts.headingIndex : bodyFirstLine + Math.max(0, bodyLines.length - 1));

  if (parts.headingIndex < 0 && parts.nearMissIndex >= 0) {
    problems.push(
      warning(file, bodyFirstLine + parts.nearMissIndex, "explanation", "the explanation heading must be exactly `## Explanation` (level 2); this heading is read as part of the question"),
    );
  }
  if (!parts.stem) {
    problems.push(
      error(file, lines.get("stem"), "stem", "the question text is missing; write it after the closing '---' and before '## Explanation'"),
    );
  }

  const parsed = safeParseWithProblems(ItemFrontMatterSchema, yaml.data, file, lines, ITEM_HINTS);
  problems.push(...parsed.problems);
  if (!parsed.value || !parts.stem) return { problems };

  const item: Item = { ...parsed.value, stem: parts.stem, explanation: parts.explanation, file };
  attachLines(item, lines);
  return { item, problems };
}

const CASE_HINTS: MissingHints = {
  "": "a case study file needs YAML front matter with id, exam, title and provenance, then the scenario in Markdown",
  id: "add `id: <exam>-case-<name>`, a stable kebab-case id that items name in `caseStudy:`",
  exam: "add `exam: <EXAM-CODE>` with the code of the exam folder",
  title: "add `title:` with the case study's name, e.g. Contoso, Ltd.",
  provenance: "add `provenance:` with `kind: original`",
};

/**
 * Parse a case study file (`content/<exam>/cases/<id>.md`): front matter (id, exam, title,
 * provenance, reviewed) between `---` lines, then the scenario in Markdown (overview, existing
 * environment, requirements, constraints). Never throws.
 */
export function parseCaseStudy(text: string, file: string): { caseStudy?: CaseStudy; problems: Problem[] } {
  const problems: Problem[] = [];
  const src = String(text ?? "").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const m = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(src);
  if (!m) {
    problems.push(error(file, 1, "front matter", "a case study file must start with '---', its YAML front matter (id, exam, title, provenance), a closing '---', then the scenario"));
    return { problems };
  }
  const yaml = parseYamlWithLines(m[1], file, 2);
  problems.push(...yaml.problems);
  if (yaml.data === null || typeof yaml.data !== "object" || Array.isArray(yaml.data)) {
    if (!problems.length) problems.push(error(file, 2, "front matter", "the front matter must be YAML `key: value` lines (id, exam, title, provenance)"));
    return { problems };
  }
  const scenario = trimBlock(src.slice(m[0].length));
  const scenarioLine = countLines(src, m[0].length) + 1;
  if (!scenario) problems.push(error(file, scenarioLine, "scenario", "the scenario is missing; write it in Markdown after the closing '---'"));
  const parsed = safeParseWithProblems(CaseStudyFrontMatterSchema, yaml.data, file, yaml.lines, CASE_HINTS);
  problems.push(...parsed.problems);
  if (!parsed.value || !scenario) return { problems };
  const caseStudy: CaseStudy = { ...parsed.value, scenario, file };
  attachLines(caseStudy, yaml.lines);
  return { caseStudy, problems };
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
