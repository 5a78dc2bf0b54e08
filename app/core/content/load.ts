/**
 * Load a content tree: `<root>/<EXAM>/exam.yaml`, `<root>/<EXAM>/items/**\/*.md` and
 * `<root>/<EXAM>/cases/*.md` (case studies).
 * Reading is concurrent (bounded) and parsing is per file, so 10,000 items load in seconds.
 * Never throws for bad content; problems are returned with file:line.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { ExamSchema, type CaseStudy, type ExamDefinition, type Item } from "./schema";
import { error, type Problem } from "./problems";
import { parseCaseStudy, parseItem } from "./parse-item";
import { attachLines, parseYamlWithLines, safeParseWithProblems, type MissingHints } from "./source-lines";

export type LoadedExam = {
  exam: ExamDefinition;
  /** Path of exam.yaml relative to the content root, e.g. `AZ-104/exam.yaml`. */
  file: string;
  items: Item[];
  /** Case studies (`<EXAM>/cases/*.md`) whose scenarios items share. */
  cases?: CaseStudy[];
};

export type LoadResult = { exams: LoadedExam[]; problems: Problem[] };

/** Folders directly under the content root that are not exams. */
const NOT_EXAMS = new Set(["schema"]);
const READ_CONCURRENCY = 64;

const EXAM_HINTS: MissingHints = {
  code: "add `code:` with the exam code in capitals, e.g. AZ-104",
  title: "add `title:` with the official exam title",
  vendor: "add `vendor:`, e.g. Microsoft",
  status: "add `status: active` or `status: retired`",
  blueprint: "add `blueprint:` with `version:` (date of the skills outline) and `source:` (its URL)",
  "blueprint.version": "give the date or version of the skills outline",
  score: "add `score:` with min, max and passing",
  mock: "add `mock:` with durationMinutes and questions",
  domains: "list the exam's domains with id, name, weight and objectives",
  "domains[].id": "give the domain a stable kebab-case id",
  "domains[].name": "give the domain's official name",
  "domains[].weight": "add `weight: { min: 15, max: 20 }` (% of the exam)",
  "domains[].weight.min": "give the lower end of the weight range (%)",
  "domains[].weight.max": "give the upper end of the weight range (%)",
  "domains[].objectives": "list the domain's objectives with id and name",
  "domains[].objectives[].id": "give the objective a stable kebab-case id",
  "domains[].objectives[].name": "give the objective's official name",
  bands: "list the band labels score reports use, each with label, level and aliases",
  "bands[].level": "use weak, near or strong",
  barThresholds: "add `barThresholds: { nearFrom: 45, strongFrom: 70 }`",
  retakePolicy: "add `retakePolicy:` with afterFirstFailHours, afterLaterFailDays, maxAttempts, windowMonths",
};

/** Parse the text of an exam.yaml. `file` is used in problems. Never throws. */
export function parseExam(text: string, file: string): { exam?: ExamDefinition; problems: Problem[] } {
  const src = String(text ?? "").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const yaml = parseYamlWithLines(src, file, 1);
  if (yaml.data === undefined && yaml.problems.length) return { problems: yaml.problems };
  if (yaml.data === null || typeof yaml.data !== "object" || Array.isArray(yaml.data)) {
    return {
      problems: [...yaml.problems, error(file, 1, "(file)", "exam.yaml must be YAML `key: value` lines (code, title, vendor, status, blueprint, score, mock, domains, bands, barThresholds, retakePolicy)")],
    };
  }
  const parsed = safeParseWithProblems(ExamSchema, yaml.data, file, yaml.lines, EXAM_HINTS);
  if (parsed.value) attachLines(parsed.value, yaml.lines);
  return { exam: parsed.value, problems: [...yaml.problems, ...parsed.problems] };
}

/** Load every exam under `rootDir`. Paths in the result are relative to `rootDir`, with `/`. */
export async function loadContent(rootDir: string): Promise<LoadResult> {
  const problems: Problem[] = [];
  const exams: LoadedExam[] = [];

  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(rootDir, { withFileTypes: true });
  } catch (e) {
    // file "." = the content root itself (formatProblem shows the root path)
    problems.push(error(".", 1, "(directory)", `cannot read the content directory ${rootDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass an existing folder with --dir`));
    return { exams, problems };
  }
  const examDirs = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !NOT_EXAMS.has(e.name))
    .map((e) => e.name)
    .sort();

  for (const dir of examDirs) {
    const examFile = `${dir}/exam.yaml`;
    const itemsDir = path.join(rootDir, dir, "items");
    const itemFiles = await listMarkdown(itemsDir, `${dir}/items`);

    let examText: string | undefined;
    try {
      examText = await fs.readFile(path.join(rootDir, examFile), "utf8");
    } catch {
      if (itemFiles.length) {
        problems.push(error(examFile, 1, "(file)", `${dir}/ has items but no exam.yaml; add the exam definition (see docs/content-format.md)`));
      }
      continue;
    }
    const parsedExam = parseExam(examText, examFile);
    problems.push(...parsedExam.problems);

    const items: Item[] = [];
    await mapLimit(itemFiles, READ_CONCURRENCY, async (rel) => {
      let text: string;
      try {
        text = await fs.readFile(path.join(rootDir, rel), "utf8");
      } catch (e) {
        problems.push(error(rel, 1, "(file)", `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`));
        return;
      }
      const parsed = parseItem(text, rel);
      problems.push(...parsed.problems);
      if (parsed.item) items.push(parsed.item);
    });
    items.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

    if (!parsedExam.exam) {
      if (items.length) {
        problems.push(error(examFile, 1, "(file)", `the ${items.length} item(s) of ${dir} were parsed but not cross-checked because exam.yaml is invalid; fix exam.yaml first`));
      }
      continue;
    }
    const cases: CaseStudy[] = [];
    for (const rel of await listMarkdown(path.join(rootDir, dir, "cases"), `${dir}/cases`)) {
      try {
        const parsed = parseCaseStudy(await fs.readFile(path.join(rootDir, rel), "utf8"), rel);
        problems.push(...parsed.problems);
        if (parsed.caseStudy) cases.push(parsed.caseStudy);
      } catch (e) {
        problems.push(error(rel, 1, "(file)", `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`));
      }
    }
    exams.push({ exam: parsedExam.exam, file: examFile, items, cases });
  }
  return { exams, problems };
}

/** All `*.md` files below `dir` (recursively), as `relPrefix/...` paths with `/`, sorted. */
async function listMarkdown(dir: string, relPrefix: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    const subdirs: Promise<void>[] = [];
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      if (e.isDirectory()) subdirs.push(walk(path.join(abs, e.name), `${rel}/${e.name}`));
      else if (e.isFile() && e.name.toLowerCase().endsWith(".md")) out.push(`${rel}/${e.name}`);
    }
    await Promise.all(subdirs);
  };
  await walk(dir, relPrefix);
  return out.sort();
}

async function mapLimit<T>(list: readonly T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      await fn(list[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
}
