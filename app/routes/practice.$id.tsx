import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { CsrfError, verifyCsrf } from "~/server/csrf.server";
import { renderInline, renderMarkdown } from "~/server/markdown.server";
import { ALREADY_ANSWERED, answerQuestion, dueTomorrow, endSession, flagItem, getCaseStudy, getSession, ownsSession } from "~/server/practice.server";
import { CaseStudyPanel, ItemAnswer, numberBlanks } from "~/components/item-answer";
import { answerFromForm } from "~/core/scoring/form";
import { isMultiPart, scoreAnswer, stemBlanks } from "~/core/scoring/score";
import { requireUserId } from "~/server/session.server";
import { clientAddress, rateLimits } from "~/server/rate-limit.server";
import { readForm } from "~/server/request-body.server";
import { invariantResponse } from "~/utils/invariant";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Practice session — Baseline" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const session = await getSession(userId, params.id ?? "");
  invariantResponse(session, "This practice session was not found.", { status: 404 });
  const url = new URL(request.url);
  const total = session.questions.length;
  const answered = session.questions.filter((q) => q.answeredAt).length;
  const retries = session.questions.filter((q) => q.kind === "retry").length;
  const qParam = url.searchParams.get("q");
  // ?q=<position> reopens one question (after answering it); anything else is not a question of
  // this session: back to the current question (or the summary when all are answered).
  let current = session.questions.find((q) => !q.answeredAt);
  if (qParam !== null) {
    const position = PositionSchema.safeParse(qParam);
    const asked = position.success ? session.questions.find((q) => q.position === position.data) : undefined;
    if (!asked) throw redirect(`/practice/${session.id}`);
    current = asked;
  }

  if (!current) {
    const byDomain = new Map<string, { name: string; correct: number; total: number }>();
    for (const q of session.questions) {
      const d = byDomain.get(q.item.domain.key) ?? { name: q.item.domain.name, correct: 0, total: 0 };
      d.total += 1;
      if (q.correct) d.correct += 1;
      byDomain.set(q.item.domain.key, d);
    }
    return {
      view: "summary" as const,
      examId: session.examId,
      total,
      retries,
      // Ended early: the questions not reached went back to the pool.
      returned: session.dropped,
      correct: session.questions.filter((q) => q.correct).length,
      domains: [...byDomain.values()],
      dueTomorrow: await dueTomorrow(userId, session.examId),
    };
  }
  const order = JSON.parse(current.optionOrder) as string[];
  const item = current.item;
  const options = order
    .map((key) => item.options.find((o) => o.key === key))
    .filter((o): o is NonNullable<typeof o> => Boolean(o));
  const selected = current.selected ? (JSON.parse(current.selected) as string[]) : [];
  const done = Boolean(current.answeredAt);
  const nextOpen = session.questions.find((q) => !q.answeredAt && q.id !== current.id);
  const blankIds = item.type === "dropdown" ? stemBlanks(item.stem) : [];
  const correctOrder = item.correctOrder ? (JSON.parse(item.correctOrder) as string[]) : null;
  const scored = done ? scoreAnswer({ type: item.type, scoring: item.scoring, order: correctOrder, options: item.options.map((o) => ({ key: o.key, correct: o.correct, blank: o.blank })) }, selected) : null;
  const caseStudy = await getCaseStudy(item.caseStudyId);
  return {
    view: "question" as const,
    sessionId: session.id,
    examId: session.examId,
    total,
    answered,
    index: session.questions.findIndex((q) => q.id === current.id),
    alreadyAnswered: done && url.searchParams.get("already") === "1" ? ALREADY_ANSWERED : null,
    retries,
    open: total - answered,
    hasNext: Boolean(nextOpen),
    // A wrong answer comes back later in the session (answerQuestion): say so with the verdict.
    retryLater: done && current.correct !== true && session.questions.some((q) => q.kind === "retry" && q.item.id === item.id && q.position > current.position),
    question: {
      id: current.id,
      itemId: item.id,
      position: current.position,
      kind: current.kind,
      reason: current.reason,
      type: item.type,
      choose: item.choose,
      domain: item.domain.name,
      objective: item.objective?.name ?? null,
      stemHtml: numberBlanks(renderMarkdown(item.stem), blankIds),
      blanks: blankIds.map((id, i) => ({ id, number: i + 1 })),
      caseStudy: caseStudy ? { title: caseStudy.title, scenarioHtml: renderMarkdown(caseStudy.scenario) } : null,
      options: options.map((o) => ({
        key: o.key,
        html: renderInline(o.text),
        blank: o.blank,
        // The key and rationales reach the browser only after the question is answered.
        correct: done ? o.correct : undefined,
        rationaleHtml: done ? renderInline(o.rationale) : undefined,
      })),
      answered: done
        ? {
            selected,
            correct: current.correct === true,
            points: scored!.points,
            max: scored!.max,
            parts: scored!.parts,
            order: correctOrder,
            guessed: current.guessed,
            explanationHtml: renderMarkdown(item.explanation),
            references: JSON.parse(item.references) as string[],
          }
        : null,
    },
  };
}

const PositionSchema = z.string().regex(/^\d{1,4}$/).transform(Number);

const AnswerSchema = z.object({
  intent: z.literal("answer"),
  questionId: z.string().min(1).max(40),
  // Option keys, or name=value parts (core/scoring/form.ts); the item's own check follows in answerQuestion.
  selected: z.array(z.string().max(48)).max(16, "That answer has too many parts."),
  guessed: z.enum(["on"]).optional(),
  elapsedMs: z.coerce.number().int().min(0).max(86_400_000).optional(),
});
const EndSchema = z.object({ intent: z.literal("end") });
const FlagSchema = z.object({
  intent: z.literal("flag"),
  itemId: z.string().min(1).max(120),
  reason: z.enum(["wrong-key", "unclear", "outdated", "typo", "other"], { message: "Choose what is wrong" }),
  comment: z.string().trim().max(2000, "Keep the details to 2,000 characters or fewer.").optional(),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const form = await readForm(request);
  try {
    await verifyCsrf(request, form);
  } catch (e) {
    if (e instanceof CsrfError) return { error: "Your form token expired. Your choice is still selected: submit it again." };
    throw e;
  }
  // Nothing is written through another candidate's session URL, or one that does not exist.
  if (!(await ownsSession(userId, params.id ?? ""))) throw new Response("Session not found", { status: 404 });
  if (form.get("intent") === "end") {
    if (!EndSchema.safeParse(Object.fromEntries(form)).success) return { error: "That request could not be read." };
    const ended = await endSession(userId, params.id ?? "");
    if (!ended.ok) throw new Response(ended.message, { status: 404 });
    throw redirect(`/practice/${params.id}`);
  }
  if (form.get("intent") === "flag") {
    const parsed = FlagSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { flagError: parsed.error.issues[0].message };
    const refused = await rateLimits().flag(clientAddress(context));
    if (refused) return { flagError: refused.message };
    let stored: boolean;
    try {
      stored = await flagItem(userId, params.id ?? "", parsed.data.itemId, parsed.data.reason, parsed.data.comment || null);
    } catch (e) {
      // Keep the form as typed; say what happened instead of the error page.
      console.error("flagItem failed", e);
      return { flagError: "Your report could not be saved just now. It is still in the form: send it again." };
    }
    // Another candidate's session, or one that does not exist: as for the page itself.
    if (!stored) throw new Response("Session not found", { status: 404 });
    return { flagged: true };
  }
  const fromForm = answerFromForm(form.entries());
  if (!fromForm.ok) return { error: fromForm.message };
  const parsed = AnswerSchema.safeParse({ ...Object.fromEntries(form), selected: fromForm.selected });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const result = await answerQuestion(userId, params.id ?? "", parsed.data.questionId, parsed.data.selected, parsed.data.guessed === "on", parsed.data.elapsedMs ?? null);
  const position = String(form.get("position") ?? "");
  // Lost a race (another tab answered first): show the answer that counts, and say so.
  if (!result.ok && result.code === "already-answered") throw redirect(`/practice/${params.id}?q=${encodeURIComponent(position)}&already=1`);
  if (!result.ok) return { error: result.message };
  throw redirect(`/practice/${params.id}?q=${encodeURIComponent(position)}`);
}

function FlagForm({ itemId }: { itemId: string }) {
  const fetcher = useFetcher<typeof action>();
  const [open, setOpen] = useState(false);
  if (fetcher.data && "flagged" in fetcher.data) return <p className="text-sm text-slate-600" role="status">Thanks: the problem was reported to the authors.</p>;
  return (
    <div>
      <button type="button" className="text-sm text-slate-600 underline" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Report a problem with this question
      </button>
      {open ? (
        <fetcher.Form method="post" className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
          <CsrfInput />
          <input type="hidden" name="intent" value="flag" />
          <input type="hidden" name="itemId" value={itemId} />
          <label htmlFor="flag-reason" className="field-label">What is wrong?</label>
          <select id="flag-reason" name="reason" className="field-input" defaultValue="">
            <option value="" disabled>Choose…</option>
            <option value="wrong-key">The marked answer is wrong</option>
            <option value="unclear">The question is unclear or has two right answers</option>
            <option value="outdated">It is outdated (feature renamed or retired)</option>
            <option value="typo">Typo or broken link</option>
            <option value="other">Something else</option>
          </select>
          <label htmlFor="flag-comment" className="field-label">Details (optional)</label>
          <textarea id="flag-comment" name="comment" rows={3} maxLength={2000} className="field-input" />
          <p className="text-xs text-slate-600">Up to 2,000 characters.</p>
          {fetcher.data && "flagError" in fetcher.data ? <p className="field-error" role="alert">{fetcher.data.flagError}</p> : null}
          <button type="submit" className="btn-secondary">Send report</button>
        </fetcher.Form>
      ) : null}
    </div>
  );
}

export default function PracticeSession() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const startedAt = useRef(Date.now());
  const questionId = data.view === "question" ? data.question.id : null;
  useEffect(() => {
    startedAt.current = Date.now();
  }, [questionId]);
  // Once answered, focus the verdict (read out by screen readers) and bring it into view: on a
  // phone it sits below every option. Without JavaScript, autoFocus on the heading does the same.
  const verdictRef = useRef<HTMLHeadingElement>(null);
  const verdictShown = data.view === "question" && data.question.answered ? data.question.id : null;
  useEffect(() => {
    if (!verdictShown || !verdictRef.current) return;
    verdictRef.current.focus({ preventScroll: true });
    verdictRef.current.scrollIntoView({ block: "start" });
  }, [verdictShown]);

  // Keyboard: 1-9 pick an option, Enter submits (native), N goes to the next question.
  useEffect(() => {
    if (data.view !== "question") return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" || (target.tagName === "INPUT" && (target as HTMLInputElement).type === "text"))) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (!data.question.answered && /^[1-9]$/.test(e.key)) {
        const input = formRef.current?.querySelectorAll<HTMLInputElement>("input[name=selected]")[Number(e.key) - 1];
        if (input) {
          if (input.type === "radio") input.checked = true;
          else input.checked = !input.checked;
          input.focus();
          e.preventDefault();
        }
      } else if (data.question.answered && (e.key === "n" || e.key === "N")) {
        e.preventDefault();
        navigate(`/practice/${data.sessionId}`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [data, navigate]);

  if (data.view === "summary") {
    const answeredCount = data.total;
    return (
      <div className="mx-auto max-w-2xl space-y-6">
        <h1>{data.returned ? "Session ended" : "Session complete"}</h1>
        <section className="card" aria-labelledby="result-h" data-testid="session-summary">
          <h2 id="result-h">{data.correct} of {data.total} right</h2>
          {data.returned ? (
            <p className="mt-1 text-sm text-slate-700" data-testid="ended-early">
              You ended this session after {answeredCount} answer{answeredCount === 1 ? "" : "s"}: {answeredCount ? "those count. " : ""}
              The {data.returned} question{data.returned === 1 ? "" : "s"} you did not reach went back to the pool, as if never drawn.
            </p>
          ) : null}
          {data.retries ? <p className="mt-1 text-sm text-slate-700" data-testid="summary-retries">Including {data.retries} {data.retries === 1 ? "retry" : "retries"} of questions answered wrongly earlier in the session.</p> : null}
          {data.domains.length ? (
            <table className="mt-3 w-full text-left text-sm">
              <thead><tr className="border-b border-slate-200 text-slate-600"><th scope="col" className="py-2 font-medium">Domain</th><th scope="col" className="py-2 font-medium">Right</th></tr></thead>
              <tbody>
                {data.domains.map((d) => (
                  <tr key={d.name} className="border-b border-slate-100"><td className="py-2 pr-3">{d.name}</td><td className="py-2">{d.correct} / {d.total}</td></tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p className="mt-4 text-sm text-slate-700" data-testid="due-tomorrow">{data.dueTomorrow} question{data.dueTomorrow === 1 ? "" : "s"} due for review by tomorrow.</p>
        </section>
        <div className="flex flex-wrap gap-2">
          <Link to={`/exams/${data.examId}/practice`} className="btn-primary">Back to practice</Link>
          <Link to="/dashboard" className="btn-secondary">Dashboard</Link>
        </div>
      </div>
    );
  }

  const q = data.question;
  const answered = q.answered;
  const submitting = navigation.state === "submitting";
  return (
    <div className={`mx-auto space-y-4 ${q.caseStudy ? "max-w-6xl" : "max-w-3xl"}`}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
        <Link to={`/exams/${data.examId}/practice`}>← {data.examId} practice</Link>
        {data.open > 0 ? <Form method="post" onSubmit={(e) => {
          if (!confirm(`End this session now? Your ${data.answered} answer${data.answered === 1 ? "" : "s"} count; the ${data.open} question${data.open === 1 ? "" : "s"} not answered go back to the pool.`)) e.preventDefault();
        }}>
          <CsrfInput />
          <input type="hidden" name="intent" value="end" />
          <button type="submit" className="btn-secondary px-3 py-1" disabled={submitting}>End session</button>
        </Form> : null}
        <span data-testid="progress">
          Question {data.index + 1} of {data.total} · {data.answered} answered
          {data.retries ? ` · ${data.total - data.retries} planned + ${data.retries} ${data.retries === 1 ? "retry" : "retries"}` : ""}
        </span>
      </div>
      <div className="h-2 w-full rounded bg-slate-200" aria-hidden="true">
        <div className="h-2 rounded bg-brand-600" style={{ width: `${(data.answered / data.total) * 100}%` }} />
      </div>
      <div className={q.caseStudy ? "grid gap-4 lg:grid-cols-[minmax(0,1fr)_26rem] lg:items-start" : ""}>
      {q.caseStudy ? <CaseStudyPanel title={q.caseStudy.title} scenarioHtml={q.caseStudy.scenarioHtml} /> : null}
      <div className="min-w-0 space-y-4">
      <article key={q.id} className="card space-y-4" aria-labelledby="q-h" data-item-id={q.itemId}>
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <span className="rounded bg-slate-100 px-2 py-0.5 font-medium text-slate-700">{q.domain}</span>
          <span className="rounded bg-brand-50 px-2 py-0.5 text-brand-800" data-testid="reason">{q.reason}</span>
        </div>
        <h1 id="q-h" className="sr-only">Question {data.index + 1}</h1>
        <div className="prose-item text-base" dangerouslySetInnerHTML={{ __html: q.stemHtml }} />
        {q.type === "multiple" && !/\(choose \w+\.?\)/i.test(q.stemHtml) ? <p className="text-sm font-medium text-slate-700">Choose {q.choose}.</p> : null}
        <Form method="post" ref={formRef} onSubmit={(e) => {
          const el = e.currentTarget.elements.namedItem("elapsedMs") as HTMLInputElement | null;
          if (el) el.value = String(Date.now() - startedAt.current);
        }}>
          <CsrfInput />
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="questionId" value={q.id} />
          <input type="hidden" name="position" value={q.position} />
          <input type="hidden" name="elapsedMs" defaultValue="" />
          <ItemAnswer
            type={q.type}
            choose={q.choose}
            options={q.options}
            blanks={q.blanks}
            given={answered?.selected ?? []}
            result={answered ? { parts: answered.parts, order: answered.order } : null}
            disabled={Boolean(answered)}
          />
          {actionData && "error" in actionData ? <p role="alert" className="field-error mt-3">{actionData.error}</p> : null}
          {!answered ? (
            <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="guessed" /> I guessed
              </label>
              <button type="submit" className="btn-primary" disabled={submitting}>{submitting ? "Saving…" : "Submit answer"}</button>
            </div>
          ) : null}
        </Form>
        {!answered ? <p className="text-xs text-slate-500">{isMultiPart(q.type) ? "Keys: Tab moves between parts · Enter submit · N next" : `Keys: 1–${q.options.length} choose · Enter submit · N next`}</p> : null}
      </article>

      {answered ? (
        <section className="card space-y-3" aria-labelledby="fb-h" data-testid="feedback">
          {data.alreadyAnswered ? <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="already-answered">{data.alreadyAnswered}</p> : null}
          <h2 id="fb-h" ref={verdictRef} tabIndex={-1} autoFocus className={`scroll-mt-4 focus:outline-none ${answered.correct ? "text-strong" : "text-weak"}`}>
            {answered.correct ? "Right" : isMultiPart(q.type) && answered.points > 0 ? "Partly right" : "Not quite"}
            {isMultiPart(q.type) ? ` · ${answered.points} of ${answered.max} points` : ""}
            {answered.guessed ? " (you guessed)" : ""}
          </h2>
          {data.retryLater ? <p className="text-sm text-slate-700" data-testid="retry-later">This question comes back once more later in this session.</p> : null}
          <div className="prose-item text-sm" dangerouslySetInnerHTML={{ __html: answered.explanationHtml }} />
          {answered.references.length ? (
            <div>
              <p className="text-sm font-medium">Read more</p>
              <ul className="list-disc pl-6 text-sm">
                {answered.references.map((r) => (<li key={r} className="break-words"><a href={r} target="_blank" rel="noopener noreferrer">{r.replace(/^https:\/\/learn\.microsoft\.com\/en-us\//, "learn.microsoft.com/")}</a></li>))}
              </ul>
            </div>
          ) : null}
          <div className="flex flex-wrap items-center justify-between gap-2 pt-2">
            <FlagForm itemId={q.itemId} />
            <Link to={`/practice/${data.sessionId}`} className="btn-primary" data-testid="next">{data.hasNext ? "Next question (N)" : "See results (N)"}</Link>
          </div>
        </section>
      ) : (
        <FlagForm itemId={q.itemId} />
      )}
      </div>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
