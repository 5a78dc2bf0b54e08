/**
 * Shared pieces of the question-bank converters (GIFT, CSV, community Markdown): option and
 * result types, stable ids, and turning a parsed question draft into a valid item.
 */
import { ItemFrontMatterSchema, type ExamDefinition, type ItemFrontMatter } from "../schema";
import { sha256Hex } from "../hash";
import { safeStem } from "../parse-item";
import { normalizeStem } from "../similar";
import { suggestDomain } from "./suggest-domain";

export type ConvertOptions = {
  exam: ExamDefinition;
  /** Domain id for every converted item; when absent a domain is suggested per question. */
  domain?: string;
  /** Id prefix (kebab-case); default: the exam code in lowercase without hyphens, e.g. az104. */
  idPrefix?: string;
  /** Where the questions came from (file name, repository URL); stored in provenance.source. */
  sourceName: string;
};

/** A converted item: front matter, stem and explanation, plus the line it came from. */
export type ConvertedItem = ItemFrontMatter & {
  stem: string;
  explanation: string;
  /** 1-based line of the question in the source file. */
  sourceLine: number;
};

export type Skipped = { line: number; reason: string };
export type ConvertResult = { items: ConvertedItem[]; skipped: Skipped[] };

export const NEEDS_REVIEW_TAG = "needs-review";
export const DEFAULT_DIFFICULTY = 3;
const OPTION_IDS = "abcdefghijklmnop".split("");
/** Single and multiple answer: at most eight options (drop-downs from matching questions: 16). */
const MAX_OPTIONS = 8;

/** A question as read from a source format, before ids, domain and provenance are added. */
export type Draft = {
  line: number;
  stem: string;
  options: { text: string; correct: boolean; rationale?: string; blank?: string }[];
  /** A drop-down item (from a GIFT matching question): every option names its blank. */
  type?: "dropdown";
  explanation?: string;
  domain?: string;
  objective?: string;
  references?: string[];
  difficulty?: number;
  /** Extra text used only to suggest a domain (e.g. a GIFT category or title). */
  hintText?: string;
};

/** `az104` for AZ-104, or the sanitised `idPrefix` option. */
export function idPrefixFor(exam: ExamDefinition, idPrefix?: string): string {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  return (idPrefix && clean(idPrefix)) || exam.code.toLowerCase().replace(/[^a-z0-9]/g, "") || "item";
}

/** Whitespace- and case-insensitive form of a stem used for ids. */
export function normalizeForId(stem: string): string {
  return stem.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Stable id from the exam and the stem: re-converting the same question gives the same id. */
export function stableItemId(exam: ExamDefinition, stem: string, idPrefix?: string): string {
  return `${idPrefixFor(exam, idPrefix)}-${sha256Hex(`${exam.code}\n${normalizeForId(stem)}`).slice(0, 10)}`;
}

/** Checks shared by all converters; throws for options a caller must fix (not for input text). */
export function checkOptions(opts: ConvertOptions): void {
  if (opts.domain !== undefined && !opts.exam.domains.some((d) => d.id === opts.domain)) {
    throw new Error(`"${opts.domain}" is not a domain of ${opts.exam.code}; use one of: ${opts.exam.domains.map((d) => d.id).join(", ")}`);
  }
}

/**
 * Collects converted items, giving each a stable id and rejecting repeated questions within
 * the same conversion (same normalised stem => same id).
 */
export class ItemCollector {
  readonly items: ConvertedItem[] = [];
  readonly skipped: Skipped[] = [];
  private readonly lineById = new Map<string, number>();
  /** Normalised stem (as the validator compares them) -> source line of its first question. */
  private readonly lineByStem = new Map<string, number>();

  constructor(private readonly opts: ConvertOptions) {}

  skip(line: number, reason: string): void {
    this.skipped.push({ line: Math.max(1, line), reason });
  }

  add(draft: Draft): void {
    const built = buildItem(draft, this.opts);
    if ("reason" in built) return this.skip(draft.line, built.reason);
    const key = normalizeStem(built.stem);
    const prev = this.lineByStem.get(key) ?? this.lineById.get(built.id);
    if (prev !== undefined) {
      return this.skip(draft.line, `same question text (ignoring case and punctuation) as the question at line ${prev}; converted once`);
    }
    this.lineByStem.set(key, draft.line);
    this.lineById.set(built.id, draft.line);
    this.items.push(built);
  }

  result(): ConvertResult {
    return { items: this.items, skipped: this.skipped.sort((a, b) => a.line - b.line) };
  }
}

/** Turn a draft into an item, or give the reason it cannot be converted. */
export function buildItem(draft: Draft, opts: ConvertOptions): ConvertedItem | { reason: string } {
  const stem = tidy(draft.stem) ? safeStem(tidy(draft.stem)) : "";
  if (!stem) return { reason: "no question text" };
  if (!normalizeStem(stem)) return { reason: "the question text has no words" };
  const options = draft.options.map((o) => ({ ...o, text: tidy(o.text), rationale: o.rationale ? tidy(o.rationale) : undefined }));
  if (options.length < 2) return { reason: `${options.length === 0 ? "no answer options" : "only one answer option"}; a practice item needs 2 to ${MAX_OPTIONS}` };
  const maxOptions = draft.type === "dropdown" ? 16 : MAX_OPTIONS;
  if (options.length > maxOptions) return { reason: `${options.length} answer options; the format allows at most ${maxOptions}` };
  const empty = options.findIndex((o) => !o.text);
  if (empty >= 0) return { reason: `answer option ${OPTION_IDS[empty]} has no text` };
  const correct = options.filter((o) => o.correct).length;
  if (correct === 0) return { reason: "no correct answer is marked" };
  if (correct === options.length && draft.type !== "dropdown") return { reason: "every answer option is marked correct" };

  const { exam } = opts;
  let domain = draft.domain ?? opts.domain;
  let objective = draft.objective;
  let suggestedDomain = false;
  let guessed = false;
  if (!domain || !objective) {
    const suggestion = suggestDomain(exam, [draft.hintText ?? "", stem, ...options.map((o) => o.text)].join("\n"), domain);
    if (!domain) {
      domain = suggestion.domain;
      suggestedDomain = true;
      guessed = true;
    }
    if (!objective && suggestion.objective && suggestion.domain === domain) {
      objective = suggestion.objective;
      guessed = true;
    }
  }

  const references = [...new Set((draft.references ?? []).map((r) => r.trim()).filter(isHttpUrl))];
  const notUrls = (draft.references ?? []).map((r) => r.trim()).filter((r) => r && !isHttpUrl(r));
  const difficulty = draft.difficulty ?? DEFAULT_DIFFICULTY;
  const front: ItemFrontMatter = {
    id: stableItemId(exam, stem, opts.idPrefix),
    exam: exam.code,
    domain,
    ...(objective ? { objective } : {}),
    ...(suggestedDomain ? { suggestedDomain: true } : {}),
    ...(draft.type === "dropdown" ? { type: "dropdown" as const } : { type: correct > 1 ? ("multiple" as const) : ("single" as const), ...(correct > 1 ? { choose: correct } : {}) }),
    difficulty,
    options: options.map((o, i) => ({
      id: OPTION_IDS[i],
      text: o.text,
      correct: o.correct,
      ...(o.rationale ? { rationale: o.rationale } : {}),
      ...(o.blank ? { blank: o.blank } : {}),
    })),
    references,
    provenance: { kind: "imported", source: opts.sourceName || "unknown" },
    revision: 1,
    ...(guessed ? { tags: [NEEDS_REVIEW_TAG] } : {}),
  };
  const check = ItemFrontMatterSchema.safeParse(front);
  if (!check.success) {
    const issue = check.error.issues[0];
    return { reason: `${issue.path.join(".") || "item"}: ${issue.message}` };
  }
  let explanation = tidy(draft.explanation ?? "");
  if (notUrls.length) explanation = tidy(`${explanation}\n\nSource: ${notUrls.join("; ")}`);
  return { ...check.data, stem, explanation, sourceLine: draft.line };
}

/** Trim, drop trailing spaces on lines, collapse 3+ blank lines. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "https:" || u.protocol === "http:") && ItemFrontMatterSchema.shape.references.safeParse([s]).success;
  } catch {
    return false;
  }
}

export const optionLetter = (i: number): string => OPTION_IDS[i] ?? String(i + 1);
