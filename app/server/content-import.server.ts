/**
 * Loads validated content into the database. Idempotent: unchanged items are left alone, changed
 * items are updated in place by id (keeping candidates' cards and answers), items gone from the
 * files are retired (never deleted with their history), and invalid content is refused before
 * anything is written. The whole import is one transaction: all or nothing.
 */
import type { PrismaClient } from "~/generated/prisma/client";
import { checkContent } from "~/core/content/validate";
import { hasErrors, type Problem } from "~/core/content/problems";
import { itemContentHash, planImport } from "~/core/content/import-plan";
import { initialItemRating } from "~/core/progress/rating";
import type { ExamDefinition, Item } from "~/core/content/schema";
import crypto from "node:crypto";

export type ImportSummary = {
  /** `folderRemoved`: the exam's folder is gone from the content; its active items were retired. */
  exams: { code: string; created: number; updated: number; unchanged: number; retired: number; revived: number; folderRemoved?: true }[];
  warnings: Problem[];
};
export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; problems: Problem[] };

type Progress = (done: number, total: number) => void;

export const domainRowId = (exam: string, domain: string) => `${exam}/${domain}`;
export const objectiveRowId = (exam: string, domain: string, objective: string) => `${exam}/${domain}/${objective}`;

function itemRow(item: Item, hash: string) {
  return {
    examId: item.exam,
    domainId: domainRowId(item.exam, item.domain),
    objectiveId: item.objective ? objectiveRowId(item.exam, item.domain, item.objective) : null,
    type: item.type,
    choose: item.type === "single" || item.type === "multiple" ? item.options.filter((o) => o.correct).length : 1,
    difficulty: item.difficulty,
    stem: item.stem,
    explanation: item.explanation,
    references: JSON.stringify(item.references),
    provenance: JSON.stringify(item.provenance),
    revision: item.revision,
    file: item.file,
    contentHash: hash,
    correctOrder: item.type === "order" && item.order ? JSON.stringify(item.order) : null,
    scoring: item.scoring ?? "partial",
    caseStudyId: item.caseStudy ?? null,
  };
}

function optionRows(item: Item) {
  return item.options.map((o, position) => ({
    itemId: item.id,
    key: o.id,
    text: o.text,
    correct: o.correct,
    rationale: o.rationale ?? "",
    position,
    blank: o.blank ?? null,
  }));
}

function examHash(exam: ExamDefinition) {
  return crypto.createHash("sha256").update(JSON.stringify(exam)).digest("hex");
}

export async function importContent(prisma: PrismaClient, rootDir: string, onProgress?: Progress): Promise<ImportResult> {
  const { exams, problems } = await checkContent(rootDir);
  if (hasErrors(problems)) return { ok: false, problems };
  if (exams.length === 0 && (await prisma.item.count({ where: { retired: false } })) > 0) {
    // Most likely a wrong CONTENT_DIR: refuse rather than retire every item in the database.
    return {
      ok: false,
      problems: [{ file: rootDir, line: 1, field: "(directory)", severity: "error", message: "no exam folders found here, but the database has active items; point --dir (or CONTENT_DIR) at the content folder" }],
    };
  }
  const total = exams.reduce((n, e) => n + e.items.length, 0);
  let done = 0;
  const summary: ImportSummary = { exams: [], warnings: problems };

  await prisma.$transaction(
    async (tx) => {
      for (const le of exams) {
        const { exam, items } = le;
        const examData = {
          title: exam.title,
          vendor: exam.vendor,
          status: exam.status,
          blueprintVersion: String(exam.blueprint.version),
          scoreMin: exam.score.min,
          scoreMax: exam.score.max,
          passingScore: exam.score.passing,
          mockMinutes: exam.mock.durationMinutes,
          mockQuestions: exam.mock.questions,
          definition: JSON.stringify(exam),
          contentHash: examHash(exam),
        };
        // Unchanged definition: leave the row alone (an update would bump Exam.updatedAt on every import).
        const current = await tx.exam.findUnique({ where: { id: exam.code }, select: { contentHash: true } });
        if (current?.contentHash !== examData.contentHash) {
          await tx.exam.upsert({ where: { id: exam.code }, create: { id: exam.code, ...examData }, update: examData });
        }
        for (const [position, d] of exam.domains.entries()) {
          const id = domainRowId(exam.code, d.id);
          const data = { name: d.name, short: d.short ?? null, weightMin: d.weight.min, weightMax: d.weight.max, position };
          await tx.domain.upsert({ where: { id }, create: { id, examId: exam.code, key: d.id, ...data }, update: data });
          for (const [opos, o] of d.objectives.entries()) {
            const oid = objectiveRowId(exam.code, d.id, o.id);
            await tx.objective.upsert({
              where: { id: oid },
              create: { id: oid, domainId: id, key: o.id, name: o.name, position: opos },
              update: { name: o.name, position: opos },
            });
          }
        }

        // Case studies: upserted by id (a scenario edit reaches every item that names it).
        for (const c of le.cases ?? []) {
          const data = { examId: exam.code, title: c.title, scenario: c.scenario, file: c.file };
          const current = await tx.caseStudy.findUnique({ where: { id: c.id }, select: { title: true, scenario: true, file: true, examId: true } });
          if (!current || current.title !== c.title || current.scenario !== c.scenario || current.file !== c.file || current.examId !== exam.code) {
            await tx.caseStudy.upsert({ where: { id: c.id }, create: { id: c.id, ...data }, update: data });
          }
        }

        const select = { id: true, contentHash: true, retired: true } as const;
        const existing = await tx.item.findMany({ where: { examId: exam.code }, select });
        // An item whose file moved here from another exam (same id) keeps its row and candidates'
        // history: it is updated (or revived) into this exam, not created a second time.
        const known = new Set(existing.map((e) => e.id));
        const newIds = items.filter((i) => !known.has(i.id)).map((i) => i.id);
        for (let i = 0; i < newIds.length; i += 500) {
          existing.push(...(await tx.item.findMany({ where: { id: { in: newIds.slice(i, i + 500) } }, select })));
        }
        const plan = planImport(existing, items);
        const hashes = new Map(items.map((i) => [i.id, itemContentHash(i)]));

        const CHUNK = 500;
        for (let i = 0; i < plan.create.length; i += CHUNK) {
          const chunk = plan.create.slice(i, i + CHUNK);
          await tx.item.createMany({
            data: chunk.map((it) => ({ id: it.id, ...itemRow(it, hashes.get(it.id)!), rating: initialItemRating(it.difficulty) })),
          });
          await tx.itemOption.createMany({ data: chunk.flatMap(optionRows) });
          done += chunk.length;
          onProgress?.(done, total);
        }
        for (const it of [...plan.update, ...plan.revive]) {
          await tx.item.update({ where: { id: it.id }, data: { ...itemRow(it, hashes.get(it.id)!), retired: false } });
          await tx.itemOption.deleteMany({ where: { itemId: it.id } });
          await tx.itemOption.createMany({ data: optionRows(it) });
          done += 1;
          if (done % 100 === 0) onProgress?.(done, total);
        }
        if (plan.retire.length) {
          await tx.item.updateMany({ where: { id: { in: plan.retire } }, data: { retired: true } });
        }
        done += plan.unchanged.length;
        onProgress?.(done, total);
        summary.exams.push({
          code: exam.code,
          created: plan.create.length,
          updated: plan.update.length,
          unchanged: plan.unchanged.length,
          retired: plan.retire.length,
          revived: plan.revive.length,
        });
      }
      // An exam folder removed from content/: its items are retired, its history kept.
      const codes = exams.map((e) => e.exam.code);
      const orphaned = await tx.item.groupBy({ by: ["examId"], where: { examId: { notIn: codes }, retired: false }, _count: { _all: true }, orderBy: { examId: "asc" } });
      if (orphaned.length) {
        await tx.item.updateMany({ where: { examId: { notIn: codes }, retired: false }, data: { retired: true } });
        for (const o of orphaned) {
          summary.exams.push({ code: o.examId, created: 0, updated: 0, unchanged: 0, retired: o._count._all, revived: 0, folderRemoved: true });
        }
      }
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
  return { ok: true, summary };
}
