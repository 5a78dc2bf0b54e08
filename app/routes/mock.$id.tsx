import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator, useRouteLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { MockTimer } from "~/components/mock-timer";
import { answerEntries, CaseStudyPanel, ItemAnswer, numberBlanks } from "~/components/item-answer";
import { answerFromForm } from "~/core/scoring/form";
import { isMultiPart, stemBlanks } from "~/core/scoring/score";
import type { MockSnapshot } from "~/server/mock.server";
import type { loader as rootLoader } from "~/root";
import { requireCsrf } from "~/server/csrf.server";
import { renderInline, renderMarkdown } from "~/server/markdown.server";
import { closeMockSection, getMock, ownsMock, saveMockAnswer, setMockFlag, submitMock } from "~/server/mock.server";
import { readForm } from "~/server/request-body.server";
import { requireUserId } from "~/server/session.server";
import { invariantResponse } from "~/utils/invariant";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Mock exam — Baseline" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const now = new Date();
  const mock = await getMock(userId, params.id ?? "", now);
  invariantResponse(mock, "This mock exam was not found.", { status: 404 });
  if (mock.status !== "open") throw redirect(`/mock/${mock.id}/results`);
  const url = new URL(request.url);
  const total = mock.questions.length;
  const q = Number(url.searchParams.get("q") ?? "");
  const current = Number.isInteger(q) && q >= 1 && q <= total ? q - 1 : Math.max(0, mock.questions.findIndex((x) => x.selected.length === 0));
  return {
    id: mock.id,
    examId: mock.examId,
    kind: mock.kind,
    deadline: mock.deadline.toISOString(),
    serverNow: now.toISOString(),
    view: url.searchParams.get("view") === "review" ? ("review" as const) : ("question" as const),
    current,
    closedSections: mock.closedSections,
    questions: mock.questions.map((x) => ({
      position: x.position,
      domain: x.snapshot.domain.name,
      type: x.snapshot.type,
      choose: x.snapshot.choose,
      stemHtml: numberBlanks(renderMarkdown(x.snapshot.stem), blanksInStem(x.snapshot)),
      blanks: blanksInStem(x.snapshot).map((id, i) => ({ id, number: i + 1 })),
      caseStudy: x.snapshot.caseStudy ? { id: x.snapshot.caseStudy.id, title: x.snapshot.caseStudy.title, scenarioHtml: renderMarkdown(x.snapshot.caseStudy.scenario) } : null,
      options: x.optionOrder.map((key) => {
        const o = x.snapshot.options.find((y) => y.key === key);
        return { key, html: renderInline(o?.text ?? ""), blank: o?.blank ?? null };
      }),
      selected: x.selected,
      flagged: x.flagged,
    })),
  };
}

/** Blank ids in the order they appear in a dropdown item's stem. */
function blanksInStem(snap: Pick<MockSnapshot, "type" | "stem">): string[] {
  return snap.type === "dropdown" ? stemBlanks(snap.stem) : [];
}

const SaveSchema = z.object({
  position: z.coerce.number().int().min(0).max(500),
  // Option keys, or name=value parts of multi-part items (core/scoring/score.ts); checked against the item in saveMockAnswer.
  selected: z.array(z.string().min(1).max(48)).max(16),
  flagged: z.enum(["on"]).optional(),
  go: z.union([z.enum(["next", "prev", "review", "stay"]), z.string().regex(/^\d{1,3}$/)]).default("stay"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const form = await readForm(request);
  await requireCsrf(request, form);
  const id = params.id ?? "";
  if (!(await ownsMock(userId, id))) throw new Response("Mock exam not found", { status: 404 });
  if (form.get("intent") === "submit") {
    const r = await submitMock(userId, id);
    invariantResponse(r.ok || r.reason !== "not-found", "This mock exam was not found.", { status: 404 });
    if (!r.ok) return { error: r.message, position: -1, selected: [] as string[] };
    throw redirect(`/mock/${id}/results`);
  }
  const fromForm = answerFromForm(form.entries());
  if (!fromForm.ok) return { error: fromForm.message, position: Number(form.get("position") ?? -1), selected: [] as string[] };
  const parsed = SaveSchema.safeParse({
    position: form.get("position"),
    selected: fromForm.ok ? fromForm.selected : [],
    flagged: form.get("flagged") ?? undefined,
    go: form.get("go") ?? undefined,
  });
  if (!parsed.success) return { error: "That answer could not be read. Choose again.", position: -1, selected: [] as string[] };
  const { position, selected, flagged, go } = parsed.data;
  const mock = await getMock(userId, id);
  const from = mock?.questions[position]?.snapshot.caseStudy?.id;
  // A question of a closed case study posts nothing (its fields are disabled): nothing to save.
  const locked = Boolean(mock && from && mock.closedSections.includes(from));
  const r = locked ? await setMockFlag(userId, id, position, flagged === "on") : await saveMockAnswer(userId, id, position, selected, new Date(), { flagged: flagged === "on" });
  if (!r.ok) {
    invariantResponse(r.reason !== "not-found", "This mock exam was not found.", { status: 404 });
    if (r.reason === "expired" || r.reason === "submitted") throw redirect(`/mock/${id}/results?late=1`);
    return { error: r.message, position, selected };
  }
  const q = position + 1; // 1-based in the URL
  const target = go === "next" ? q + 1 : go === "prev" ? q - 1 : go === "stay" ? q : go === "review" ? -1 : Number(go);
  // Without scripts, going to a question outside the current case study leaves it (closes it).
  if (mock && from && !mock.closedSections.includes(from) && (target < 1 || mock.questions[target - 1]?.snapshot.caseStudy?.id !== from)) {
    await closeMockSection(userId, id, from);
  }
  if (go === "review") throw redirect(`/mock/${id}?view=review`);
  throw redirect(`/mock/${id}?q=${Math.max(1, target)}`);
}

type Answer = { selected: string[]; flagged: boolean };
type SaveState = { state: "saved" | "saving" | "pending" | "error"; message?: string };
type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const storageKey = (id: string) => `baseline-mock-${id}`;

function readStored(id: string): Record<string, Answer> {
  try {
    const raw = window.localStorage.getItem(storageKey(id));
    return raw ? (JSON.parse(raw) as Record<string, Answer>) : {};
  } catch {
    return {};
  }
}
function writeStored(id: string, queue: Map<number, Answer>) {
  try {
    if (queue.size === 0) window.localStorage.removeItem(storageKey(id));
    else window.localStorage.setItem(storageKey(id), JSON.stringify(Object.fromEntries(queue)));
  } catch {
    // Private mode or a full quota: the answer still lives in the page and is retried from memory.
  }
}

/**
 * Every answer goes into a queue kept in the page and in localStorage, and is sent one request at
 * a time; a failed send (no network, server restarting, busy) stays queued and is retried with a
 * growing delay, so an answer is never dropped: it is either shown as saved or as pending.
 */
function useMockSaver(data: LoaderData, csrf: string, onClosed: (message: string) => void) {
  const [answers, setAnswers] = useState<Answer[]>(() => data.questions.map((q) => ({ selected: q.selected, flagged: q.flagged })));
  const [states, setStates] = useState<Record<number, SaveState>>({});
  const queue = useRef(new Map<number, Answer>());
  const sending = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const backoff = useRef(1000);
  const closed = useRef(false);

  const setState = (pos: number, s: SaveState) => setStates((prev) => ({ ...prev, [pos]: s }));

  const pump = useCallback(async () => {
    if (sending.current || closed.current) return;
    sending.current = true;
    try {
      while (queue.current.size > 0 && !closed.current) {
        const [pos, answer] = queue.current.entries().next().value as [number, Answer];
        const body = new FormData();
        body.set("csrf", csrf);
        body.set("intent", "save");
        body.set("position", String(pos));
        for (const k of answer.selected) body.append("selected", k);
        body.set("flagged", String(answer.flagged));
        setState(pos, { state: "saving" });
        let res: Response;
        try {
          res = await fetch(`/mock/${data.id}/save`, { method: "POST", body, headers: { Accept: "application/json" } });
        } catch {
          for (const p of queue.current.keys()) setState(p, { state: "pending", message: "Not saved yet: the server cannot be reached. Kept on this page; retrying." });
          scheduleRetry();
          return;
        }
        const json = (await res.json().catch(() => null)) as { ok?: boolean; reason?: string; message?: string } | null;
        if (res.ok && json?.ok) {
          if (queue.current.get(pos) === answer) {
            queue.current.delete(pos);
            setState(pos, { state: "saved" });
          }
          writeStored(data.id, queue.current);
          backoff.current = 1000;
          continue;
        }
        if (res.status === 409) {
          closed.current = true;
          queue.current.clear();
          writeStored(data.id, queue.current);
          onClosed(json?.message ?? "Time is up: this answer was not saved.");
          return;
        }
        if (res.status === 400 || res.status === 404) {
          queue.current.delete(pos);
          writeStored(data.id, queue.current);
          setState(pos, { state: "error", message: json?.message ?? "This answer could not be saved." });
          continue;
        }
        // 401 / 403 / 5xx: keep it and try again later.
        for (const p of queue.current.keys()) setState(p, { state: "pending", message: json?.message ?? "Not saved yet. Kept on this page; retrying." });
        scheduleRetry();
        return;
      }
    } finally {
      sending.current = false;
    }
    function scheduleRetry() {
      if (retryTimer.current) clearTimeout(retryTimer.current);
      retryTimer.current = setTimeout(() => {
        retryTimer.current = null;
        void pump();
      }, backoff.current);
      backoff.current = Math.min(backoff.current * 2, 10_000);
    }
  }, [csrf, data.id, onClosed]);

  const change = useCallback(
    (pos: number, answer: Answer) => {
      setAnswers((prev) => prev.map((a, i) => (i === pos ? answer : a)));
      queue.current.delete(pos); // re-insert at the end: the newest version of each answer is sent
      queue.current.set(pos, answer);
      writeStored(data.id, queue.current);
      setState(pos, { state: "saving" });
      void pump();
    },
    [data.id, pump],
  );

  // Answers left unsent by an earlier visit (closed tab, reload while offline) go first.
  useEffect(() => {
    const stored = readStored(data.id);
    const entries = Object.entries(stored);
    if (entries.length) {
      for (const [p, a] of entries) queue.current.set(Number(p), a);
      setAnswers((prev) => prev.map((a, i) => stored[String(i)] ?? a));
      void pump();
    }
    const online = () => {
      backoff.current = 1000;
      void pump();
    };
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      if (retryTimer.current) clearTimeout(retryTimer.current);
    };
  }, [data.id, pump]);

  // Another tab (or device) may have answered: adopt the server's answers except those still queued here.
  useEffect(() => {
    setAnswers((prev) => data.questions.map((q, i) => (queue.current.has(i) ? prev[i] : { selected: q.selected, flagged: q.flagged })));
  }, [data.questions]);

  const pending = Object.values(states).filter((s) => s.state === "pending" || s.state === "saving").length;
  return { answers, states, change, pending };
}

function questionLabel(i: number, a: { selected: string[]; flagged: boolean }) {
  return `Question ${i + 1}, ${a.selected.length ? "answered" : "unanswered"}${a.flagged ? ", flagged" : ""}`;
}

export default function MockSitting() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const revalidator = useRevalidator();
  const [js, setJs] = useState(false);
  const [current, setCurrent] = useState(data.current);
  const [view, setView] = useState(data.view);
  const [closedMessage, setClosedMessage] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const onClosed = useCallback((message: string) => setClosedMessage(message), []);
  const { answers, states, change, pending } = useMockSaver(data, root?.csrf ?? "", onClosed);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => setJs(true), []);
  useEffect(() => {
    const visible = () => {
      if (document.visibilityState === "visible") revalidator.revalidate();
    };
    document.addEventListener("visibilitychange", visible);
    return () => document.removeEventListener("visibilitychange", visible);
  }, [revalidator]);

  const total = data.questions.length;
  const go = (target: number | "review") => {
    if (target === "review") setView("review");
    else {
      setView("question");
      setCurrent(Math.min(total - 1, Math.max(0, target)));
    }
    const url = new URL(window.location.href);
    url.search = target === "review" ? "?view=review" : `?q=${Number(target) + 1}`;
    window.history.replaceState(window.history.state, "", url);
    requestAnimationFrame(() => headingRef.current?.focus());
  };
  // Case-study sections: leaving one closes it for good (as on the exam), after a confirmation.
  const [closed, setClosed] = useState<string[]>(data.closedSections);
  const sectionOf = (i: number) => data.questions[i]?.caseStudy?.id ?? null;
  const leaving = (target: number | "review") => {
    const from = view === "question" ? sectionOf(current) : null;
    if (!from || closed.includes(from)) return null;
    return target !== "review" && sectionOf(target) === from ? null : from;
  };
  // With scripts, navigation buttons move within the page; without, they post the form (save + redirect).
  const nav = (target: number | "review") => async (e: React.MouseEvent) => {
    if (!js) return;
    e.preventDefault();
    const from = leaving(target);
    if (from) {
      const title = data.questions[current].caseStudy?.title ?? "this case study";
      if (!window.confirm(`You are leaving the case study "${title}". You will not be able to return to its questions. Leave it?`)) return;
      const body = new FormData();
      body.set("csrf", root?.csrf ?? "");
      body.set("intent", "close-section");
      body.set("caseStudy", from);
      const res = await fetch(`/mock/${data.id}/save`, { method: "POST", body, headers: { Accept: "application/json" } }).catch(() => null);
      if (!res || !res.ok) {
        setPartsError("The case study could not be closed just now (the connection failed): try again.");
        return;
      }
      setClosed((c) => [...c, from]);
    }
    go(target);
  };

  const timeUp = useCallback(() => {
    window.location.assign(`/mock/${data.id}/results?late=1`);
  }, [data.id]);

  async function submit(e: React.FormEvent) {
    if (!js) return;
    e.preventDefault();
    if (pending > 0) {
      setSubmitError(`${pending} answer${pending === 1 ? " is" : "s are"} not saved yet. Wait until they are saved, then submit.`);
      return;
    }
    setSubmitting(true);
    const body = new FormData();
    body.set("csrf", root?.csrf ?? "");
    body.set("intent", "submit");
    try {
      const res = await fetch(`/mock/${data.id}/save`, { method: "POST", body, headers: { Accept: "application/json" } });
      if (res.ok || res.status === 409) {
        window.location.assign(`/mock/${data.id}/results`);
        return;
      }
      const json = (await res.json().catch(() => null)) as { message?: string } | null;
      setSubmitError(json?.message ?? "The mock could not be submitted just now. Your answers are saved: try again.");
    } catch {
      setSubmitError("The server cannot be reached. Your saved answers are safe: submit again in a moment.");
    }
    setSubmitting(false);
  }

  const answeredCount = answers.filter((a) => a.selected.length > 0).length;
  const flaggedCount = answers.filter((a) => a.flagged).length;
  const q = data.questions[current];
  const a = answers[current];
  const [partsError, setPartsError] = useState<string | null>(null);
  const locked = Boolean(q.caseStudy && closed.includes(q.caseStudy.id));
  const s = states[current];
  const noJsError = actionData && "error" in actionData ? actionData : null;

  return (
    <div className={`mx-auto space-y-4 ${q?.caseStudy && view !== "review" ? "max-w-6xl" : "max-w-3xl"}`}>
      <div className="sticky top-0 z-10 -mx-4 flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-slate-50/95 px-4 py-2 text-sm">
        <span className="font-medium text-slate-800">{data.examId} mock · {answeredCount} of {total} answered{flaggedCount ? ` · ${flaggedCount} flagged` : ""}</span>
        <MockTimer deadline={data.deadline} serverNow={data.serverNow} onExpire={timeUp} />
      </div>

      {closedMessage ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p>{closedMessage}</p>
          <Link to={`/mock/${data.id}/results`} className="btn-primary mt-2">See the results</Link>
        </div>
      ) : null}
      {pending > 0 ? (
        <p role="status" className="rounded-md border border-near/30 bg-near-bg p-2 text-sm text-near" data-testid="pending-banner">
          {pending} answer{pending === 1 ? "" : "s"} waiting to be saved. Keep this page open; they are sent as soon as the server answers.
        </p>
      ) : null}

      {view === "review" ? (
        <ReviewScreen
          data={data}
          answers={answers}
          headingRef={headingRef}
          nav={nav}
          submit={submit}
          submitting={submitting}
          error={submitError ?? (noJsError && noJsError.position === -1 ? noJsError.error : null)}
          onBack={nav(current)}
          current={current}
        />
      ) : (
        <div className={q.caseStudy ? "grid gap-4 lg:grid-cols-[minmax(0,1fr)_26rem] lg:items-start" : ""}>
        {q.caseStudy ? <CaseStudyPanel title={q.caseStudy.title} scenarioHtml={q.caseStudy.scenarioHtml} /> : null}
        <form method="post" className="min-w-0 space-y-4">
          <CsrfInput />
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="position" value={current} />
          <article className="card space-y-4" aria-labelledby="mq-h" data-testid="mock-question">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h1 id="mq-h" ref={headingRef} tabIndex={-1} className="text-lg font-semibold sm:text-xl">Question {current + 1} of {total}</h1>
              <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{q.domain}</span>
            </div>
            <div className="prose-item text-base" dangerouslySetInnerHTML={{ __html: q.stemHtml }} />
            {q.type === "multiple" && !/\(choose \w+\.?\)/i.test(q.stemHtml) ? <p className="text-sm font-medium text-slate-700">Choose {q.choose}.</p> : null}
            {q.caseStudy ? (
              locked ? (
                <p role="status" className="rounded-md border border-slate-300 bg-slate-100 p-3 text-sm text-slate-800" data-testid="section-closed">
                  You have left the case study “{q.caseStudy.title}”: its answers are final.
                </p>
              ) : (
                <p className="text-sm text-slate-700" data-testid="section-note">
                  Case study section: once you go to a question outside it, you cannot come back to it.
                </p>
              )
            ) : null}
            {isMultiPart(q.type) ? (
              <div
                key={`parts-${current}`}
                onChange={(e) => {
                  const r = answerFromForm(answerEntries(e.currentTarget));
                  setPartsError(r.ok ? null : r.message);
                  if (r.ok) change(current, { ...a, selected: r.selected });
                }}
              >
                <ItemAnswer type={q.type} choose={q.choose} options={q.options} blanks={q.blanks} given={noJsError && noJsError.position === current ? noJsError.selected : a.selected} requireAll={false} disabled={locked} idPrefix={`q${current}-`} />
                {partsError ? <p role="alert" className="field-error mt-2">{partsError}</p> : null}
              </div>
            ) : (
            <fieldset key={current} disabled={locked}>
              <legend className="sr-only">Options</legend>
              <ol className="space-y-2">
                {q.options.map((o, i) => {
                  const checked = (noJsError && noJsError.position === current ? noJsError.selected : a.selected).includes(o.key);
                  return (
                    <li key={o.key} className={`rounded-md border p-3 ${checked ? "border-brand-600 bg-brand-50" : "border-slate-200"}`} data-testid="option">
                      <label className="flex cursor-pointer items-start gap-3">
                        <input
                          type={q.type === "multiple" ? "checkbox" : "radio"}
                          name="selected"
                          value={o.key}
                          checked={checked}
                          onChange={(e) => {
                            const next = q.type === "multiple"
                              ? e.target.checked ? [...a.selected, o.key] : a.selected.filter((k) => k !== o.key)
                              : [o.key];
                            change(current, { ...a, selected: next });
                          }}
                          className="mt-1"
                        />
                        <span className="w-5 shrink-0 text-sm font-semibold text-slate-500">{String.fromCharCode(65 + i)}</span>
                        <span className="prose-item" dangerouslySetInnerHTML={{ __html: o.html }} />
                      </label>
                    </li>
                  );
                })}
              </ol>
            </fieldset>
            )}
            <div className="flex flex-wrap items-center justify-between gap-3">
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="flagged"
                  checked={a.flagged}
                  onChange={(e) => change(current, { ...a, flagged: e.target.checked })}
                />
                Flag for review
              </label>
              <SaveStatus js={js} state={s} answered={a.selected.length > 0} />
            </div>
            {q.type === "single" && a.selected.length && js ? (
              <button type="button" className="text-sm text-slate-600 underline" onClick={() => change(current, { ...a, selected: [] })}>Clear my answer</button>
            ) : null}
            {noJsError && noJsError.position === current ? <p role="alert" className="field-error">{noJsError.error}</p> : null}
          </article>

          <div className="flex flex-wrap items-center justify-between gap-2">
            <button type="submit" name="go" value="prev" className="btn-secondary" disabled={current === 0} onClick={nav(current - 1)}>← Previous</button>
            <button type="submit" name="go" value="review" className="btn-secondary" onClick={nav("review")}>Review and submit</button>
            {current < total - 1 ? (
              <button type="submit" name="go" value="next" className="btn-primary" onClick={nav(current + 1)}>Next →</button>
            ) : (
              <button type="submit" name="go" value="review" className="btn-primary" onClick={nav("review")}>Finish →</button>
            )}
          </div>

          <nav aria-label="Questions" className="card">
            <h2 className="text-sm font-semibold">Questions</h2>
            <p className="mt-1 text-xs text-slate-600">Filled: answered · outlined: unanswered · ⚑ flagged</p>
            <ol className="mt-2 flex flex-wrap gap-1.5" data-testid="navigator">
              {answers.map((x, i) => (
                <li key={i}>
                  <button
                    type="submit"
                    name="go"
                    value={String(i + 1)}
                    onClick={nav(i)}
                    aria-label={questionLabel(i, x)}
                    aria-current={i === current ? "step" : undefined}
                    className={`relative h-9 w-9 rounded-md border text-sm font-medium ${x.selected.length ? "border-brand-600 bg-brand-600 text-white" : "border-slate-400 bg-white text-slate-800"} ${i === current ? "ring-2 ring-offset-1 ring-slate-900" : ""}`}
                  >
                    {i + 1}
                    {x.flagged ? <span aria-hidden="true" className="absolute -right-1.5 -top-2 rounded-full bg-near px-1 text-[10px] leading-4 text-white">⚑</span> : null}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        </form>
        </div>
      )}
    </div>
  );
}

function SaveStatus({ js, state, answered }: { js: boolean; state: SaveState | undefined; answered: boolean }) {
  if (!js) return <span className="text-xs text-slate-600">Saved when you move to another question.</span>;
  if (!state) return <span className="text-xs text-slate-600" data-testid="save-status">{answered ? "Saved" : "Not answered"}</span>;
  const text = state.state === "saved" ? "✓ Saved" : state.state === "saving" ? "Saving…" : state.message ?? "Not saved yet";
  const tone = state.state === "saved" ? "text-strong" : state.state === "saving" ? "text-slate-600" : "text-weak";
  return <span role="status" className={`text-xs font-medium ${tone}`} data-testid="save-status" data-state={state.state}>{text}</span>;
}

function ReviewScreen(props: {
  data: LoaderData;
  answers: Answer[];
  headingRef: React.RefObject<HTMLHeadingElement>;
  nav: (target: number | "review") => (e: React.MouseEvent) => void;
  submit: (e: React.FormEvent) => void;
  submitting: boolean;
  error: string | null;
  onBack: (e: React.MouseEvent) => void;
  current: number;
}) {
  const { data, answers, headingRef, nav } = props;
  const unanswered = answers.map((a, i) => ({ a, i })).filter((x) => x.a.selected.length === 0);
  const flagged = answers.map((a, i) => ({ a, i })).filter((x) => x.a.flagged);
  const list = (items: { a: Answer; i: number }[], empty: string, testId: string) =>
    items.length === 0 ? (
      <p className="text-sm text-slate-700">{empty}</p>
    ) : (
      <ul className="flex flex-wrap gap-1.5" data-testid={testId}>
        {items.map(({ a, i }) => (
          <li key={i}>
            <button type="submit" name="go" value={String(i + 1)} form="review-nav" onClick={nav(i)} className="btn-secondary px-3" aria-label={questionLabel(i, a)}>
              {i + 1}
            </button>
          </li>
        ))}
      </ul>
    );
  return (
    <section className="card space-y-5" aria-labelledby="review-h" data-testid="review-screen">
      <h1 id="review-h" ref={headingRef} tabIndex={-1} className="text-xl font-semibold">Review before you submit</h1>
      <p className="text-slate-700">{answers.length - unanswered.length} of {answers.length} answered. Unanswered questions count as wrong; there is no penalty for guessing.</p>
      {/* Without scripts these buttons post to the page, which saves nothing new and opens the question. */}
      <form method="post" id="review-nav">
        <CsrfInput />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="position" value={props.current} />
        {answers[props.current]?.selected.map((k) => <input key={k} type="hidden" name="selected" value={k} />)}
        {answers[props.current]?.flagged ? <input type="hidden" name="flagged" value="on" /> : null}
      </form>
      <div className="space-y-2">
        <h2 className="text-base">Unanswered ({unanswered.length})</h2>
        {list(unanswered, "None: every question has an answer.", "review-unanswered")}
      </div>
      <div className="space-y-2">
        <h2 className="text-base">Flagged for review ({flagged.length})</h2>
        {list(flagged, "None flagged.", "review-flagged")}
      </div>
      {props.error ? <p role="alert" className="field-error">{props.error}</p> : null}
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 pt-4">
        <button type="submit" name="go" value={String(props.current + 1)} form="review-nav" className="btn-secondary" onClick={props.onBack}>← Back to the questions</button>
        <form method="post" onSubmit={props.submit}>
          <CsrfInput />
          <input type="hidden" name="intent" value="submit" />
          <button type="submit" className="btn-primary" disabled={props.submitting} data-testid="submit-mock">{props.submitting ? "Submitting…" : "Submit the mock exam"}</button>
        </form>
      </div>
      <p className="text-xs text-slate-600">After you submit, answers can no longer change and you see your results with every explanation.</p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
