/**
 * Cross-file content rules (docs/content-format.md). Single-file shape rules live in the zod
 * schema and are reported by the parser; everything that needs the exam definition or other
 * items is checked here. Linear in the number of items (duplicate stems use a prefix filter,
 * see similar.ts).
 */
import type { Item } from "./schema";
import { error, problem, sortProblems, warning, type Problem, type Severity } from "./problems";
import { lineOf } from "./source-lines";
import { loadContent, type LoadedExam, type LoadResult } from "./load";
import { findSimilarStems } from "./similar";

/** Jaccard similarity of word-bigram sets at or above which two stems count as near-identical. */
export const NEAR_DUPLICATE_THRESHOLD = 0.9;

export type ValidateOptions = {
  /** Override NEAR_DUPLICATE_THRESHOLD (e.g. in tests). */
  nearDuplicateThreshold?: number;
};

/** All cross-file problems of loaded content, sorted by file and line. */
export function validateContent(
  loaded: readonly LoadedExam[] | { exams: readonly LoadedExam[] },
  options: ValidateOptions = {},
): Problem[] {
  const exams = Array.isArray(loaded) ? (loaded as readonly LoadedExam[]) : (loaded as { exams: readonly LoadedExam[] }).exams;
  const problems: Problem[] = [];

  const seenCodes = new Map<string, string>();
  for (const le of exams) {
    const other = seenCodes.get(le.exam.code);
    if (other) {
      problems.push(error(le.file, lineOf(le.exam, ["code"]), "code", `exam code ${le.exam.code} is also defined in ${other}; each exam needs its own folder and code`));
    }
    seenCodes.set(le.exam.code, le.file);
    problems.push(...validateExam(le));
    for (const item of le.items) problems.push(...validateItem(item, le));
  }
  problems.push(...checkSuccessors(exams));
  problems.push(...checkUniqueIds(exams));
  problems.push(...checkDuplicateStems(exams, options.nearDuplicateThreshold ?? NEAR_DUPLICATE_THRESHOLD));
  return sortProblems(problems);
}

/** A successor's code must be an exam in the content, and its domain map must use both exams' domain ids. */
function checkSuccessors(exams: readonly LoadedExam[]): Problem[] {
  const out: Problem[] = [];
  const byCode = new Map(exams.map((e) => [e.exam.code, e.exam]));
  for (const { exam, file } of exams) {
    const s = exam.successor;
    if (!s) continue;
    const next = byCode.get(s.code);
    if (!next) {
      out.push(error(file, lineOf(exam, ["successor", "code"]), "successor.code", `no exam ${s.code} in the content; add its folder or fix the code`));
      continue;
    }
    const own = new Set(exam.domains.map((d) => d.id));
    const theirs = new Set(next.domains.map((d) => d.id));
    for (const [from, to] of Object.entries(s.domainMap)) {
      const at = lineOf(exam, ["successor", "domainMap", from]);
      if (!own.has(from)) out.push(error(file, at, `successor.domainMap.${from}`, `${from} is not a domain of ${exam.code}; use one of ${[...own].join(", ")}`));
      for (const t of to) {
        if (!theirs.has(t)) out.push(error(file, at, `successor.domainMap.${from}`, `${t} is not a domain of ${s.code}; use one of ${[...theirs].join(", ")}`));
      }
    }
  }
  return out;
}

/** Load `rootDir` and validate it: every problem, parse and cross-file, sorted. */
export async function checkContent(rootDir: string, options: ValidateOptions = {}): Promise<LoadResult> {
  const loaded = await loadContent(rootDir);
  return { exams: loaded.exams, problems: sortProblems([...loaded.problems, ...validateContent(loaded.exams, options)]) };
}

// ---------------------------------------------------------------------------------------
// exam definition

export function validateExam(le: LoadedExam): Problem[] {
  const { exam, file } = le;
  const out: Problem[] = [];
  const at = (path: (string | number)[]) => lineOf(exam, path);

  const folder = file.includes("/") ? file.split("/")[0] : undefined;
  if (folder && folder !== exam.code) {
    out.push(error(file, at(["code"]), "code", `exam code ${exam.code} does not match its folder ${folder}/; rename the folder or fix the code`));
  }

  const domainIds = new Map<string, number>();
  exam.domains.forEach((d, i) => {
    if (domainIds.has(d.id)) {
      out.push(error(file, at(["domains", i, "id"]), `domains[${i}].id`, `domain id "${d.id}" is used twice; give each domain its own id`));
    }
    domainIds.set(d.id, i);
    const objectiveIds = new Set<string>();
    d.objectives.forEach((o, j) => {
      if (objectiveIds.has(o.id)) {
        out.push(
          error(file, at(["domains", i, "objectives", j, "id"]), `domains[${i}].objectives[${j}].id`, `objective id "${o.id}" is used twice in domain ${d.id}; give each objective its own id`),
        );
      }
      objectiveIds.add(o.id);
    });
  });

  const sumMin = exam.domains.reduce((s, d) => s + d.weight.min, 0);
  const sumMax = exam.domains.reduce((s, d) => s + d.weight.max, 0);
  if (sumMin > 100) {
    out.push(error(file, at(["domains"]), "domains", `the domains' weight.min values add up to ${round(sumMin)}%, more than 100%; lower some weight.min values so the ranges can sum to 100`));
  }
  if (sumMax < 100) {
    out.push(error(file, at(["domains"]), "domains", `the domains' weight.max values add up to ${round(sumMax)}%, less than 100%; raise some weight.max values so the ranges can sum to 100`));
  }

  const labelOwner = new Map<string, number>();
  exam.bands.forEach((b, i) => {
    for (const name of [b.label, ...b.aliases]) {
      const key = name.trim().toLowerCase();
      const owner = labelOwner.get(key);
      if (owner !== undefined && owner !== i) {
        out.push(
          error(file, at(["bands", i]), `bands[${i}]`, `"${name}" also names band "${exam.bands[owner].label}"; a label or alias may belong to one band only, remove one of them`),
        );
      }
      labelOwner.set(key, i);
    }
  });

  // Case studies: ids unique, the exam's own, and used by at least one item.
  const caseIds = new Set<string>();
  for (const c of le.cases ?? []) {
    const cAt = lineOf(c, ["id"]);
    if (caseIds.has(c.id)) out.push(error(c.file, cAt, "id", `case study id "${c.id}" is used twice in ${exam.code}; give each case study its own id`));
    caseIds.add(c.id);
    if (c.exam !== exam.code) out.push(error(c.file, lineOf(c, ["exam"]), "exam", `"${c.exam}" does not match the exam folder ${exam.code}; use \`exam: ${exam.code}\``));
    const name = c.file.split("/").pop()!.replace(/\.md$/i, "");
    if (name !== c.id) out.push(warning(c.file, cAt, "id", `the file is named ${name}.md but the id is ${c.id}; name the file ${c.id}.md`));
    if (!le.items.some((it) => it.caseStudy === c.id)) out.push(warning(c.file, cAt, "id", `no item uses case study ${c.id}; add \`caseStudy: ${c.id}\` to its items or remove the file`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// one item against its exam

export function validateItem(item: Item, le: LoadedExam): Problem[] {
  const { exam } = le;
  const out: Problem[] = [];
  const file = item.file;
  const at = (path: (string | number)[]) => lineOf(item, path);
  const imported = item.provenance.kind === "imported";
  const completeness: Severity = imported ? "warning" : "error";
  const importedNote = imported ? " (a warning because the item is imported; review it before publishing)" : "";

  if (item.exam !== exam.code) {
    out.push(error(file, at(["exam"]), "exam", `"${item.exam}" does not match the exam folder ${exam.code}; use \`exam: ${exam.code}\` or move the file to that exam's folder`));
  }

  const domain = exam.domains.find((d) => d.id === item.domain);
  if (!domain) {
    out.push(error(file, at(["domain"]), "domain", `"${item.domain}" is not a domain of ${exam.code}; use one of: ${exam.domains.map((d) => d.id).join(", ")}`));
  } else if (item.objective !== undefined && !domain.objectives.some((o) => o.id === item.objective)) {
    const owner = exam.domains.find((d) => d.objectives.some((o) => o.id === item.objective));
    const hint = owner ? ` (it belongs to domain ${owner.id}; change the domain or the objective)` : "";
    out.push(
      error(file, at(["objective"]), "objective", `"${item.objective}" is not an objective of domain ${domain.id}${hint}; use one of: ${domain.objectives.map((o) => o.id).join(", ")}`),
    );
  }

  // options
  const optionIds = new Set<string>();
  item.options.forEach((o, i) => {
    if (optionIds.has(o.id)) {
      out.push(error(file, at(["options", i, "id"]), `options[${i}].id`, `option id "${o.id}" is used twice; give each option its own id (a, b, c, ...)`));
    }
    optionIds.add(o.id);
  });
  out.push(...checkItemType(item, file, at));
  if (item.caseStudy !== undefined && !(le.cases ?? []).some((c) => c.id === item.caseStudy)) {
    const known = (le.cases ?? []).map((c) => c.id);
    out.push(
      error(file, at(["caseStudy"]), "caseStudy", `no case study "${item.caseStudy}" in ${exam.code}/cases/; add ${exam.code}/cases/${item.caseStudy}.md${known.length ? ` or use one of: ${known.join(", ")}` : ""}`),
    );
  }

  // completeness: errors for original/adapted, warnings for imported
  const noRationale = item.options.map((o, i) => ({ o, i })).filter(({ o }) => !o.rationale?.trim());
  if (noRationale.length) {
    const first = noRationale[0].i;
    const ids = noRationale.map(({ o }) => o.id).join(", ");
    out.push(
      problem(
        completeness,
        file,
        at(["options", first, "rationale"]),
        `options[${first}].rationale`,
        `${noRationale.length === 1 ? `option ${ids} has` : `options ${ids} have`} no rationale; add \`rationale:\` saying why each option is right or wrong${importedNote}`,
      ),
    );
  }
  if (!item.explanation.trim()) {
    out.push(problem(completeness, file, at(["explanation"]), "explanation", `the explanation is missing; write under a \`## Explanation\` heading, after the question, why the key is right${importedNote}`));
  }
  if (!item.references.length) {
    out.push(
      problem(completeness, file, at(["references"]), "references", `no reference; add \`references:\` with at least one https:// URL of documentation that backs the key${importedNote}`),
    );
  }
  if (item.provenance.kind === "original" && !item.reviewed) {
    out.push(warning(file, at(["provenance"]), "reviewed", "not reviewed yet; add `reviewed: { by: <reviewer>, on: <YYYY-MM-DD> }` once someone else has checked the key"));
  }
  if (item.suggestedDomain) {
    out.push(warning(file, at(["suggestedDomain"]), "suggestedDomain", "the domain was guessed by the converter; check domain and objective, then remove `suggestedDomain`"));
  }

  // file location
  const loc = itemLocation(file);
  if (loc) {
    if (domain && loc.folder !== undefined && loc.folder !== item.domain) {
      out.push(warning(file, at(["domain"]), "domain", `the file is in items/${loc.folder}/ but its domain is ${item.domain}; move it to items/${item.domain}/`));
    } else if (domain && loc.folder === undefined) {
      out.push(warning(file, at(["domain"]), "domain", `the file is directly in items/; move it to items/${item.domain}/`));
    }
    if (loc.name !== item.id) {
      out.push(warning(file, at(["id"]), "id", `the file name ${loc.name}.md does not match the id; rename the file to ${item.id}.md`));
    }
  }
  return out;
}

/** `<EXAM>/items/<folder>/.../<name>.md` -> { folder, name }; undefined when not in an items folder. */
function itemLocation(file: string): { folder?: string; name: string } | undefined {
  const parts = file.split(/[\\/]/);
  const k = parts.lastIndexOf("items");
  if (k < 0 || !parts[parts.length - 1].endsWith(".md")) return undefined;
  const rest = parts.slice(k + 1);
  const name = rest[rest.length - 1].replace(/\.md$/i, "");
  return { folder: rest.length > 1 ? rest[0] : undefined, name };
}

// ---------------------------------------------------------------------------------------
// across items

function checkUniqueIds(exams: readonly LoadedExam[]): Problem[] {
  const out: Problem[] = [];
  const first = new Map<string, Item>();
  for (const le of exams) {
    for (const item of le.items) {
      const prev = first.get(item.id);
      if (prev) {
        out.push(
          error(item.file, lineOf(item, ["id"]), "id", `id "${item.id}" is already used by ${prev.file}:${lineOf(prev, ["id"])}; ids are unique across all content, give this item a new id`),
        );
      } else first.set(item.id, item);
    }
  }
  return out;
}

function checkDuplicateStems(exams: readonly LoadedExam[], threshold: number): Problem[] {
  const out: Problem[] = [];
  const all: { item: Item; exam: string }[] = [];
  for (const le of exams) for (const item of le.items) all.push({ item, exam: le.exam.code });
  if (all.length < 2) return out;

  const pairs = findSimilarStems(
    all.map((x) => x.item.stem),
    threshold,
  );
  const reported = new Set<number>();
  for (const pair of pairs) {
    if (reported.has(pair.b)) continue;
    reported.add(pair.b);
    const a = all[pair.a];
    const b = all[pair.b];
    const sameExam = a.exam === b.exam;
    const eitherImported = a.item.provenance.kind === "imported" || b.item.provenance.kind === "imported";
    const severity: Severity = !sameExam || (!pair.identical && eitherImported) ? "warning" : "error";
    const what = pair.identical ? "the same stem as" : `nearly the same stem as (${Math.round(pair.similarity * 100)}% similar)`;
    const scope = sameExam ? "" : ` in exam ${a.exam}`;
    out.push(
      problem(severity, b.item.file, lineOf(b.item, ["stem"]), "stem", `${what} ${a.item.file}:${lineOf(a.item, ["stem"])}${scope}; rewrite one of them so each tests something different, or retire the duplicate`),
    );
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}


/** The answer key's shape for each item type (docs/content-format.md, "Item types"). */
export function checkItemType(item: Item, file: string, at: (path: (string | number)[]) => number): Problem[] {
  const out: Problem[] = [];
  const correct = item.options.filter((o) => o.correct).length;
  const type = item.type;
  const choiceLike = type === "single" || type === "multiple";
  if (type !== "dropdown") {
    item.options.forEach((o, i) => {
      if (o.blank !== undefined) out.push(error(file, at(["options", i, "blank"]), `options[${i}].blank`, `\`blank\` is only for dropdown items; remove it or use \`type: dropdown\``));
    });
  }
  if (item.order !== undefined && type !== "order") {
    out.push(error(file, at(["order"]), "order", `\`order\` is only for order (build-list) items; remove it or use \`type: order\``));
  }
  if (item.choose !== undefined && !choiceLike) {
    out.push(error(file, at(["choose"]), "choose", `\`choose\` is only for multiple-answer items; remove it from this ${type} item`));
  }
  if (choiceLike && item.options.length > 8) {
    out.push(error(file, at(["options"]), "options", `a ${type}-answer item has at most eight options, not ${item.options.length}`));
  }
  if (choiceLike) {
    if (correct === 0) {
      out.push(error(file, at(["options"]), "options", "no option is marked correct; add `correct: true` to the keyed option(s)"));
    } else if (correct === item.options.length) {
      out.push(error(file, at(["options"]), "options", "every option is marked correct; a question needs at least one wrong option"));
    }
  }
  switch (type) {
    case "single":
      if (correct > 1) {
        out.push(
          error(file, at(["type"]), "type", `type single needs exactly one correct option but ${correct} are marked; unmark the others, or use \`type: multiple\` with \`choose: ${correct}\``),
        );
      }
      if (item.choose !== undefined && item.choose !== 1) {
        out.push(error(file, at(["choose"]), "choose", `a single-answer item has choose 1, not ${item.choose}; remove \`choose\` or use \`type: multiple\``));
      }
      break;
    case "multiple":
      if (item.choose === undefined) {
        out.push(error(file, at(["type"]), "choose", `type multiple needs \`choose:\` with the number of correct options${correct ? ` (here ${correct})` : ""}`));
      } else if (correct > 0 && item.choose !== correct) {
        out.push(
          error(file, at(["choose"]), "choose", `choose is ${item.choose} but ${correct} option(s) are marked correct; make choose equal to the number of correct options`),
        );
      }
      if (correct === 1 && (item.choose ?? 1) === 1) {
        out.push(warning(file, at(["type"]), "type", "only one option is correct; use `type: single` and remove `choose`"));
      }
      break;
    case "yesno":
      if (item.options.length < 2) {
        out.push(error(file, at(["options"]), "options", `a statement series needs at least two statements (three to five is usual); add statements as options`));
      } else if (item.options.length > 5) {
        out.push(error(file, at(["options"]), "options", `a statement series has at most five statements, not ${item.options.length}; split it into two items`));
      } else if (item.options.length === 2) {
        out.push(warning(file, at(["options"]), "options", "a statement series usually has three to five statements; add one or more"));
      }
      break;
    case "order": {
      const ids = new Set(item.options.map((o) => o.id));
      if (!item.order || item.order.length === 0) {
        out.push(error(file, at(["type"]), "order", "an order item needs `order:` with the ids of the steps in the right sequence, e.g. `order: [c, a, d]`"));
        break;
      }
      if (item.order.length < 2) out.push(error(file, at(["order"]), "order", "an order item needs at least two steps in `order`"));
      const seen = new Set<string>();
      item.order.forEach((id, i) => {
        if (!ids.has(id)) out.push(error(file, at(["order", i]), `order[${i}]`, `"${id}" is not an option of this item; every step in \`order\` must be one of the options (${[...ids].join(", ")})`));
        else if (seen.has(id)) out.push(error(file, at(["order", i]), `order[${i}]`, `"${id}" appears twice in \`order\`; each step is used once`));
        seen.add(id);
      });
      item.options.forEach((o, i) => {
        if (o.correct && !seen.has(o.id)) out.push(error(file, at(["options", i, "correct"]), `options[${i}].correct`, `option ${o.id} is marked correct but is not in \`order\`; add it to \`order\` or remove \`correct: true\``));
        if (!o.correct && seen.has(o.id)) out.push(error(file, at(["options", i, "correct"]), `options[${i}].correct`, `option ${o.id} is a step in \`order\`; mark it \`correct: true\` (the others are distractors)`));
      });
      break;
    }
    case "dropdown": {
      const placeholders = [...item.stem.matchAll(/\[\[([a-z0-9-]{1,20})\]\]/g)].map((m) => m[1]);
      const blanks: string[] = [];
      item.options.forEach((o, i) => {
        if (o.blank === undefined) out.push(error(file, at(["options", i]), `options[${i}].blank`, `every option of a dropdown item names its blank; add \`blank: <id>\` (a \`[[id]]\` placeholder in the question)`));
        else if (!blanks.includes(o.blank)) blanks.push(o.blank);
      });
      for (const b of blanks) {
        const opts = item.options.filter((o) => o.blank === b);
        const first = item.options.findIndex((o) => o.blank === b);
        const right = opts.filter((o) => o.correct).length;
        if (opts.length < 2) out.push(error(file, at(["options", first]), `options[${first}].blank`, `blank "${b}" has only one option; give each blank at least two options`));
        if (right !== 1) out.push(error(file, at(["options", first]), `options[${first}].correct`, `blank "${b}" needs exactly one option marked \`correct: true\`, not ${right}`));
        if (!placeholders.includes(b)) out.push(error(file, at(["stem"]), "stem", `blank "${b}" has options but the question has no \`[[${b}]]\` placeholder; put \`[[${b}]]\` where the choice goes`));
      }
      for (const p of new Set(placeholders)) {
        if (!blanks.includes(p)) out.push(error(file, at(["stem"]), "stem", `the question has a \`[[${p}]]\` placeholder but no option has \`blank: ${p}\`; add its options`));
      }
      if (placeholders.length !== new Set(placeholders).size) out.push(error(file, at(["stem"]), "stem", "a `[[id]]` placeholder appears twice in the question; use each blank once"));
      if (blanks.length === 1) out.push(warning(file, at(["options"]), "options", "a drop-down item usually has two or more blanks; with one blank, consider `type: single`"));
      break;
    }
  }
  return out;
}
