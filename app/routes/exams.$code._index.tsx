import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { daysUntil } from "~/utils/dates";
import { BaselineList } from "~/components/baseline-list";
import { CsrfInput } from "~/components/csrf-input";
import { checkPlannedDay, retakeStatus } from "~/core/report/retake-policy";
import { requireCsrf } from "~/server/csrf.server";
import { getExamDefinition, getExamOverview, requireExam } from "~/server/exams.server";
import { deleteReport, getPlan, listReports, setPlannedDate } from "~/server/reports.server";
import { todayPlan, unfinishedSessions } from "~/server/practice.server";
import { TodayLine } from "~/components/today-plan";
import { UnfinishedSessions } from "~/components/unfinished-sessions";
import { requireUserId } from "~/server/session.server";
import { readForm } from "~/server/request-body.server";
import { invariantResponse } from "~/utils/invariant";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.exam.code} — Baseline` : "Exam — Baseline" }];

function attemptsOf(reports: { takenAt: Date; passed: boolean | null }[]) {
  return reports.map((r) => ({ date: r.takenAt, passed: r.passed === true }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await getExamOverview(params.code ?? "");
  invariantResponse(exam, `There is no exam "${(params.code ?? "").slice(0, 40)}" here. Pick one from your dashboard.`, { status: 404 });
  const definition = await requireExam(exam.code);
  const [reports, plan, today, open, successorExam] = await Promise.all([
    listReports(userId, exam.code),
    getPlan(userId, exam.code),
    todayPlan(userId, definition),
    unfinishedSessions(userId, exam.code),
    definition.successor ? getExamDefinition(definition.successor.code) : Promise.resolve(null),
  ]);
  // A retired exam points to its successor, with where each of its domains mostly went (content data).
  const successor =
    definition.status === "retired" && definition.successor && successorExam
      ? {
          code: successorExam.code,
          title: successorExam.title,
          note: definition.successor.note ?? null,
          map: definition.domains.map((d) => ({
            name: d.name,
            to: (definition.successor!.domainMap[d.id] ?? []).map((t) => successorExam.domains.find((x) => x.id === t)?.name ?? t),
          })),
        }
      : null;
  const now = new Date();
  const status = reports.length ? retakeStatus(definition.retakePolicy, attemptsOf(reports), now) : null;
  return { exam, reports, today, open, successor, retiredOn: definition.retiredOn ?? null, plannedDate: plan?.plannedDate ?? null, status, maxAttempts: definition.retakePolicy.maxAttempts, now: now.toISOString() };
}

const PlanSchema = z.object({
  intent: z.literal("plan"),
  plannedDate: z.union([z.literal(""), z.string().max(10, "Enter the date as YYYY-MM-DD, like 2026-12-20.").regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD, like 2026-12-20.")], {
    message: "Enter the date as YYYY-MM-DD, like 2026-12-20.",
  }),
});
const DeleteSchema = z.object({ intent: z.literal("delete-report"), reportId: z.string().min(1).max(40) });

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const form = await readForm(request);
  await requireCsrf(request, form);
  const intent = form.get("intent");
  if (intent === "plan") {
    const parsed = PlanSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { intent: "plan", error: parsed.error.issues[0].message, value: String(form.get("plannedDate") ?? "") };
    if (parsed.data.plannedDate === "") {
      await setPlannedDate(userId, exam.code, null);
      return { intent: "plan", ok: "Planned date cleared." };
    }
    const reports = await listReports(userId, exam.code);
    const check = checkPlannedDay(exam.retakePolicy, attemptsOf(reports), parsed.data.plannedDate, new Date());
    if (!check.ok) return { intent: "plan", error: check.reason, value: parsed.data.plannedDate };
    await setPlannedDate(userId, exam.code, new Date(`${parsed.data.plannedDate}T09:00:00.000Z`));
    // A retired exam can't be booked any more: saved (it is the candidate's plan) but said plainly.
    const retired =
      exam.status === "retired"
        ? `${exam.code} is retired${exam.retiredOn ? ` since ${exam.retiredOn}` : ""} and can no longer be booked${exam.successor ? `; its successor is ${exam.successor.code}` : ""}. Check the date is for an exam you can still take.`
        : null;
    return { intent: "plan", ok: [`Next attempt planned for ${parsed.data.plannedDate}.`, check.note].filter(Boolean).join(" "), warning: retired };
  }
  if (intent === "delete-report") {
    const parsed = DeleteSchema.safeParse(Object.fromEntries(form));
    invariantResponse(parsed.success && (await deleteReport(userId, parsed.data.reportId)), "This score report was not found. It may have been deleted already.", { status: 404 });
    return { intent: "delete-report", ok: "Report deleted." };
  }
  invariantResponse(false, "This form asked for something this page does not do. Reload the page and try again.");
}

const fmt = (d: string | Date) => new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const fmtTime = (d: string | Date) =>
  new Date(d).toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";

export default function ExamPage() {
  const { exam, reports, today, open, successor, retiredOn, plannedDate, status, maxAttempts, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const active = reports[0];
  const daysLeft = plannedDate ? daysUntil(plannedDate, now) : null;
  const todayDay = now.slice(0, 10);
  const nextDay = status?.nextAllowedAt ? new Date(status.nextAllowedAt).toISOString().slice(0, 10) : null;
  const earliestPlanDay = nextDay && nextDay > todayDay ? nextDay : todayDay;

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm"><Link to="/dashboard">Dashboard</Link> / {exam.code}</p>
        <h1 className="mt-1">{exam.code}: {exam.title}</h1>
        <p className="mt-2 text-slate-700">
          {exam.vendor} · blueprint {exam.blueprintVersion} · pass mark {exam.passingScore} on a {exam.scoreMin}–{exam.scoreMax} scale
          {exam.status === "retired" ? " · this exam is retired" : ""}
        </p>
      </div>
      {exam.status === "retired" ? (
        <section className="rounded-md border border-near/30 bg-near-bg p-4 text-sm text-slate-900" aria-labelledby="retired-h" data-testid="retired-notice">
          <h2 id="retired-h" className="text-base">{exam.code} is retired{retiredOn ? ` (since ${fmt(retiredOn)})` : ""}</h2>
          <p className="mt-1">You can still practise it here, but it can no longer be booked.</p>
          {successor ? (
            <>
              <p className="mt-2">
                Its successor is <Link to={`/exams/${successor.code}`}>{successor.code}: {successor.title}</Link>. {successor.note}
              </p>
              <p className="mt-2 font-medium">Where your {exam.code} report&apos;s domains mostly went in {successor.code}:</p>
              <ul className="mt-1 list-disc pl-6">
                {successor.map.map((m) => <li key={m.name}>{m.name} → {m.to.join(", ")}</li>)}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {params.get("saved") === "report" ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800">Score report saved. It is now your baseline.</p>
      ) : null}
      {result && "ok" in result && result.ok ? <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800">{result.ok}</p> : null}
      {result && "warning" in result && result.warning ? (
        <p role="alert" data-testid="plan-warning" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900">
          {result.warning}{successor ? <> <Link to={`/exams/${successor.code}`}>Open {successor.code}</Link>.</> : null}
        </p>
      ) : null}

      <section aria-labelledby="today-h" className="card flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="today-h">Today</h2>
          <TodayLine plan={today} className="text-sm text-slate-700" />
        </div>
        <div className="flex flex-wrap gap-2">
          <Link to={`/exams/${exam.code}/practice`} className="btn-primary">Practise</Link>
          <Link to={`/exams/${exam.code}/mock`} className="btn-secondary">Mock exam</Link>
          <Link to={`/exams/${exam.code}/progress`} className="btn-secondary">Progress</Link>
        </div>
      </section>

      <UnfinishedSessions sessions={open} />

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="baseline-h" className="card lg:col-span-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="baseline-h">Your baseline</h2>
            <Link to={`/exams/${exam.code}/reports/new`} className={active ? "btn-secondary" : "btn-primary"}>
              {active ? "Add another attempt" : "Enter your score report"}
            </Link>
          </div>
          {active ? (
            <>
              <p className="mt-1 text-sm text-slate-700">
                From your attempt on {fmt(active.takenAt)}: score {active.score ?? "—"}
                {active.passed === null ? "" : active.passed ? " (pass)" : " (fail)"}. Weakest domains first.
              </p>
              <BaselineList rows={active.results.map((r) => ({ key: r.domain.key, name: r.domain.name, short: r.domain.short, level: r.level as "weak" | "near" | "strong", band: r.band, weightMin: r.domain.weightMin, weightMax: r.domain.weightMax }))} />
            </>
          ) : (
            <p className="mt-2 text-slate-700">
              No score report yet. Enter the one from your last attempt (type it in, paste its text or upload the PDF) and
              practice will be planned around the domains it marks weak.
            </p>
          )}
        </section>

        <section aria-labelledby="retake-h" className="card space-y-3">
          <h2 id="retake-h">Next attempt</h2>
          {status ? (
            <div className="text-sm text-slate-700" data-testid="retake-status">
              {status.passed ? (
                <p>You passed this exam. It cannot be retaken unless the certification expires.</p>
              ) : (
                <>
                  <p>{status.reason}</p>
                  <p className="mt-1">{status.attemptsRemaining} of {maxAttempts} attempts left{status.windowEnd ? ` until ${fmt(status.windowEnd)}` : ""}.</p>
                  {status.nextAllowedAt && !status.canAttemptNow ? <p className="mt-1">Earliest next attempt: {fmtTime(status.nextAllowedAt)}.</p> : null}
                </>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-700">Record an attempt to see when you may retake.</p>
          )}
          {daysLeft !== null ? (
            <p className="text-sm font-medium" data-testid="countdown">Planned: {fmt(plannedDate!)} ({daysLeft > 0 ? `in ${daysLeft} day${daysLeft === 1 ? "" : "s"}` : daysLeft === 0 ? "today" : "passed"})</p>
          ) : null}
          <Form method="post" className="space-y-2" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="plan" />
            <label htmlFor="plannedDate" className="field-label">Planned date of your next attempt</label>
            {status?.passed ? null : (
              <p className="text-xs text-slate-600" data-testid="plan-earliest">
                Earliest date the retake policy allows: {earliestPlanDay}{earliestPlanDay === todayDay ? " (today)" : ""}.
              </p>
            )}
            {exam.status === "retired" ? (
              <p className="text-xs text-amber-900" data-testid="plan-retired-note">{exam.code} is retired and can no longer be booked{successor ? `; plan for ${successor.code} instead` : ""}.</p>
            ) : null}
            <input id="plannedDate" name="plannedDate" type="date" className="field-input" min={earliestPlanDay} maxLength={10}
              defaultValue={result && "value" in result ? result.value : plannedDate ? new Date(plannedDate).toISOString().slice(0, 10) : ""}
              aria-invalid={result && "error" in result ? true : undefined} aria-describedby={result && "error" in result ? "plan-error" : undefined} />
            {result && "error" in result ? <p id="plan-error" role="alert" className="field-error">{result.error}</p> : null}
            <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>Save date</button>
          </Form>
        </section>
      </div>

      {reports.length ? (
        <section aria-labelledby="attempts-h" className="card">
          <h2 id="attempts-h">Attempts</h2>
          <table className="mt-3 w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-slate-600">
                <th scope="col" className="py-2 pr-3 font-medium">Date</th>
                <th scope="col" className="py-2 pr-3 font-medium">Score</th>
                <th scope="col" className="py-2 pr-3 font-medium">Weak domains</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r, i) => (
                <tr key={r.id} className="border-b border-slate-100" data-testid="attempt-row">
                  <td className="py-2 pr-3">{fmt(r.takenAt)}{i === 0 ? <span className="ml-2 inline-block rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-800">baseline</span> : null}</td>
                  <td className="py-2 pr-3">{r.score ?? "—"}{r.passed === null ? "" : r.passed ? " pass" : " fail"}</td>
                  <td className="py-2 pr-3">{r.results.filter((x) => x.level === "weak").length}</td>
                  <td className="py-2 text-right">
                    <div className="flex flex-wrap justify-end gap-2">
                      <Link to={`/exams/${exam.code}/reports/${r.id}`} className="btn-secondary px-3 py-1">Edit<span className="sr-only"> attempt of {fmt(r.takenAt)}</span></Link>
                      <Form method="post" onSubmit={(e) => { if (!confirm("Delete this attempt? This cannot be undone.")) e.preventDefault(); }}>
                        <CsrfInput />
                        <input type="hidden" name="intent" value="delete-report" />
                        <input type="hidden" name="reportId" value={r.id} />
                        <button type="submit" className="btn-danger px-3 py-1">Delete<span className="sr-only"> attempt of {fmt(r.takenAt)}</span></button>
                      </Form>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section aria-labelledby="blueprint" className="card">
        <h2 id="blueprint">Skills measured</h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th scope="col" className="py-2 pr-3 font-medium">Domain</th>
              <th scope="col" className="py-2 pr-3 font-medium">Weight</th>
              <th scope="col" className="py-2 font-medium">Questions</th>
            </tr>
          </thead>
          <tbody>
            {exam.domains.map((d) => (
              <tr key={d.key} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-3">
                  <span className="font-medium">{d.name}</span>
                  <ul className="mt-1 list-disc pl-5 text-slate-600">
                    {d.objectives.map((o) => (<li key={o.key}>{o.name}</li>))}
                  </ul>
                </td>
                <td className="whitespace-nowrap py-2 pr-3">{d.weightMin}–{d.weightMax}%</td>
                <td className="py-2">{d.items}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
