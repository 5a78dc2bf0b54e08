import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BandChip } from "~/components/band-chip";
import { CsrfInput } from "~/components/csrf-input";
import { levelRank } from "~/core/report/bands";
import { renderInline, renderMarkdown } from "~/server/markdown.server";
import { getMock } from "~/server/mock.server";
import { ItemAnswer, numberBlanks } from "~/components/item-answer";
import { isMultiPart, scoreAnswer, stemBlanks } from "~/core/scoring/score";
import { requireUserId } from "~/server/session.server";
import { invariantResponse } from "~/utils/invariant";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Mock exam results — Baseline" }];

const SHOW = ["all", "wrong", "flagged"] as const;
type Show = (typeof SHOW)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const mock = await getMock(userId, params.id ?? "");
  invariantResponse(mock, "This mock exam was not found.", { status: 404 });
  if (mock.status === "open" || !mock.result || !mock.submittedAt) throw redirect(`/mock/${mock.id}`);
  const url = new URL(request.url);
  const showParam = url.searchParams.get("show");
  const show: Show = (SHOW as readonly string[]).includes(showParam ?? "") ? (showParam as Show) : "all";
  const autoSubmitted = mock.submittedAt.getTime() >= mock.deadline.getTime();
  // A case study's scenario is rendered once, however many of its questions the review shows.
  const scenarios = new Map<string, string>();
  const scenarioHtml = (c: { id: string; scenario: string }) => {
    let html = scenarios.get(c.id);
    if (html === undefined) scenarios.set(c.id, (html = renderMarkdown(c.scenario)));
    return html;
  };
  const questions = mock.questions.map((q, i) => {
    const snap = q.snapshot;
    const blanks = snap.type === "dropdown" ? stemBlanks(snap.stem) : [];
    const scored = isMultiPart(snap.type) ? scoreAnswer({ type: snap.type, scoring: snap.scoring, order: snap.order, options: snap.options }, q.selected) : null;
    return {
      multiPart: scored
        ? {
            points: scored.points,
            max: scored.max,
            parts: scored.parts,
            order: snap.order ?? null,
            blanks: blanks.map((id, k) => ({ id, number: k + 1 })),
            options: q.optionOrder.map((key) => {
              const o = snap.options.find((x) => x.key === key);
              return { key, html: renderInline(o?.text ?? ""), blank: o?.blank ?? null, correct: o?.correct === true, rationaleHtml: renderInline(o?.rationale ?? "") };
            }),
          }
        : null,
      selected: q.selected,
      caseStudy: snap.caseStudy ? { id: snap.caseStudy.id, title: snap.caseStudy.title, scenarioHtml: scenarioHtml(snap.caseStudy) } : null,
      n: i + 1,
      domain: snap.domain.name,
      type: snap.type,
      flagged: q.flagged,
      correct: q.correct === true,
      answered: q.selected.length > 0,
      stemHtml: numberBlanks(renderMarkdown(snap.stem), blanks),
      explanationHtml: renderMarkdown(snap.explanation),
      references: snap.references,
      options: q.optionOrder.map((key, j) => {
        const o = snap.options.find((x) => x.key === key);
        return { key, letter: String.fromCharCode(65 + j), html: renderInline(o?.text ?? ""), rationaleHtml: renderInline(o?.rationale ?? ""), correct: o?.correct === true, chosen: q.selected.includes(key) };
      }),
    };
  });
  const visible = questions.filter((q) => (show === "wrong" ? !q.correct : show === "flagged" ? q.flagged : true));
  const result = mock.result;
  // The weakest domains of this mock: the practice link starts a session on them.
  const weakest = [...result.domains]
    .filter((d) => d.total > 0)
    .sort((a, b) => levelRank(a.band.level) - levelRank(b.band.level) || a.share - b.share)
    .slice(0, 2);
  return {
    id: mock.id,
    examId: mock.examId,
    kind: mock.kind,
    submittedAt: mock.submittedAt.toISOString(),
    autoSubmitted,
    late: url.searchParams.get("late") === "1",
    result,
    show,
    counts: { all: questions.length, wrong: questions.filter((q) => !q.correct).length, flagged: questions.filter((q) => q.flagged).length },
    questions: visible,
    weakest: weakest.map((d) => ({ domain: d.domain, name: d.name })),
  };
}

const fmtTime = (d: string) => new Date(d).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";
const fmtDay = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const pct = (x: number) => `${Math.round(x * 100)}%`;

export default function MockResults() {
  const d = useLoaderData<typeof loader>();
  const r = d.result;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <p className="text-sm"><Link to="/dashboard">Dashboard</Link> / <Link to={`/exams/${d.examId}`}>{d.examId}</Link> / <Link to={`/exams/${d.examId}/mock`}>Mock exams</Link> / Results</p>
      <h1>Mock exam results</h1>
      {d.autoSubmitted ? (
        <p role="status" className="rounded-md border border-near/30 bg-near-bg p-3 text-sm text-near" data-testid="auto-submitted">
          Time ran out: the mock was submitted automatically at its deadline ({fmtTime(d.submittedAt)}), with the answers saved by then.
          {d.late ? " An answer sent after the deadline was not saved." : ""}
        </p>
      ) : null}

      <section className="card space-y-3" aria-labelledby="score-h" data-testid="mock-score">
        <h2 id="score-h">{r.correct} of {r.total} right ({pct(r.share)})</h2>
        {r.partial ? (
          <p className="text-sm text-slate-700">This mock covered only some domains, so it gives no overall score estimate; see each domain below.</p>
        ) : (
          <p className="text-slate-800">
            Estimated score: <strong data-testid="estimated-score">~{r.estimatedScore}</strong> ({r.passedEstimate ? "at or above" : "below"} the pass mark) —{" "}
            <span className="text-sm text-slate-700">an estimate from practice questions, not an official score.</span>
          </p>
        )}
        {r.partial ? null : <p className="text-xs text-slate-600" data-testid="estimate-method">{r.method}</p>}
      </section>

      <section className="card" aria-labelledby="domains-h">
        <h2 id="domains-h">Domain by domain{r.domains.some((x) => x.baseline) ? ", against your score report" : ""}</h2>
        {d.result.baselineReportTakenAt ? <p className="mt-1 text-sm text-slate-700">Baseline: your report of {fmtDay(d.result.baselineReportTakenAt)}. A domain with only a few questions in this mock is a rough reading.</p> : <p className="mt-1 text-sm text-slate-700">No score report entered yet, so there is no baseline to compare with.</p>}
        <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-labelledby="domains-h">
          <table className="w-full text-left text-sm" data-testid="domain-results">
            <thead>
              <tr className="border-b border-slate-200 text-slate-600">
                <th scope="col" className="py-2 pr-3 font-medium">Domain</th>
                <th scope="col" className="py-2 pr-3 font-medium">Right</th>
                <th scope="col" className="py-2 pr-3 font-medium">This mock</th>
                <th scope="col" className="py-2 font-medium">Change since the report</th>
              </tr>
            </thead>
            <tbody>
              {r.domains.filter((x) => x.total > 0).map((x) => (
                <tr key={x.domain} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-3">{x.name}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{x.correct} / {x.total} ({pct(x.share)}){x.total < 5 ? <span className="block text-xs text-slate-600">few questions</span> : null}</td>
                  <td className="py-2 pr-3"><BandChip level={x.band.level} label={x.band.label} /></td>
                  <td className={`py-2 ${x.change === "up" ? "text-strong" : x.change === "down" ? "text-weak" : "text-slate-700"}`}>
                    {x.changeText ? <>{x.change === "up" ? "▲ " : x.change === "down" ? "▼ " : "■ "}{x.changeText}</> : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.weakest.length ? (
          <Form method="post" action={`/exams/${d.examId}/practice`} className="mt-4">
            <CsrfInput />
            <input type="hidden" name="intent" value="start-custom" />
            {d.weakest.map((w) => <input key={w.domain} type="hidden" name="domains" value={w.domain} />)}
            <input type="hidden" name="pool" value="all" />
            <input type="hidden" name="count" value="20" />
            <button type="submit" className="btn-primary" data-testid="practise-weakest">Practise the weakest: {d.weakest.map((w) => w.name).join(" and ")}</button>
          </Form>
        ) : null}
      </section>

      <section className="space-y-4" aria-labelledby="review-h">
        <h2 id="review-h">Review the questions</h2>
        <nav aria-label="Which questions" className="flex flex-wrap gap-2 text-sm">
          {SHOW.map((s) => (
            <Link key={s} to={`?show=${s}`} className={`rounded-md border px-3 py-1.5 no-underline ${d.show === s ? "border-brand-600 bg-brand-50 text-brand-800" : "border-slate-300 bg-white text-slate-800"}`} aria-current={d.show === s ? "page" : undefined}>
              {s === "all" ? "All" : s === "wrong" ? "Wrong or unanswered" : "Flagged"} ({d.counts[s]})
            </Link>
          ))}
        </nav>
        {d.questions.length === 0 ? <p className="text-sm text-slate-700">No questions in this view.</p> : null}
        {d.questions.map((q) => (
          <article key={q.n} className="card space-y-3" aria-labelledby={`rq-${q.n}`} data-testid="review-question">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 id={`rq-${q.n}`} className="font-semibold">
                Question {q.n}: <span className={q.correct ? "text-strong" : "text-weak"}>{q.correct ? "right" : !q.answered ? "not answered" : q.multiPart && q.multiPart.points > 0 ? "partly right" : "wrong"}</span>
                {q.multiPart ? <span className="ml-2 text-sm font-normal text-slate-700">{q.multiPart.points} of {q.multiPart.max} points</span> : null}
                {q.flagged ? <span className="ml-2 text-sm text-near">⚑ flagged</span> : null}
              </h3>
              <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{q.domain}</span>
            </div>
            {q.caseStudy ? (
              <details className="rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="review-case-study">
                <summary className="cursor-pointer text-sm font-medium text-slate-700">Case study: {q.caseStudy.title} (show the scenario)</summary>
                <div role="region" className="prose-item mt-2 max-h-[60vh] overflow-auto" tabIndex={0} aria-label={`Scenario: ${q.caseStudy.title}`} dangerouslySetInnerHTML={{ __html: q.caseStudy.scenarioHtml }} />
              </details>
            ) : null}
            <div className="prose-item" dangerouslySetInnerHTML={{ __html: q.stemHtml }} />
            {q.multiPart ? (
              <ItemAnswer type={q.type} choose={1} options={q.multiPart.options} blanks={q.multiPart.blanks} given={q.selected} result={{ parts: q.multiPart.parts, order: q.multiPart.order }} disabled idPrefix={`r${q.n}-`} />
            ) : (
            <ol className="space-y-2">
              {q.options.map((o) => (
                <li key={o.key} className={`rounded-md border p-3 ${o.correct ? "border-strong bg-strong-bg" : o.chosen ? "border-weak bg-weak-bg" : "border-slate-200"}`}>
                  <div className="flex items-start gap-3">
                    <span className="w-5 shrink-0 text-sm font-semibold text-slate-600">{o.letter}</span>
                    <span className="prose-item" dangerouslySetInnerHTML={{ __html: o.html }} />
                  </div>
                  <p className="mt-1 pl-8 text-sm text-slate-700">
                    <strong>{o.correct && o.chosen ? "Correct, your choice. " : o.correct ? "Correct answer. " : o.chosen ? "Your choice, wrong. " : ""}</strong>
                    <span dangerouslySetInnerHTML={{ __html: o.rationaleHtml }} />
                  </p>
                </li>
              ))}
            </ol>
            )}
            <div className="prose-item text-sm" dangerouslySetInnerHTML={{ __html: q.explanationHtml }} />
            {q.references.length ? (
              <ul className="list-disc pl-6 text-sm">
                {q.references.map((ref) => (
                  <li key={ref} className="break-words"><a href={ref} target="_blank" rel="noopener noreferrer">{ref.replace(/^https:\/\/learn\.microsoft\.com\/en-us\//, "learn.microsoft.com/")}</a></li>
                ))}
              </ul>
            ) : null}
          </article>
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
