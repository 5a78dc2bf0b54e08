import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { requireCsrf } from "~/server/csrf.server";
import { requireExam } from "~/server/exams.server";
import { startPractice, todayPlan, unfinishedSession } from "~/server/practice.server";
import { requireUserId } from "~/server/session.server";
import { readForm } from "~/server/request-body.server";
import { invariantResponse } from "~/utils/invariant";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Practice — ${data?.exam.code ?? ""} — Baseline` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const [plan, open] = await Promise.all([todayPlan(userId, exam), unfinishedSession(userId, exam.code)]);
  return {
    exam: { code: exam.code, title: exam.title, domains: exam.domains.map((d) => ({ id: d.id, name: d.name, objectives: d.objectives })) },
    plan,
    open: open ? { id: open.id, answered: open.questions.length, total: open._count.questions } : null,
  };
}

const CustomSchema = z.object({
  intent: z.literal("start-custom"),
  domains: z.array(z.string().max(80)).max(40).default([]),
  objectives: z.array(z.string().max(80)).max(200).default([]),
  pool: z.enum(["new", "due", "wrong", "flagged", "all"], { message: "Choose which questions to draw from" }),
  count: z.coerce.number({ message: "Enter how many questions" }).int().min(1, "At least 1 question").max(100, "At most 100 questions"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const form = await readForm(request);
  await requireCsrf(request, form);
  const intent = form.get("intent");
  let result;
  if (intent === "start-daily") result = await startPractice(userId, exam, "daily");
  else if (intent === "start-mistakes") result = await startPractice(userId, exam, "mistakes", { filter: { pool: "wrong" } });
  else if (intent === "start-custom") {
    const parsed = CustomSchema.safeParse({
      intent,
      domains: form.getAll("domains"),
      objectives: form.getAll("objectives"),
      pool: form.get("pool"),
      count: form.get("count"),
    });
    if (!parsed.success) return { error: parsed.error.issues[0].message };
    const known = new Set(exam.domains.map((d) => d.id));
    const knownObjectives = new Set(exam.domains.flatMap((d) => d.objectives.map((o) => o.id)));
    result = await startPractice(userId, exam, "custom", {
      size: parsed.data.count,
      filter: { domains: parsed.data.domains.filter((d) => known.has(d)), objectives: parsed.data.objectives.filter((o) => knownObjectives.has(o)), pool: parsed.data.pool },
    });
  } else invariantResponse(false, "This form asked for something this page does not do. Reload the page and try again.");
  if (!result.ok) return { error: result.message };
  throw redirect(`/practice/${result.sessionId}`);
}

export default function PracticeHub() {
  const { exam, plan, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-6">
      <p className="text-sm"><Link to="/dashboard">Dashboard</Link> / <Link to={`/exams/${exam.code}`}>{exam.code}</Link> / Practice</p>
      <h1>Practise {exam.code}</h1>
      {result?.error ? <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">{result.error}</p> : null}

      <section className="card" aria-labelledby="today-h">
        <h2 id="today-h">Today</h2>
        <p className="mt-1 text-slate-700" data-testid="today-plan">
          {plan.reviews} review{plan.reviews === 1 ? "" : "s"} due{plan.due > plan.reviews ? ` (${plan.due - plan.reviews} more roll to tomorrow)` : ""} · {plan.new} new · about {plan.minutes} min
        </p>
        <div className="mt-4 flex flex-wrap gap-2">
          {open ? (
            <Link to={`/practice/${open.id}`} className="btn-primary">Resume session ({open.answered} of {open.total} done)</Link>
          ) : null}
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="start-daily" />
            <button type="submit" className={open ? "btn-secondary" : "btn-primary"} disabled={busy}>Start today&apos;s session</button>
          </Form>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="start-mistakes" />
            <button type="submit" className="btn-secondary" disabled={busy}>Practise my mistakes</button>
          </Form>
        </div>
      </section>

      <section className="card" aria-labelledby="custom-h">
        <h2 id="custom-h">Custom practice</h2>
        <p className="mt-1 text-sm text-slate-700">Pick domains or objectives (none = all), which questions to draw from, and how many.</p>
        <Form method="post" className="mt-4 space-y-4">
          <CsrfInput />
          <input type="hidden" name="intent" value="start-custom" />
          <fieldset>
            <legend className="field-label">Domains and objectives</legend>
            <div className="mt-2 grid gap-3 md:grid-cols-2">
              {exam.domains.map((d) => (
                <div key={d.id} className="rounded-md border border-slate-200 p-3">
                  <label className="flex items-start gap-2 font-medium">
                    <input type="checkbox" name="domains" value={d.id} className="mt-1" /> {d.name}
                  </label>
                  <ul className="mt-2 space-y-1 pl-6 text-sm">
                    {d.objectives.map((o) => (
                      <li key={o.id}>
                        <label className="flex items-start gap-2">
                          <input type="checkbox" name="objectives" value={o.id} className="mt-1" /> {o.name}
                        </label>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label htmlFor="pool" className="field-label">Questions</label>
              <select id="pool" name="pool" className="field-input" defaultValue="all">
                <option value="all">All questions</option>
                <option value="new">New (never answered)</option>
                <option value="due">Due for review</option>
                <option value="wrong">Answered wrongly last time</option>
                <option value="flagged">Ones I flagged</option>
              </select>
            </div>
            <div>
              <label htmlFor="count" className="field-label">How many</label>
              <input id="count" name="count" type="number" min={1} max={100} defaultValue={10} className="field-input" />
            </div>
          </div>
          <button type="submit" className="btn-primary" disabled={busy}>Start custom practice</button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
