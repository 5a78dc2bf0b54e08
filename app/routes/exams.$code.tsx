import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserId } from "~/server/session.server";
import { getExamOverview } from "~/server/exams.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.exam.code} — Baseline` : "Exam — Baseline" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserId(request);
  const exam = await getExamOverview(params.code ?? "");
  if (!exam) throw new Response(`There is no exam "${params.code}" in the content.`, { status: 404 });
  return { exam };
}

export default function ExamPage() {
  const { exam } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm"><Link to="/dashboard">Dashboard</Link> / {exam.code}</p>
        <h1 className="mt-1">{exam.code}: {exam.title}</h1>
        <p className="mt-2 text-slate-700">
          {exam.vendor} · blueprint {exam.blueprintVersion} · pass mark {exam.passingScore} on a {exam.scoreMin}–{exam.scoreMax} scale ·
          mock exam {exam.mockQuestions} questions in {exam.mockMinutes} minutes
          {exam.status === "retired" ? " · this exam is retired" : ""}
        </p>
      </div>
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
                    {d.objectives.map((o) => (
                      <li key={o.key}>{o.name}</li>
                    ))}
                  </ul>
                </td>
                <td className="py-2 pr-3 whitespace-nowrap">{d.weightMin}–{d.weightMax}%</td>
                <td className="py-2">{d.items}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
