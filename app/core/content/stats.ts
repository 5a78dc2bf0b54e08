/**
 * Coverage statistics of loaded content: items per domain, per objective and per difficulty,
 * next to the blueprint weights. Items whose domain is unknown are left out (the validator
 * reports them).
 */
import type { LoadedExam } from "./load";

export type Difficulty = 1 | 2 | 3 | 4 | 5;

export type DomainStats = {
  id: string;
  name: string;
  weight: { min: number; max: number };
  items: number;
  /** Objective id -> item count, in exam.yaml order; includes objectives without items. */
  objectives: Record<string, number>;
  /** Difficulty 1..5 -> item count. */
  difficulties: Record<Difficulty, number>;
  /** Item type (single, multiple, yesno, order, dropdown) -> item count. */
  types: Record<string, number>;
};

export type ExamStats = { code: string; title: string; domains: DomainStats[] };
export type ContentStats = { exams: ExamStats[] };

/** The compact shape printed by `content:stats --json`. */
export type ContentStatsSummary = {
  exams: { code: string; title: string; domains: { id: string; name: string; weight: { min: number; max: number }; items: number }[] }[];
};

export function contentStats(exams: readonly LoadedExam[]): ContentStats {
  return {
    exams: exams.map(({ exam, items }) => {
      const domains = new Map<string, DomainStats>();
      for (const d of exam.domains) {
        if (domains.has(d.id)) continue;
        domains.set(d.id, {
          id: d.id,
          name: d.name,
          weight: { min: d.weight.min, max: d.weight.max },
          items: 0,
          objectives: Object.fromEntries(d.objectives.map((o) => [o.id, 0])),
          difficulties: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
          types: {},
        });
      }
      for (const item of items) {
        const ds = domains.get(item.domain);
        if (!ds) continue;
        ds.items++;
        ds.types[item.type] = (ds.types[item.type] ?? 0) + 1;
        if (item.objective !== undefined && item.objective in ds.objectives) ds.objectives[item.objective]++;
        const diff = item.difficulty as Difficulty;
        if (diff in ds.difficulties) ds.difficulties[diff]++;
      }
      return { code: exam.code, title: exam.title, domains: [...domains.values()] };
    }),
  };
}

/** Reduce stats to exactly the keys of the `--json` output. */
export function summarizeStats(stats: ContentStats): ContentStatsSummary {
  return {
    exams: stats.exams.map((e) => ({
      code: e.code,
      title: e.title,
      domains: e.domains.map((d) => ({ id: d.id, name: d.name, weight: { min: d.weight.min, max: d.weight.max }, items: d.items })),
    })),
  };
}
