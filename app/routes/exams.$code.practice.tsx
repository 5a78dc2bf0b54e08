import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { sessionKindName, UnfinishedSessions } from "~/components/unfinished-sessions";
import { TodayLine } from "~/components/today-plan";
import { requireCsrf } from "~/server/csrf.server";
import { requireExam } from "~/server/exams.server";
import { startPractice, todayPlan, unfinishedSessions } from "~/server/practice.server";
import { requireUserId } from "~/server/session.server";
import { readForm } from "~/server/request-body.server";
import { invariantResponse } from "~/utils/invariant";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Practice — ${data?.exam.code ?? ""} — Baseline` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const [plan, open] = await Promise.all([todayPlan(userId, exam), unfinishedSessions(userId, exam.code)]);
  return {
    exam: { code: exam.code, title: exam.title, domains: exam.domains.map((d) => ({ id: d.id, name: d.name, objectives: d.objectives })) },
    plan,
    open,
  };
}

const MAX_COUNT = 100;
const StartSchema = z.object({ intent: z.enum(["start-daily", "start-extra", "start-mistakes", "start-custom"], { message: "Choose which session to start." }) });
const CustomSchema = z.object({
  domains: z.array(z.string().max(80)).max(40).default([]),
  objectives: z.array(z.string().max(80)).max(200).default([]),
  pool: z.enum(["new", "due", "wrong", "flagged", "all"], { message: "Choose which questions to draw from." }),
  count: z.coerce.number({ message: "Enter how many questions, as a number." }).int("Enter a whole number of questions.").min(1, "At least 1 question.").max(MAX_COUNT, `At most ${MAX_COUNT} questions.`),
});
type CustomValues = { domains: string[]; objectives: string[]; pool: string; count: string };
type FieldErrors = Partial<Record<"pool" | "count", string>>;

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const form = await readForm(request);
  await requireCsrf(request, form);
  const started = StartSchema.safeParse({ intent: form.get("intent") });
  if (!started.success) throw new Response("Unknown action", { status: 400 });
  const intent = started.data.intent;
  const values: CustomValues = {
    domains: form.getAll("domains").map(String).slice(0, 40),
    objectives: form.getAll("objectives").map(String).slice(0, 200),
    pool: String(form.get("pool") ?? "all").slice(0, 20),
    count: String(form.get("count") ?? "").slice(0, 10),
  };
  let custom: z.infer<typeof CustomSchema> | null = null;
  if (intent === "start-custom") {
    const parsed = CustomSchema.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if ((key === "pool" || key === "count") && !fieldErrors[key]) fieldErrors[key] = issue.message;
      }
      if (!fieldErrors.pool && !fieldErrors.count) fieldErrors.pool = "Those choices could not be read. Choose again.";
      return { intent, fieldErrors, values };
    }
    custom = parsed.data;
  }
  // Another session is open: say so and offer it, instead of hiding it behind the new one.
  const open = await unfinishedSessions(userId, exam.code);
  if (open.length && form.get("setAside") !== "yes") return { intent, confirm: { open: open[0], others: open.length - 1 }, values };

  let result;
  if (intent === "start-daily") result = await startPractice(userId, exam, "daily");
  else if (intent === "start-extra") result = await startPractice(userId, exam, "extra");
  else if (intent === "start-mistakes") result = await startPractice(userId, exam, "mistakes", { filter: { pool: "wrong" } });
  else if (custom) {
    const known = new Set(exam.domains.map((d) => d.id));
    const knownObjectives = new Set(exam.domains.flatMap((d) => d.objectives.map((o) => o.id)));
    result = await startPractice(userId, exam, "custom", {
      size: custom.count,
      filter: { domains: custom.domains.filter((d) => known.has(d)), objectives: custom.objectives.filter((o) => knownObjectives.has(o)), pool: custom.pool },
    });
    if (!result.ok) return { intent, fieldErrors: { pool: result.message } as FieldErrors, values };
  } else invariantResponse(false, "This form asked for something this page does not do. Reload the page and try again.");
  if (!result.ok) return { intent, error: result.message };
  throw redirect(`/practice/${result.sessionId}`);
}

const START_LABELS: Record<string, string> = {
  "start-daily": "today's session",
  "start-extra": "extra practice",
  "start-mistakes": "a session of your mistakes",
  "start-custom": "custom practice",
};

function StartButton({ intent, label, primary, busy }: { intent: string; label: string; primary: boolean; busy: boolean }) {
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={primary ? "btn-primary" : "btn-secondary"} disabled={busy}>{label}</button>
    </Form>
  );
}

export default function PracticeHub() {
  const { exam, plan, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const fieldErrors = result && "fieldErrors" in result ? result.fieldErrors : undefined;
  const values = result && "values" in result && result.intent === "start-custom" ? result.values : undefined;
  const confirm = result && "confirm" in result && result.confirm ? { intent: result.intent, values: result.values, ...result.confirm } : null;
  const latest = open[0];
  // After an answer from the server, focus what it says (the first field in error, or the
  // question about the open session) and bring it into view: on a phone it may be far away.
  useEffect(() => {
    const el = document.querySelector<HTMLElement>("[data-focus-first]");
    if (el) {
      el.focus();
      el.scrollIntoView({ block: "center" });
    }
  }, [result]);

  return (
    <div className="space-y-6">
      <p className="text-sm"><Link to="/dashboard">Dashboard</Link> / <Link to={`/exams/${exam.code}`}>{exam.code}</Link> / Practice</p>
      <h1>Practise {exam.code}</h1>
      {result && "error" in result ? <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">{result.error}</p> : null}

      {confirm ? (
        <section className="card border-near/40 bg-near-bg" aria-labelledby="confirm-h" data-testid="confirm-set-aside">
          <h2 id="confirm-h" tabIndex={-1} autoFocus data-focus-first>You have an unfinished session</h2>
          <p className="mt-1 text-sm text-slate-800">
            {sessionKindName(confirm.open.kind)}: {confirm.open.answered} of {confirm.open.total} answered
            {confirm.others ? `, and ${confirm.others} more unfinished` : ""}. Resume it, or start {START_LABELS[confirm.intent]} and set it aside:
            it stays under &ldquo;Unfinished sessions&rdquo; on this page and on the {exam.code} page until you finish or end it.
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Link to={`/practice/${confirm.open.id}`} className="btn-primary">Resume the unfinished session</Link>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value={confirm.intent} />
              <input type="hidden" name="setAside" value="yes" />
              {confirm.intent === "start-custom" && confirm.values ? (
                <>
                  {confirm.values.domains.map((d) => <input key={`d-${d}`} type="hidden" name="domains" value={d} />)}
                  {confirm.values.objectives.map((o) => <input key={`o-${o}`} type="hidden" name="objectives" value={o} />)}
                  <input type="hidden" name="pool" value={confirm.values.pool} />
                  <input type="hidden" name="count" value={confirm.values.count} />
                </>
              ) : null}
              <button type="submit" className="btn-secondary" disabled={busy}>Set it aside and start {START_LABELS[confirm.intent]}</button>
            </Form>
          </div>
        </section>
      ) : null}

      <section className="card" aria-labelledby="today-h">
        <h2 id="today-h">Today</h2>
        <TodayLine plan={plan} className="mt-1 text-slate-700" />
        <div className="mt-4 flex flex-wrap gap-2">
          {latest ? <Link to={`/practice/${latest.id}`} className="btn-primary">Resume session ({latest.answered} of {latest.total} done)</Link> : null}
          {plan.done ? (
            <StartButton intent="start-extra" label={`Extra practice (${plan.size} more)`} primary={!latest} busy={busy} />
          ) : (
            <StartButton intent="start-daily" label="Start today's session" primary={!latest} busy={busy} />
          )}
          <StartButton intent="start-mistakes" label="Practise my mistakes" primary={false} busy={busy} />
        </div>
      </section>

      <UnfinishedSessions sessions={open} />

      <section className="card" aria-labelledby="custom-h">
        <h2 id="custom-h">Custom practice</h2>
        <p className="mt-1 text-sm text-slate-700">Pick domains or objectives (none = all), which questions to draw from, and how many.</p>
        <Form method="post" className="mt-4 space-y-4" noValidate key={JSON.stringify(values ?? null)}>
          <CsrfInput />
          <input type="hidden" name="intent" value="start-custom" />
          <fieldset>
            <legend className="field-label">Domains and objectives</legend>
            <div className="mt-2 grid gap-3 md:grid-cols-2">
              {exam.domains.map((d) => (
                <div key={d.id} className="rounded-md border border-slate-200 p-3">
                  <label className="flex items-start gap-2 font-medium">
                    <input type="checkbox" name="domains" value={d.id} className="mt-1" defaultChecked={values?.domains.includes(d.id)} /> {d.name}
                  </label>
                  <ul className="mt-2 space-y-1 pl-6 text-sm">
                    {d.objectives.map((o) => (
                      <li key={o.id}>
                        <label className="flex items-start gap-2">
                          <input type="checkbox" name="objectives" value={o.id} className="mt-1" defaultChecked={values?.objectives.includes(o.id)} /> {o.name}
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
              <select id="pool" name="pool" className="field-input" defaultValue={values?.pool ?? "all"}
                aria-invalid={fieldErrors?.pool ? true : undefined} aria-describedby={fieldErrors?.pool ? "pool-error" : undefined}
                autoFocus={Boolean(fieldErrors?.pool)} data-focus-first={fieldErrors?.pool ? "" : undefined}>
                <option value="all">All questions</option>
                <option value="new">New (never answered)</option>
                <option value="due">Due for review</option>
                <option value="wrong">Answered wrongly last time</option>
                <option value="flagged">Ones I flagged</option>
              </select>
              {fieldErrors?.pool ? <p id="pool-error" role="alert" className="field-error">{fieldErrors.pool}</p> : null}
            </div>
            <div>
              <label htmlFor="count" className="field-label">How many</label>
              <input id="count" name="count" type="number" inputMode="numeric" min={1} max={MAX_COUNT} required defaultValue={values?.count ?? 10} className="field-input"
                aria-invalid={fieldErrors?.count ? true : undefined} aria-describedby={fieldErrors?.count ? "count-error" : "count-hint"}
                autoFocus={Boolean(fieldErrors?.count && !fieldErrors.pool)} data-focus-first={fieldErrors?.count && !fieldErrors.pool ? "" : undefined} />
              {fieldErrors?.count ? <p id="count-error" role="alert" className="field-error">{fieldErrors.count}</p> : <p id="count-hint" className="mt-1 text-xs text-slate-600">1 to {MAX_COUNT}</p>}
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
