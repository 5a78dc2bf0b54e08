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

/** Parse rows with csv-parse, collecting unreadable stretches as skipped lines. */
function readRows(text: string, skipped: { line: number; reason: string }[]): Row[] {
  const rows: Row[] = [];
  let records: { record: string[]; info: { lines: number }; raw?: string }[] = [];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      info: true,
      raw: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err, raw) => {
        if (!err) return undefined;
        const end = Number((err as { lines?: number }).lines) || 1;
        const span = raw ? countNewlines(raw.replace(/\n$/, "")) : 0;
        const start = Math.max(1, end - span);
        const reason =
          err.code === "CSV_QUOTE_NOT_CLOSED"
            ? `a quoted field opened here is never closed, so lines ${start}-${end} could not be read; add the closing '"'`
            : `unreadable row (${err.message.replace(/ at line \d+.*$/, "")}); check the quotes`;
        skipped.push({ line: start, reason });
        return undefined;
      },
    }) as unknown as typeof records;
  } catch (e) {
    skipped.push({ line: Number((e as { lines?: number }).lines) || 1, reason: `the CSV could not be read (${(e as Error).message})` });
    return rows;
  }
  for (const r of records) {
    const raw = (r.raw ?? "").replace(/^\n+/, "").replace(/\n$/, "");
    rows.push({ record: r.record, line: Math.max(1, r.info.lines - countNewlines(raw)) });
  }
  return rows;
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
      out.skip(row.line, `correct "${correctRaw}" is not a list of option letters; use e.g. B or A,C`);
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
      references: get("reference")
        .split(/[\s|;]+/)
        .filter(Boolean),
      difficulty,
    });
  }
  return out.result();
}

/** "B" -> [1]; "A,C" / "a c" / "A;C" / "AC" -> [0, 2]; undefined if not letters a-h. */
export function parseLetters(raw: string): number[] | undefined {
  const cleaned = raw.trim().toLowerCase();
  if (!cleaned) return undefined;
  const parts = /[,;|\s]/.test(cleaned) ? cleaned.split(/[\s,;|]+/).filter(Boolean) : [...cleaned];
  const out: number[] = [];
  for (const p of parts) {
    const letter = p.replace(/[.)]$/, "");
    if (!/^[a-h]$/.test(letter)) return undefined;
    const k = LETTERS.indexOf(letter);
    if (!out.includes(k)) out.push(k);
  }
  return out.sort((a, b) => a - b);
}
