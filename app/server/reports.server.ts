/**
 * Score reports (attempts) and the exam plan, always scoped to one user.
 * The latest attempt by date taken is the active baseline.
 */
import type { BandLevel, ExamDefinition } from "~/core/content/schema";
import { prisma } from "./db.server";
import { domainRowId } from "./content-import.server";

export type ReportDomainInput = { key: string; band: string; level: BandLevel; barLength: number | null };
export type ReportSaveInput = {
  takenAt: string; // YYYY-MM-DD
  score: number | null;
  passed: boolean | null;
  source: "form" | "paste" | "upload";
  rawText: string | null;
  domains: ReportDomainInput[];
};

const reportSelect = {
  id: true,
  takenAt: true,
  score: true,
  passed: true,
  source: true,
  createdAt: true,
  results: {
    select: { band: true, level: true, barLength: true, domain: { select: { key: true, name: true, short: true, weightMin: true, weightMax: true, position: true } } },
  },
} as const;

function dateOnly(iso: string): Date {
  return new Date(`${iso}T12:00:00.000Z`); // noon UTC: the same calendar day in every time zone
}

export async function listReports(userId: string, examId: string) {
  return prisma.scoreReport.findMany({
    where: { userId, examId },
    orderBy: [{ takenAt: "desc" }, { createdAt: "desc" }],
    select: reportSelect,
  });
}
export type ReportRow = Awaited<ReturnType<typeof listReports>>[number];

export async function getReport(userId: string, reportId: string) {
  return prisma.scoreReport.findFirst({ where: { id: reportId, userId }, select: { ...reportSelect, examId: true, rawText: true } });
}

export async function createReport(userId: string, exam: ExamDefinition, input: ReportSaveInput) {
  return prisma.scoreReport.create({
    data: {
      userId,
      examId: exam.code,
      takenAt: dateOnly(input.takenAt),
      score: input.score,
      passed: input.passed,
      source: input.source,
      rawText: input.rawText,
      results: {
        create: input.domains.map((d) => ({ domainId: domainRowId(exam.code, d.key), band: d.band, level: d.level, barLength: d.barLength })),
      },
    },
    select: { id: true },
  });
}

/**
 * An attempt of this user on this exam with the same exam date and score: most likely the same
 * report entered again (the caller warns and lets the candidate keep both on purpose).
 */
export async function findSameAttempt(userId: string, examId: string, input: Pick<ReportSaveInput, "takenAt" | "score">) {
  return prisma.scoreReport.findFirst({
    where: { userId, examId, takenAt: dateOnly(input.takenAt), score: input.score },
    orderBy: { createdAt: "asc" },
    select: { id: true, takenAt: true, score: true, passed: true, createdAt: true, source: true },
  });
}

/** Returns false when the report is not this user's (or does not exist). */
export async function updateReport(userId: string, reportId: string, exam: ExamDefinition, input: ReportSaveInput) {
  return prisma.$transaction(async (tx) => {
    const owned = await tx.scoreReport.findFirst({ where: { id: reportId, userId, examId: exam.code }, select: { id: true } });
    if (!owned) return false;
    await tx.reportDomainResult.deleteMany({ where: { reportId } });
    await tx.scoreReport.update({
      where: { id: reportId },
      data: {
        takenAt: dateOnly(input.takenAt),
        score: input.score,
        passed: input.passed,
        results: {
          create: input.domains.map((d) => ({ domainId: domainRowId(exam.code, d.key), band: d.band, level: d.level, barLength: d.barLength })),
        },
      },
    });
    return true;
  });
}

export async function deleteReport(userId: string, reportId: string): Promise<boolean> {
  const { count } = await prisma.scoreReport.deleteMany({ where: { id: reportId, userId } });
  return count > 0;
}

export async function getPlan(userId: string, examId: string) {
  return prisma.examPlan.findUnique({ where: { userId_examId: { userId, examId } }, select: { plannedDate: true } });
}

export async function setPlannedDate(userId: string, examId: string, plannedDate: Date | null) {
  await prisma.examPlan.upsert({
    where: { userId_examId: { userId, examId } },
    create: { userId, examId, plannedDate },
    update: { plannedDate },
  });
}

/** Active baselines (latest attempt) for every exam the user has a report for. */
export async function activeBaselines(userId: string) {
  const reports = await prisma.scoreReport.findMany({
    where: { userId },
    orderBy: [{ takenAt: "desc" }, { createdAt: "desc" }],
    select: { ...reportSelect, examId: true },
  });
  const latest = new Map<string, (typeof reports)[number]>();
  for (const r of reports) if (!latest.has(r.examId)) latest.set(r.examId, r);
  return latest;
}

/** Planned next-attempt dates by exam code. */
export async function listPlans(userId: string) {
  const rows = await prisma.examPlan.findMany({ where: { userId, plannedDate: { not: null } }, select: { examId: true, plannedDate: true } });
  return new Map(rows.map((r) => [r.examId, r.plannedDate!]));
}
