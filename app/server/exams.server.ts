import { prisma } from "./db.server";
import { ExamSchema, type ExamDefinition } from "~/core/content/schema";
import { invariantResponse } from "~/utils/invariant";

export async function listExamsWithCounts() {
  const exams = await prisma.exam.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      title: true,
      status: true,
      blueprintVersion: true,
      definition: true,
      _count: { select: { items: { where: { retired: false } } } },
    },
  });
  return exams.map((e) => {
    const definition = ExamSchema.parse(JSON.parse(e.definition));
    return {
      code: e.id,
      title: e.title,
      status: e.status,
      blueprintVersion: e.blueprintVersion,
      domains: definition.domains.length,
      items: e._count.items,
      retiredOn: definition.retiredOn ?? null,
      successor: definition.successor?.code ?? null,
    };
  });
}

/** The exam definition as imported from content/, or null when no such exam exists. */
export async function getExamDefinition(code: string): Promise<ExamDefinition | null> {
  const exam = await prisma.exam.findUnique({ where: { id: code }, select: { definition: true } });
  return exam ? ExamSchema.parse(JSON.parse(exam.definition)) : null;
}

export async function getExamOverview(code: string) {
  const exam = await prisma.exam.findUnique({
    where: { id: code },
    select: {
      id: true,
      title: true,
      vendor: true,
      status: true,
      blueprintVersion: true,
      scoreMin: true,
      scoreMax: true,
      passingScore: true,
      mockMinutes: true,
      mockQuestions: true,
      definition: true,
      domains: {
        orderBy: { position: "asc" },
        select: {
          key: true,
          name: true,
          short: true,
          weightMin: true,
          weightMax: true,
          objectives: { orderBy: { position: "asc" }, select: { key: true, name: true } },
          _count: { select: { items: { where: { retired: false } } } },
        },
      },
    },
  });
  if (!exam) return null;
  const { id, domains, definition, ...rest } = exam;
  // The imported definition is the truth: a domain or objective removed from exam.yaml keeps its
  // row (for history) but is no longer shown.
  const def = ExamSchema.parse(JSON.parse(definition));
  const current = new Map(def.domains.map((d) => [d.id, new Set(d.objectives.map((o) => o.id))]));
  return {
    code: id,
    ...rest,
    domains: domains
      .filter((d) => current.has(d.key))
      .map(({ _count, objectives, ...d }) => ({ ...d, objectives: objectives.filter((o) => current.get(d.key)!.has(o.key)), items: _count.items })),
  };
}

/** Every imported exam definition (the report parser needs them to recognise the exam). */
export async function listExamDefinitions(): Promise<ExamDefinition[]> {
  const rows = await prisma.exam.findMany({ select: { definition: true }, orderBy: { id: "asc" } });
  return rows.map((r) => ExamSchema.parse(JSON.parse(r.definition)));
}

/** Loader helper: the exam or a 404 the candidate can understand. */
export async function requireExam(code: string | undefined): Promise<ExamDefinition> {
  const exam = code ? await getExamDefinition(code) : null;
  invariantResponse(exam, `There is no exam "${(code ?? "").slice(0, 40)}" here. Pick one from your dashboard.`, { status: 404 });
  return exam;
}
