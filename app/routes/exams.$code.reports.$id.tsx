import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReportForm, type ReportFormValues } from "~/components/report-form";
import { requireCsrf } from "~/server/csrf.server";
import { listExamDefinitions, requireExam } from "~/server/exams.server";
import { readReportForm, todayIso } from "~/server/report-form.server";
import { getReport, updateReport } from "~/server/reports.server";
import { requireUserId } from "~/server/session.server";
import { readForm } from "~/server/request-body.server";
import { invariantResponse } from "~/utils/invariant";
import { REPORT_TEXT_LIMIT } from "~/utils/body-limits";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Edit attempt — Baseline" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const report = await getReport(userId, params.id ?? "");
  // Someone else's report is indistinguishable from a missing one.
  invariantResponse(report && report.examId === exam.code, "This score report was not found.", { status: 404 });
  const values: ReportFormValues = {
    takenAt: report.takenAt.toISOString().slice(0, 10),
    score: report.score === null ? "" : String(report.score),
    source: report.source as ReportFormValues["source"],
    domains: Object.fromEntries(
      exam.domains.map((d) => {
        const r = report.results.find((x) => x.domain.key === d.id);
        return [d.id, { band: r?.band ?? "", bar: String(r?.barLength ?? 50), barUsed: r?.barLength != null }];
      }),
    ),
  };
  return { exam, values, today: todayIso() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const form = await readForm(request, REPORT_TEXT_LIMIT, { fieldLimit: REPORT_TEXT_LIMIT });
  await requireCsrf(request, form);
  // Ownership before the form is read: another candidate's report is a 404 whatever they post.
  const existing = await getReport(userId, params.id ?? "");
  if (!existing || existing.examId !== exam.code) throw new Response("Report not found", { status: 404 });
  const result = readReportForm(exam, await listExamDefinitions(), form);
  if (!result.ok) return { errors: result.errors, values: result.values };
  invariantResponse(await updateReport(userId, params.id ?? "", exam, result.input), "This score report was not found.", { status: 404 });
  throw redirect(`/exams/${exam.code}?saved=report`);
}

export default function EditReport() {
  const { exam, values, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p className="text-sm"><Link to="/dashboard">Dashboard</Link> / <Link to={`/exams/${exam.code}`}>{exam.code}</Link> / Edit attempt</p>
      <h1>Edit your {exam.code} attempt</h1>
      <section className="card">
        <ReportForm exam={exam} values={result?.values ?? values} errors={result?.errors} submitLabel="Save changes" today={today} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
