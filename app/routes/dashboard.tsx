import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { daysUntil } from "~/utils/dates";
import { BaselineList } from "~/components/baseline-list";
import { requireUser } from "~/server/session.server";
import { listExamsWithCounts } from "~/server/exams.server";
import { activeBaselines, listPlans } from "~/server/reports.server";
import { todayPlan } from "~/server/practice.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { todayText } from "~/components/today-plan";

export const meta: MetaFunction = () => [{ title: "Dashboard — Baseline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [exams, baselines, plans] = await Promise.all([listExamsWithCounts(), activeBaselines(user.id), listPlans(user.id)]);
  const now = Date.now();
  const today = await Promise.all(exams.map((e) => todayPlan(user.id, e)));
  return {
    user: { name: user.name, email: user.email },
    exams: exams.map((e, i) => {
      const b = baselines.get(e.code);
      const planned = plans.get(e.code) ?? null;
      return {
        ...e,
        baseline: b
          ? {
              takenAt: b.takenAt.toISOString().slice(0, 10),
              score: b.score,
              passed: b.passed,
              domains: b.results.map((r) => ({ key: r.domain.key, name: r.domain.name, short: r.domain.short, level: r.level as "weak" | "near" | "strong", band: r.band, weightMin: r.domain.weightMin, weightMax: r.domain.weightMax })),
            }
          : null,
        today: today[i],
        planned: planned ? { date: planned.toISOString().slice(0, 10), days: daysUntil(planned, new Date(now)) } : null,
      };
    }),
  };
}

export default function Dashboard() {
  const { user, exams } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <div>
        <h1>Welcome{user.name ? `, ${user.name}` : ""}</h1>
        <p className="mt-2 text-slate-700">Choose the exam you are preparing for.</p>
      </div>
      {exams.length === 0 ? (
        <div className="card text-center" data-testid="exams-empty">
          <h2>No exams yet</h2>
          <p className="mt-2 text-slate-700">
            No exam content has been loaded. Add an exam folder under <code>content/</code> (see the README) and run{" "}
            <code>npm run content:import</code>, or restart with <code>npm start</code>.
          </p>
        </div>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Exams">
          {exams.map((exam) => (
            <li key={exam.code} className="card flex flex-col" data-testid="exam-card">
              <div className="flex items-start justify-between gap-2">
                <div>
                  <p className="text-sm font-semibold text-brand-700">{exam.code}</p>
                  <h2 className="mt-0.5">{exam.title}</h2>
                </div>
                {exam.status === "retired" ? (
                  <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700" data-testid="retired-badge"
                    title={`Retired${exam.retiredOn ? ` on ${exam.retiredOn}` : ""}: this exam can no longer be booked; practice stays available.`}>Retired</span>
                ) : null}
              </div>
              {exam.status === "retired" ? (
                <p className="mt-1 text-xs text-slate-700" data-testid="retired-explained">
                  No longer bookable{exam.retiredOn ? ` since ${exam.retiredOn}` : ""}; practice stays available.
                  {exam.successor ? <> Its successor is <Link to={`/exams/${exam.successor}`}>{exam.successor}</Link>.</> : null}
                </p>
              ) : null}
              <p className="mt-2 text-sm text-slate-700">
                {exam.domains} skill domains · {exam.items} practice questions · blueprint {exam.blueprintVersion}
              </p>
              {exam.planned ? (
                <p className="mt-2 text-sm font-medium text-brand-800" data-testid="countdown">
                  {exam.planned.days > 0 ? `${exam.planned.days} day${exam.planned.days === 1 ? "" : "s"} to your retake` : exam.planned.days === 0 ? "Your retake is today" : "Planned date has passed"} ({exam.planned.date})
                </p>
              ) : null}
              {exam.baseline ? (
                <div className="mt-3">
                  <p className="text-sm text-slate-700">
                    Baseline from {exam.baseline.takenAt}: score {exam.baseline.score ?? "—"}
                    {exam.baseline.passed === null ? "" : exam.baseline.passed ? " (pass)" : " (fail)"}
                  </p>
                  <BaselineList rows={exam.baseline.domains} compact />
                </div>
              ) : (
                <p className="mt-3 text-sm text-slate-600">No score report yet.</p>
              )}
              <p className="mt-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="today">
                <strong>Today:</strong> {todayText(exam.today)}
              </p>
              <div className="mt-auto flex flex-wrap gap-2 pt-4">
                <Link to={`/exams/${exam.code}/practice`} className="btn-primary">Practise<span className="sr-only"> {exam.code}</span></Link>
                <Link to={`/exams/${exam.code}/mock`} className="btn-secondary">Mock exam<span className="sr-only"> {exam.code}</span></Link>
                <Link to={`/exams/${exam.code}/progress`} className="btn-secondary">Progress<span className="sr-only"> {exam.code}</span></Link>
                <Link to={`/exams/${exam.code}`} className="btn-secondary">Open {exam.code}</Link>
                {exam.baseline ? null : (
                  <Link to={`/exams/${exam.code}/reports/new`} className="btn-secondary">Enter score report<span className="sr-only"> for {exam.code}</span></Link>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
