/**
 * Checks on what a candidate submits as a baseline (after parsing, or typed into the form)
 * and on an uploaded score-report file. Messages are written for the candidate.
 * Never throws.
 */
import type { BandLevel, ExamDefinition } from "../content/schema";
import { isBandLevel, levelForLabel } from "./bands";
import { humanDate, isFutureDay, isValidIsoDate } from "./dates";
import { domainMatcher } from "./domain-match";
import { compactKey } from "./text";

export type FieldError = {
  /** "exam", "score", "date", "domains" or "domains.<index>" */
  field: string;
  message: string;
};

export type ReportInputDomain = {
  id: string;
  /** The name as read from the report, if any (helps recognise another exam's report). */
  name?: string | null;
  level?: BandLevel | null;
  band?: string | null;
};

export type ReportInput = {
  /** The exam the report itself names (e.g. ParsedReport.exam), if known. */
  exam?: string | null;
  score?: number | null;
  date?: string | null;
  domains: ReportInputDomain[];
};

export type ValidateOptions = {
  /** All known exams, to say which exam a foreign report belongs to. */
  exams?: ExamDefinition[];
};

export function validateReportInput(
  exam: ExamDefinition,
  input: ReportInput,
  now: Date,
  opts: ValidateOptions = {},
): FieldError[] {
  try {
    return validateUnsafe(exam, input, now, opts ?? {});
  } catch {
    return [{ field: "domains", message: "These results could not be checked; enter them again." }];
  }
}

function validateUnsafe(exam: ExamDefinition, input: ReportInput, now: Date, opts: ValidateOptions): FieldError[] {
  const errors: FieldError[] = [];
  const data = (input ?? {}) as Partial<ReportInput>;

  // Score
  const { min, max } = exam.score;
  const score = data.score;
  if (score !== undefined && score !== null) {
    if (typeof score !== "number" || !Number.isFinite(score)) {
      errors.push({ field: "score", message: "Score must be a number, like 652" });
    } else if (score < min || score > max) {
      errors.push({ field: "score", message: `Score must be between ${min} and ${max} on this exam's scale` });
    } else if (!Number.isInteger(score)) {
      errors.push({ field: "score", message: "Score must be a whole number, as on the score report" });
    }
  }

  // Date
  const date = data.date;
  if (date !== undefined && date !== null && date !== "") {
    if (!isValidIsoDate(date)) {
      errors.push({ field: "date", message: "Enter the exam date as a real date, like 2026-11-03" });
    } else if (isFutureDay(date, now instanceof Date ? now : new Date())) {
      errors.push({ field: "date", message: `The exam date (${humanDate(date)}) is in the future; enter the day you took the exam` });
    }
  }

  // Domains
  const domains = Array.isArray(data.domains) ? data.domains : [];
  if (domains.length === 0) {
    errors.push({ field: "domains", message: "Enter at least one domain result from your score report" });
  }
  const ids = new Set(exam.domains.map((d) => d.id));
  const seen = new Set<string>();
  let foreign = 0;
  domains.forEach((d, i) => {
    const field = `domains.${i}`;
    const id = d && typeof d.id === "string" ? d.id : "";
    const domain = exam.domains.find((x) => x.id === id);
    if (!domain) {
      foreign += 1;
      const shown = (d && typeof d.name === "string" && d.name.trim()) || id || "(no id)";
      errors.push({ field, message: `"${shown}" is not a domain of ${exam.code}` });
      return;
    }
    if (seen.has(id)) {
      errors.push({ field, message: `${domain.name} is listed more than once` });
      return;
    }
    seen.add(id);
    const level = d.level ?? null;
    const band = typeof d.band === "string" && d.band.trim() ? d.band : null;
    if (level !== null && !isBandLevel(level)) {
      errors.push({ field, message: `${domain.name}: "${String(level)}" is not a level (use weak, near or strong)` });
      return;
    }
    if (level === null && band === null) {
      errors.push({ field, message: `Choose a band for ${domain.name}` });
      return;
    }
    if (band !== null) {
      const match = levelForLabel(exam, band);
      if (!match) {
        const labels = exam.bands.map((b) => b.label).join(", ");
        errors.push({ field, message: `${domain.name}: "${band}" is not a band on ${exam.code} score reports (use ${labels})` });
      } else if (level !== null && match.level !== level) {
        errors.push({ field, message: `${domain.name}: "${band}" means ${match.level}, but the level says ${level}` });
      }
    }
  });

  // Another exam's report?
  const claimed = typeof data.exam === "string" && data.exam.trim() ? data.exam.trim() : null;
  if (claimed && compactKey(claimed) !== compactKey(exam.code)) {
    const known = opts.exams?.find((e) => compactKey(e.code) === compactKey(claimed));
    errors.unshift({ field: "exam", message: `This looks like a report for ${known?.code ?? claimed}, not ${exam.code}` });
  } else if (domains.length > 0 && foreign * 2 > domains.length) {
    const other = likeliestOtherExam(exam, domains, opts.exams ?? []);
    errors.unshift({
      field: "exam",
      message: other
        ? `This looks like a report for ${other}, not ${exam.code}`
        : `Most of these domains are not part of ${exam.code}; check that you chose the right exam`,
    });
  }
  return errors;
}

/** The other exam that most of the entries belong to (by id or by name), if clearly better. */
function likeliestOtherExam(exam: ExamDefinition, domains: ReportInputDomain[], exams: ExamDefinition[]): string | null {
  const belongs = (e: ExamDefinition, d: ReportInputDomain) => {
    if (!d) return false;
    if (typeof d.name === "string" && d.name.trim()) {
      const m = domainMatcher(e).match(d.name);
      if (m.kind === "match" && m.exact) return true;
    }
    return e.domains.some((x) => x.id === d.id);
  };
  const own = domains.filter((d) => belongs(exam, d)).length;
  const ranked = exams
    .filter((e) => e.code !== exam.code)
    .map((e) => ({ code: e.code, n: domains.filter((d) => belongs(e, d)).length }))
    .sort((a, b) => b.n - a.n);
  const best = ranked[0];
  if (!best || best.n <= own || best.n * 2 <= domains.length) return null;
  if (ranked[1] && ranked[1].n === best.n) return null;
  return best.code;
}

// ---------------------------------------------------------------------------------------
// Uploads

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const MIME_BY_EXTENSION: Record<string, string[]> = {
  pdf: ["application/pdf", "application/x-pdf", "application/acrobat"],
  txt: ["text/plain"],
};

/** Shown size in MB (1 MB = 1,048,576 bytes), one decimal, never rounded down to the limit. */
function megabytes(size: number): string {
  const mb = Math.round((size / (1024 * 1024)) * 10) / 10;
  return (size > MAX_UPLOAD_BYTES ? Math.max(mb, 5.1) : mb).toFixed(1);
}

/**
 * Checks an uploaded file before reading it: only .pdf and .txt (extension and MIME type
 * must agree; an empty or generic "application/octet-stream" type is accepted, as browsers
 * send that when they don't know), not empty, at most 5 MB. Returns a message or null.
 */
export function validateUpload(file: { name: string; type: string; size: number }): string | null {
  const name = file && typeof file.name === "string" ? file.name.trim() : "";
  const type = file && typeof file.type === "string" ? file.type.split(";")[0].trim().toLowerCase() : "";
  const size = file ? file.size : Number.NaN;
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  const allowed = MIME_BY_EXTENSION[ext];
  if (!allowed) {
    return `Only PDF (.pdf) and text (.txt) files can be read${name ? `; "${name}" is neither` : ""}. Download the score report as a PDF, or paste its text.`;
  }
  if (type && type !== "application/octet-stream" && !allowed.includes(type)) {
    return `"${name}" is named .${ext} but its type is ${type}; upload the score report as a PDF or a .txt file.`;
  }
  if (typeof size !== "number" || !Number.isFinite(size) || size < 0) {
    return "Could not tell the size of the file; choose it again.";
  }
  if (size === 0) return "The file is empty; choose your score report file again.";
  if (size > MAX_UPLOAD_BYTES) return `The file is ${megabytes(size)} MB; the limit is 5 MB`;
  return null;
}
