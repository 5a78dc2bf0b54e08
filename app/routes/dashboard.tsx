import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/server/session.server";
import { listExamsWithCounts } from "~/server/exams.server";

export const meta: MetaFunction = () => [{ title: "Dashboard — Baseline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const exams = await listExamsWithCounts();
  return { user: { name: user.name, email: user.email }, exams };
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
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="Exams">
          {exams.map((exam) => (
            <li key={exam.code} className="card flex flex-col" data-testid="exam-card">
              <div className="flex items-start justify-between gap-2">
                <div>
                  <p className="text-sm font-semibold text-brand-700">{exam.code}</p>
                  <h2 className="mt-0.5">{exam.title}</h2>
                </div>
                {exam.status === "retired" ? (
                  <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">Retired</span>
                ) : null}
              </div>
              <p className="mt-2 text-sm text-slate-700">
                {exam.domains} skill domains · {exam.items} practice questions · blueprint {exam.blueprintVersion}
              </p>
              <div className="mt-4 flex flex-wrap gap-2">
                <Link to={`/exams/${exam.code}`} className="btn-primary">Open {exam.code}</Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
