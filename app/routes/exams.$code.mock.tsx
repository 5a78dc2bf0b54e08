import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { BandChip } from "~/components/band-chip";
import { CsrfInput } from "~/components/csrf-input";
import { mockMinutes } from "~/core/mock/assemble";
import { requireCsrf } from "~/server/csrf.server";
import { requireExam } from "~/server/exams.server";
import { listMocks, openMock, planForCandidate, startMock } from "~/server/mock.server";
import { readForm } from "~/server/request-body.server";
import { requireUserId } from "~/server/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Mock exam — ${data?.exam.code ?? ""} — Baseline` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const now = new Date();
  const [plan, open, history] = await Promise.all([planForCandidate(exam), openMock(userId, exam.code, now), listMocks(userId, exam.code, now)]);
  return {
    exam: {
      code: exam.code,
      title: exam.title,
      questions: exam.mock.questions,
      minutes: exam.mock.durationMinutes,
      passing: exam.score.passing,
      domains: exam.domains.map((d) => ({ id: d.id, name: d.name })),
    },
    plan,
    largestMinutes: plan.ok || plan.largest < 1 ? null : mockMinutes(exam, plan.largest),
    open: open ? { id: open.id, deadline: open.deadline.toISOString(), questions: open._count.questions } : null,
    history: history
      .filter((m) => m.submittedAt && m.result)
      .map((m) => ({
        id: m.id,
        kind: m.kind,
        startedAt: m.startedAt.toISOString(),
        questions: m.questions,
        correct: m.result!.correct,
        estimatedScore: m.result!.estimatedScore,
        passed: m.result!.passedEstimate,
        partial: m.result!.partial,
        domains: m.result!.domains.map((d) => ({ domain: d.domain, name: d.name, share: d.share, band: d.band })),
      })),
    now: now.toISOString(),
  };
}

const StartSchema = z.object({
  intent: z.enum(["start-full", "start-domains"]),
  domains: z.array(z.string().max(80)).max(40).default([]),
  questions: z.coerce.number({ message: "Enter how many questions" }).int().min(1, "At least 1 question").max(200, "At most 200 questions").optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const form = await readForm(request);
  await requireCsrf(request, form);
  const parsed = StartSchema.safeParse({
    intent: form.get("intent"),
    domains: form.getAll("domains"),
    questions: form.get("questions") || undefined,
  });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const known = new Set(exam.domains.map((d) => d.id));
  const domains = parsed.data.domains.filter((d) => known.has(d));
  if (parsed.data.intent === "start-domains" && domains.length === 0) return { error: "Choose at least one domain for a shorter mock." };
  const result = await startMock(userId, exam, {
    domains: parsed.data.intent === "start-domains" ? domains : undefined,
    questions: parsed.data.questions,
  });
  if (!result.ok) return { error: result.message, largest: result.largest ?? 0, domains: parsed.data.intent === "start-domains" ? domains : [] };
  throw redirect(`/mock/${result.mockId}`);
}

const fmt = (d: string) => new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export default function MockHub() {
  const { exam, plan, largestMinutes, open, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const fullMinutes = exam.minutes;
  return (
    <div className="space-y-6">
      <p className="text-sm"><Link to="/dashboard">Dashboard</Link> / <Link to={`/exams/${exam.code}`}>{exam.code}</Link> / Mock exam</p>
      <h1>Mock exam: {exam.code}</h1>
      <p className="max-w-3xl text-slate-700">
        Timed like the real exam, with questions from every domain in the blueprint&apos;s proportions and a difficulty mix like the exam&apos;s.
        You get no feedback until you submit. Each answer is saved as you give it, and the clock keeps running if you close the page.
      </p>
      {result && "error" in result ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p>{result.error}</p>
          {"largest" in result && result.largest && result.largest > 0 ? (
            <Form method="post" className="mt-2">
              <CsrfInput />
              <input type="hidden" name="intent" value={result.domains && result.domains.length ? "start-domains" : "start-full"} />
              {(result.domains ?? []).map((d) => <input key={d} type="hidden" name="domains" value={d} />)}
              <input type="hidden" name="questions" value={result.largest} />
              <button type="submit" className="btn-secondary" disabled={busy}>Start a {result.largest}-question mock instead</button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {open ? (
        <section className="card border-brand-600" aria-labelledby="open-h">
          <h2 id="open-h">A mock is in progress</h2>
          <p className="mt-1 text-sm text-slate-700">{open.questions} questions; time runs out at {new Date(open.deadline).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC.</p>
          <Link to={`/mock/${open.id}`} className="btn-primary mt-3">Resume the mock</Link>
        </section>
      ) : null}

      <section className="card" aria-labelledby="full-h">
        <h2 id="full-h">Full mock exam</h2>
        {plan.ok ? (
          <>
            <p className="mt-1 text-slate-700" data-testid="full-shape">{plan.plan.questions} questions · {plan.plan.minutes} minutes · pass mark {exam.passing} (estimated)</p>
            <ul className="mt-2 grid gap-1 text-sm text-slate-700 sm:grid-cols-2">
              {plan.plan.domains.map((d) => <li key={d.domain}>{d.name}: {d.count}</li>)}
            </ul>
            <Form method="post" className="mt-4">
              <CsrfInput />
              <input type="hidden" name="intent" value="start-full" />
              <button type="submit" className="btn-primary" disabled={busy || Boolean(open)}>Start the full mock ({plan.plan.minutes} min)</button>
            </Form>
          </>
        ) : (
          <div className="mt-2 space-y-3" data-testid="shortfall">
            <p className="text-slate-700">{plan.message}</p>
            <ul className="list-disc pl-6 text-sm">
              {plan.shortfalls.map((s) => <li key={s.domain}>{s.name}: needs {s.needed}, has {s.available}</li>)}
            </ul>
            {plan.largest > 0 ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="start-full" />
                <input type="hidden" name="questions" value={plan.largest} />
                <button type="submit" className="btn-primary" disabled={busy || Boolean(open)}>Start a {plan.largest}-question mock ({largestMinutes} min)</button>
              </Form>
            ) : null}
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="short-h">
        <h2 id="short-h">Shorter mock on chosen domains</h2>
        <p className="mt-1 text-sm text-slate-700">Timed at the exam&apos;s pace: {Math.round((fullMinutes / exam.questions) * 60)} seconds a question.</p>
        <Form method="post" className="mt-3 space-y-4">
          <CsrfInput />
          <input type="hidden" name="intent" value="start-domains" />
          <fieldset>
            <legend className="field-label">Domains</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {exam.domains.map((d) => (
                <label key={d.id} className="flex items-start gap-2 text-sm">
                  <input type="checkbox" name="domains" value={d.id} className="mt-1" /> {d.name}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="max-w-xs">
            <label htmlFor="questions" className="field-label">Questions</label>
            <input id="questions" name="questions" type="number" min={1} max={200} defaultValue={10} className="field-input" />
          </div>
          <button type="submit" className="btn-secondary" disabled={busy || Boolean(open)}>Start the shorter mock</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="history-h">
        <h2 id="history-h">Your mock exams</h2>
        {history.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">None yet. Your results, with each domain against your score report, will be listed here.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="mock-history">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  <th scope="col" className="py-2 pr-3 font-medium">Date</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Right</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Estimate</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Weakest domain</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">Results</span></th>
                </tr>
              </thead>
              <tbody>
                {history.map((m, i) => {
                  const prev = history[i + 1];
                  const delta = prev && !m.partial && !prev.partial ? m.estimatedScore - prev.estimatedScore : null;
                  const weakest = [...m.domains].sort((a, b) => a.share - b.share)[0];
                  return (
                    <tr key={m.id} className="border-b border-slate-100 align-top">
                      <td className="py-2 pr-3 whitespace-nowrap">{fmt(m.startedAt)}{m.kind !== "full" ? <span className="block text-xs text-slate-600">chosen domains</span> : null}</td>
                      <td className="py-2 pr-3">{m.correct} / {m.questions}</td>
                      <td className="py-2 pr-3 whitespace-nowrap">
                        {m.partial ? "—" : <>~{m.estimatedScore} {m.passed ? "(pass)" : "(below pass)"}</>}
                        {delta !== null ? <span className={`block text-xs ${delta >= 0 ? "text-strong" : "text-weak"}`}>{delta >= 0 ? "▲ +" : "▼ "}{delta} since the last</span> : null}
                      </td>
                      <td className="py-2 pr-3">{weakest ? <>{weakest.name} <BandChip level={weakest.band.level} label={weakest.band.label} /></> : null}</td>
                      <td className="py-2"><Link to={`/mock/${m.id}/results`}>Results</Link></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
