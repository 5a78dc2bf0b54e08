/**
 * Problems found in content files. Every check (parser, loader, validator, converters'
 * output when re-checked) reports through this one shape so `content:check` can print them
 * uniformly as `file:line: field: what is wrong and how to fix it`.
 */

export type Severity = "error" | "warning";

export type Problem = {
  /** Path of the file, relative to the content root (or as given by the caller). */
  file: string;
  /** 1-based line number; 1 when the problem concerns the whole file. */
  line: number;
  /** The field concerned, e.g. `options[2].rationale`, `stem`, `domains`. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
  severity: Severity;
};

export function problem(
  severity: Severity,
  file: string,
  line: number,
  field: string,
  message: string,
): Problem {
  return { file, line: Math.max(1, Math.floor(line) || 1), field, message, severity };
}

export const error = (file: string, line: number, field: string, message: string): Problem =>
  problem("error", file, line, field, message);

export const warning = (file: string, line: number, field: string, message: string): Problem =>
  problem("warning", file, line, field, message);

/**
 * `file:line: field: message` for errors, `file:line: warning: field: message` for warnings
 * (the compiler convention, so editors and CI annotators can jump to the line).
 * `pathPrefix` is joined in front of the file (e.g. the content directory).
 */
export function formatProblem(p: Problem, pathPrefix = ""): string {
  const file = pathPrefix ? joinPath(pathPrefix, p.file) : p.file;
  const tag = p.severity === "warning" ? "warning: " : "";
  return `${file}:${p.line}: ${tag}${p.field}: ${p.message}`;
}

function joinPath(prefix: string, file: string): string {
  if (!prefix || prefix === ".") return file || ".";
  if (!file || file === ".") return prefix;
  return prefix.endsWith("/") ? prefix + file : `${prefix}/${file}`;
}

/** Stable order: by file, then line, then errors before warnings, then field. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
      cmp(a.field, b.field) ||
      cmp(a.message, b.message),
  );
}

export function countProblems(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const p of problems) if (p.severity === "error") errors++;
  return { errors, warnings: problems.length - errors };
}

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === "error");

/** Render a zod/YAML path as a field name: `options[2].rationale`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(file)";
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
