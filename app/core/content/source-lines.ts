/**
 * Line numbers for parsed content. YAML is parsed with the `yaml` package and a LineCounter;
 * every key and sequence entry is mapped to its 1-based line in the file, so any problem
 * found later (zod issue, cross-file rule) can point at `file:line`.
 *
 * Parsed objects (items, exam definitions) are registered in a WeakMap, so the plain data
 * types stay unchanged and objects built in memory (tests, converters) simply fall back to
 * line 1.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { fieldName, problem, type Problem, type Severity } from "./problems";

export type Path = readonly PropertyKey[];

/** Field path -> line. Lookups fall back to the nearest recorded ancestor. */
export class FieldLines {
  private readonly map = new Map<string, number>();
  constructor(private readonly fallback = 1) {}

  set(path: Path | string, line: number): void {
    this.map.set(typeof path === "string" ? path : fieldName(path), line);
  }

  /** Line of `path`, or of its nearest ancestor that has one. */
  get(path: Path | string): number {
    if (typeof path === "string") return this.map.get(path) ?? this.fallback;
    for (let n = path.length; n > 0; n--) {
      const line = this.map.get(fieldName(path.slice(0, n)));
      if (line !== undefined) return line;
    }
    return this.fallback;
  }

  has(path: Path | string): boolean {
    return this.map.has(typeof path === "string" ? path : fieldName(path));
  }
}

const registry = new WeakMap<object, FieldLines>();

export function attachLines(obj: object, lines: FieldLines): void {
  registry.set(obj, lines);
}

export function linesOf(obj: object): FieldLines | undefined {
  return registry.get(obj);
}

/** Line of a field of a parsed item or exam; 1 when the object was not parsed from a file. */
export function lineOf(obj: object, path: Path | string): number {
  return registry.get(obj)?.get(path) ?? 1;
}

export type YamlParse = {
  /** The plain JS value, or undefined when the YAML could not be parsed. */
  data: unknown;
  lines: FieldLines;
  problems: Problem[];
};

/**
 * Parse YAML text that starts at line `firstLine` of `file`, recording the line of every
 * key and sequence entry. Never throws.
 */
export function parseYamlWithLines(text: string, file: string, firstLine = 1): YamlParse {
  const lineCounter = new LineCounter();
  const lines = new FieldLines(Math.max(1, firstLine - 1));
  const problems: Problem[] = [];
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? firstLine : lineCounter.linePos(offset).line + firstLine - 1;

  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    problems.push(problem("error", file, firstLine, "front matter", `YAML could not be read (${(e as Error).message})`));
    return { data: undefined, lines, problems };
  }
  for (const err of doc.errors) {
    problems.push(
      problem("error", file, lineAt(err.pos?.[0]), yamlField(doc.contents, err.pos?.[0]), yamlMessage(err.code, err.message)),
    );
  }
  for (const w of doc.warnings) {
    problems.push(problem("warning", file, lineAt(w.pos?.[0]), "yaml", firstSentence(w.message)));
  }
  if (doc.errors.length) return { data: undefined, lines, problems };

  let data: unknown;
  try {
    // One walk builds the plain value and the line map; aliases or complex keys fall back to toJS().
    data = doc.contents ? build(doc.contents as Node, "", lines, lineAt) : null;
  } catch (e) {
    if (!(e instanceof NeedsToJS)) throw e;
    try {
      if (doc.contents) walk(doc.contents as Node, "", lines, lineAt);
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      problems.push(problem("error", file, firstLine, "yaml", `YAML could not be converted (${(err as Error).message}); avoid aliases (*name) in content files`));
      return { data: undefined, lines, problems };
    }
  }
  return { data, lines, problems };
}

class NeedsToJS extends Error {}

type LineAt = (offset: number | undefined) => number;

/** Plain JS value of a node, recording the line of every key and sequence entry. */
function build(node: Node | null | undefined, path: string, lines: FieldLines, lineAt: LineAt): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return node.value;
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) throw new NeedsToJS();
      const key = String(pair.key.value);
      const childPath = path ? `${path}.${key}` : key;
      lines.set(childPath, lineAt((pair.key as Node).range?.[0]));
      const value = build(pair.value as Node | null, childPath, lines, lineAt);
      if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
    }
    return obj;
  }
  if (isSeq(node)) {
    return node.items.map((item, i) => {
      const childPath = `${path}[${i}]`;
      lines.set(childPath, lineAt((item as Node | null)?.range?.[0]));
      return build(item as Node | null, childPath, lines, lineAt);
    });
  }
  throw new NeedsToJS(); // alias
}

/** Record lines only (used when the value comes from toJS()). */
function walk(node: Node, path: string, lines: FieldLines, lineAt: LineAt): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const childPath = path ? `${path}.${String(pair.key.value)}` : String(pair.key.value);
      lines.set(childPath, lineAt((pair.key as Node).range?.[0]));
      if (pair.value && typeof pair.value === "object") walk(pair.value as Node, childPath, lines, lineAt);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const childPath = `${path}[${i}]`;
      lines.set(childPath, lineAt((item as Node | null)?.range?.[0]));
      if (item && typeof item === "object") walk(item as Node, childPath, lines, lineAt);
    });
  }
}

/** Name the top-level key whose value contains `offset`, for YAML syntax errors. */
function yamlField(contents: unknown, offset: number | undefined): string {
  if (offset === undefined || !isMap(contents)) return "yaml";
  let best: string | undefined;
  for (const pair of contents.items) {
    const start = (pair.key as Node | null)?.range?.[0];
    if (start !== undefined && start <= offset && isScalar(pair.key)) best = String(pair.key.value);
  }
  return best ?? "yaml";
}

function yamlMessage(code: string, message: string): string {
  const first = firstSentence(message);
  switch (code) {
    case "DUPLICATE_KEY":
      return `${first}; each field may appear only once, remove the repeated key`;
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return `YAML syntax: ${first}; check indentation and that text containing ': ' or '#' is quoted`;
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return `YAML syntax: ${first}; a key and its value must start on the same line, quote text that contains ': '`;
    default:
      return `YAML syntax: ${first}; check indentation and quoting`;
  }
}

function firstSentence(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").trim();
}

// ---------------------------------------------------------------------------------------
// zod issues -> problems

/** Hints for required fields that are missing, keyed by path with indices replaced by []. */
export type MissingHints = Record<string, string>;

/**
 * Run a zod schema over parsed YAML data and turn each issue into a problem at the line of
 * the offending field, with a message that says how to fix it.
 */
export function safeParseWithProblems<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  lines: FieldLines,
  hints: MissingHints,
  severity: Severity = "error",
): { value?: z.output<S>; problems: Problem[] } {
  const result = schema.safeParse(data, { error: (iss) => defaultMessage(iss as unknown as RawIssue, hints) });
  if (result.success) return { value: result.data, problems: [] };
  const problems: Problem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        problems.push(
          problem(severity, file, lines.get(keyPath), fieldName(keyPath), `unknown field "${key}"; remove it or fix its spelling (${issue.message})`),
        );
      }
      continue;
    }
    problems.push(problem(severity, file, lines.get(path), fieldName(path), issue.message));
  }
  return { problems };
}

type RawIssue = {
  code: string;
  path?: PropertyKey[];
  input?: unknown;
  expected?: string;
  values?: unknown[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  pattern?: string;
  keys?: string[];
  inst?: { _zod?: { def?: { shape?: Record<string, unknown> } } };
  schema?: { _zod?: { def?: { shape?: Record<string, unknown> } } };
  message?: string;
};

function hintKey(path: readonly PropertyKey[] | undefined): string {
  return (path ?? []).map((k) => (typeof k === "number" ? "[]" : String(k))).join(".").replace(/\.\[\]/g, "[]");
}

function describe(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `text "${value.length > 40 ? value.slice(0, 37) + "..." : value}"`;
  return `${typeof value} ${String(value)}`;
}

const typeWords: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value lines)",
};

/** Messages for issues whose schema gave no message of its own. */
function defaultMessage(iss: RawIssue, hints: MissingHints): string | undefined {
  const hint = hints[hintKey(iss.path)];
  switch (iss.code) {
    case "invalid_type": {
      if (iss.input === undefined) return `is missing; ${hint ?? "add it"}`;
      const want = typeWords[iss.expected ?? ""] ?? iss.expected;
      return `expected ${want}, found ${describe(iss.input)}${hint ? `; ${hint}` : ""}`;
    }
    case "invalid_value":
      return `${describe(iss.input)} is not allowed; use one of: ${(iss.values ?? []).map(String).join(", ")}`;
    case "too_small":
      if (iss.origin === "string") return `is too short (at least ${iss.minimum} characters)${hint ? `; ${hint}` : ""}`;
      if (iss.origin === "array") return `needs at least ${iss.minimum} entries${hint ? `; ${hint}` : ""}`;
      return `must be ${iss.inclusive ? "at least" : "more than"} ${iss.minimum}`;
    case "too_big":
      if (iss.origin === "string") return `is too long (at most ${iss.maximum} characters)`;
      if (iss.origin === "array") return `has too many entries (at most ${iss.maximum})`;
      return `must be ${iss.inclusive ? "at most" : "less than"} ${iss.maximum}`;
    case "invalid_format":
      if (iss.format === "url") return `${describe(iss.input)} is not a URL; use a full https:// address`;
      return `${describe(iss.input)} has the wrong format${iss.pattern ? ` (must match ${iss.pattern})` : ""}`;
    case "unrecognized_keys": {
      const shape = (iss.schema ?? iss.inst)?._zod?.def?.shape;
      return shape ? `allowed here: ${Object.keys(shape).join(", ")}` : "see docs/content-format.md for the allowed fields";
    }
    case "invalid_union":
      return `${describe(iss.input)} is not valid here${hint ? `; ${hint}` : ""}`;
    default:
      return undefined;
  }
}
