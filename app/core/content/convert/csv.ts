/**
 * CSV -> practice items. Column layout (documented in docs/content-format.md, "Converters"):
 * a header row naming the columns, in any order, case-insensitive:
 *   question (required), option_a..option_h or options ("|"-separated), correct (letters,
 *   "B" or "A,C"), explanation, domain, objective, reference (URLs separated by spaces, "|"
 *   or ";"), difficulty (1-5), rationale_a..rationale_h.
 * Comma, semicolon or tab delimited (detected from the header), quoted fields may span lines,
 * a UTF-8 BOM is ignored. Rows that cannot be converted (ragged rows, no correct answer,
 * unknown domain, ...) are reported with their line number; never throws on input text.
 */
import { parse } from "csv-parse/sync";
import { checkOptions, ItemCollector, optionLetter, type ConvertOptions, type ConvertResult } from "./common";

type Row = { record: string[]; line: number };

const LETTERS = "abcdefgh";

/** Normalised header name -> canonical column. */
function canonicalColumn(header: string): string | undefined {
  const h = header
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (["question", "stem", "question_text", "text"].includes(h)) return "question";
  if (["options", "choices", "answers"].includes(h)) return "options";
  if (["correct", "answer", "correct_answer", "correct_answers", "key"].includes(h)) return "correct";
  if (["explanation", "feedback", "general_feedback"].includes(h)) return "explanation";
  if (["domain"].includes(h)) return "domain";
  if (["objective"].includes(h)) return "objective";
  if (["reference", "references", "url", "urls", "source"].includes(h)) return "reference";
  if (["difficulty", "level"].includes(h)) return "difficulty";
  let m = /^(?:option|choice|answer)_?([a-h])$/.exec(h);
  if (m) return `option_${m[1]}`;
  m = /^rationale_?([a-h])$/.exec(h);
  if (m) return `rationale_${m[1]}`;
  return undefined;
}

/** Delimiter used in the header line: the most frequent of , ; and tab outside quotes. */
export function detectDelimiter(text: string): string {
  let inQuotes = false;
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === "\n") break;
    else if (!inQuotes && ch in counts) counts[ch]++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ",";
}

/**
 * Parse rows with csv-parse (strict quoting). When a record cannot be read (a quote that is
 * never closed, text after a closing quote, a quote inside an unquoted field), the line where
 * that record starts is reported and parsing resumes on the next line, so one bad quote does
 * not swallow the rest of the file.
 */
function readRows(text: string, skipped: { line: number; reason: string }[]): Row[] {
  const lines = text.split("\n");
  const rows: Row[] = [];
  const delimiter = detectDelimiter(text);
  let from = 0; // 0-based index of the first line of the chunk being parsed
  while (from < lines.length) {
    let lastEnd = 0; // chunk-relative line where the last good record ended
    const offset = from;
    try {
      parse(lines.slice(from).join("\n"), {
        bom: from === 0,
        delimiter,
        info: true,
        raw: true,
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (r: unknown) => {
          const rec = r as { record: string[]; raw?: string; info: { lines: number } };
          const raw = (rec.raw ?? "").replace(/^\n+/, "").replace(/\n$/, "");
          rows.push({ record: rec.record, line: offset + Math.max(1, rec.info.lines - countNewlines(raw)) });
          lastEnd = rec.info.lines;
          return undefined;
        },
      });
      break;
    } catch (e) {
      let start = from + lastEnd; // 0-based index of the line after the last good record
      while (start < lines.length && !lines[start].trim()) start++;
      if (start >= lines.length) break;
      const err = e as { code?: string; message?: string; lines?: number };
      const errLine = from + (Number(err.lines) || 0);
      skipped.push({ line: start + 1, reason: csvErrorReason(err, start + 1, errLine) });
      from = start + 1;
    }
  }
  return rows;
}

function csvErrorReason(e: { code?: string; message?: string }, line: number, errLine: number): string {
  if ((e.code ?? "").replace(/^CSV_/, "") === "INVALID_CLOSING_QUOTE" && errLine > line) {
    return `a quoted field that starts in this row is not closed before the line ends (it runs on to line ${errLine}); add the closing '"'`;
  }
  switch ((e.code ?? "").replace(/^CSV_/, "")) {
    case "QUOTE_NOT_CLOSED":
      return `a quoted field that starts in this row is never closed; add the closing '"' (the rows after it were read from the next line on)`;
    case "INVALID_CLOSING_QUOTE":
      return `a quoted field is followed by more text before the next delimiter; inside quotes write a quote as "" , or close the quote before the delimiter`;
    case "INVALID_OPENING_QUOTE":
      return `a quote inside an unquoted field; quote the whole field and double the inner quote, e.g. "5"" disk"`;
    default:
      return `unreadable row (${String(e.message ?? e).replace(/ at line \d+.*$/s, "")})`;
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** Convert CSV text (see the column layout above). */
export function convertCsv(text: string, opts: ConvertOptions): ConvertResult {
  checkOptions(opts);
  const out = new ItemCollector(opts);
  const src = String(text ?? "").replace(/\r\n?/g, "\n");
  const rows = readRows(src, out.skipped);
  if (!rows.length) {
    if (!out.skipped.length && src.trim()) out.skip(1, "no header row");
    return out.result();
  }
  const [header, ...data] = rows;
  const columns = header.record.map(canonicalColumn);
  const col = (name: string) => columns.indexOf(name);
  if (col("question") < 0) {
    out.skip(header.line, `the header has no "question" column (found: ${header.record.join(", ")}); see the CSV layout in docs/content-format.md`);
    return out.result();
  }
  const optionCols = [...LETTERS].map((l) => col(`option_${l}`));
  const hasLetterOptions = optionCols.some((i) => i >= 0);
  if (!hasLetterOptions && col("options") < 0) {
    out.skip(header.line, 'the header has no option columns; add option_a, option_b, ... or one "options" column separated by |');
    return out.result();
  }
  if (col("correct") < 0) {
    out.skip(header.line, 'the header has no "correct" column (letters of the right options, e.g. B or A,C)');
    return out.result();
  }

  const { exam } = opts;
  for (const row of data) {
    const rec = row.record;
    if (rec.every((v) => !v.trim())) continue;
    if (rec.length !== header.record.length) {
      const extraEmpty = rec.length > header.record.length && rec.slice(header.record.length).every((v) => !v.trim());
      if (!extraEmpty) {
        out.skip(
          row.line,
          `row has ${rec.length} fields but the header has ${header.record.length}; check for a missing or extra delimiter, or quote fields that contain one`,
        );
        continue;
      }
    }
    const get = (name: string) => {
      const i = col(name);
      return i >= 0 ? (rec[i] ?? "").trim() : "";
    };

    // options
    let texts: string[];
    if (hasLetterOptions) {
      const present = optionCols.map((i, k) => ({ k, text: i >= 0 ? (rec[i] ?? "").trim() : "" }));
      const lastFilled = present.reduce((last, p) => (p.text ? p.k : last), -1);
      const gap = present.slice(0, lastFilled + 1).find((p) => !p.text);
      if (gap) {
        out.skip(row.line, `option_${LETTERS[gap.k]} is empty but a later option is filled; fill the options in order`);
        continue;
      }
      texts = present.slice(0, lastFilled + 1).map((p) => p.text);
    } else {
      texts = get("options")
        .split("|")
        .map((t) => t.trim());
      while (texts.length && !texts[texts.length - 1]) texts.pop();
    }
    const rationales = texts.map((_, k) => get(`rationale_${LETTERS[k]}`) || undefined);

    // correct letters
    const correctRaw = get("correct");
    const letters = parseLetters(correctRaw);
    if (!letters) {
      out.skip(row.line, correctRaw ? `correct "${correctRaw}" is not a list of option letters; use e.g. B or A,C` : "no correct answer; put the letter(s) of the right option(s) in the correct column, e.g. B or A,C");
      continue;
    }
    const beyond = letters.find((k) => k >= texts.length);
    if (beyond !== undefined) {
      out.skip(row.line, `correct names option ${optionLetter(beyond).toUpperCase()} but the row has only ${texts.length} options`);
      continue;
    }

    // domain / objective
    let domain: string | undefined;
    const domainRaw = get("domain");
    if (domainRaw) {
      const key = domainRaw.toLowerCase();
      const d = exam.domains.find((x) => x.id === key || x.name.toLowerCase() === key || x.short?.toLowerCase() === key);
      if (!d) {
        out.skip(row.line, `domain "${domainRaw}" is not a domain of ${exam.code}; use one of: ${exam.domains.map((x) => x.id).join(", ")}`);
        continue;
      }
      domain = d.id;
    }
    let objective: string | undefined;
    const objectiveRaw = get("objective");
    if (objectiveRaw) {
      const key = objectiveRaw.toLowerCase();
      const inDomains = domain ? exam.domains.filter((d) => d.id === domain) : opts.domain ? exam.domains.filter((d) => d.id === opts.domain) : exam.domains;
      const hit = inDomains.flatMap((d) => d.objectives.map((o) => ({ d, o }))).find(({ o }) => o.id === key || o.name.toLowerCase() === key);
      if (!hit) {
        out.skip(row.line, `objective "${objectiveRaw}" is not an objective of ${domain ?? opts.domain ?? exam.code}; use an objective id from exam.yaml or leave it empty`);
        continue;
      }
      objective = hit.o.id;
      domain ??= opts.domain ?? hit.d.id;
    }

    // difficulty
    let difficulty: number | undefined;
    const diffRaw = get("difficulty");
    if (diffRaw) {
      difficulty = Number(diffRaw);
      if (!Number.isInteger(difficulty) || difficulty < 1 || difficulty > 5) {
        out.skip(row.line, `difficulty "${diffRaw}" must be a whole number from 1 to 5 (or empty)`);
        continue;
      }
    }

    out.add({
      line: row.line,
      stem: get("question"),
      options: texts.map((t, k) => ({ text: t, correct: letters.includes(k), rationale: rationales[k] })),
      explanation: get("explanation"),
      domain,
      objective,
      references: splitReferences(get("reference")),
      difficulty,
    });
  }
  return out.result();
}

/** URLs separated by spaces, | or ; — any other text is kept as one note (it ends up in the explanation). */
export function splitReferences(raw: string): string[] {
  const urls = raw.match(/https?:\/\/[^\s|;]+/g) ?? [];
  const rest = urls.reduce((t, u) => t.replace(u, " "), raw).replace(/[\s|;]+/g, " ").trim();
  return rest ? [...urls, rest] : urls;
}

/** "B" -> [1]; "A,C" / "a c" / "A;C" / "AC" -> [0, 2]; undefined if not letters a-h. */
export function parseLetters(raw: string): number[] | undefined {
  const cleaned = raw.toLowerCase().replace(/[.)]/g, " ").trim();
  if (!cleaned) return undefined;
  const parts = /[,;|\s]/.test(cleaned) ? cleaned.split(/[\s,;|]+/).filter(Boolean) : [...cleaned];
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[a-h]$/.test(p)) return undefined;
    const k = LETTERS.indexOf(p);
    if (!out.includes(k)) out.push(k);
  }
  return out.sort((a, b) => a - b);
}
