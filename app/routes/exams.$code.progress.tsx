import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { BandChip } from "~/components/band-chip";
import { DomainTrendChart, ReviewForecastChart, type BandArea } from "~/components/progress-charts";
import { METHOD_SUMMARY } from "~/core/progress/estimate";
import { PASS_SHARE } from "~/core/progress/readiness";
import { bandForLevel } from "~/core/report/bands";
import { requireExam } from "~/server/exams.server";
import { loadProgress } from "~/server/progress.server";
import { requireUserId } from "~/server/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Progress — ${data?.exam.code ?? ""} — Baseline` }];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const now = new Date();
  const p = await loadProgress(userId, exam, now);
  const { nearFrom, strongFrom } = exam.barThresholds;
  const bands: BandArea[] = [
    { ...bandForLevel(exam, "weak"), from: 0, to: nearFrom / 100 },
    { ...bandForLevel(exam, "near"), from: nearFrom / 100, to: strongFrom / 100 },
    { ...bandForLevel(exam, "strong"), from: strongFrom / 100, to: 1 },
  ];
  return {
    exam: { code: exam.code, title: exam.title, passing: exam.score.passing, questions: exam.mock.questions },
    now: now.toISOString(),
    user: p.user,
    bands,
    targetFrom: strongFrom / 100,
    targetLabel: bandForLevel(exam, "strong").label,
    baselineReport: p.baselineReport ? { ...p.baselineReport, takenAt: p.baselineReport.takenAt.toISOString() } : null,
    plannedDate: iso(p.plannedDate),
    examDate: p.examDate.toISOString(),
    earliestAttempt: iso(p.earliestAttempt),
    answers: p.answers,
    questionsPerDay: p.questionsPerDay,
    domains: p.estimates.map((d) => ({
      domain: d.domain,
      name: d.name,
      weight: d.weight,
      baseline: d.baseline,
      accuracy: d.accuracy,
      low: d.low,
      high: d.high,
      band: d.band,
      enough: d.enough,
      change: d.change,
      changeText: d.changeText,
      answers: d.answers,
      mockAnswers: d.mockAnswers,
      unpractisedObjectives: d.unpractisedObjectives,
      objectives: d.objectives.map((o) => ({ objective: o.objective, name: o.name, practised: o.practised, answers: o.answers, accuracy: o.accuracy, low: o.low, high: o.high, band: o.band, enough: o.enough })),
      history: (p.history.get(d.domain) ?? []).map((h) => ({ date: h.date, accuracy: h.accuracy, low: h.low, high: h.high, answers: h.answers })),
    })),
    readiness: {
      pPass: p.readiness.pPass,
      low: p.readiness.low,
      high: p.readiness.high,
      expectedShare: p.readiness.expectedShare,
      restsOn: p.readiness.restsOn,
      enough: p.readiness.enough,
    },
    recommendation: {
      ...p.recommendation,
      earliestAttempt: iso(p.recommendation.earliestAttempt),
      suggestedDate: iso(p.recommendation.suggestedDate),
    },
    health: p.health,
    mocks: p.mocks.map((m) => ({ id: m.id, at: m.submittedAt!.toISOString(), kind: m.kind, correct: m.result!.correct, total: m.result!.total, estimatedScore: m.result!.estimatedScore, partial: m.result!.partial })),
    method: METHOD_SUMMARY,
    passShare: PASS_SHARE,
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const fmt = (d: string) => new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

const verdictStyle = {
  "not-yet": "border-weak/30 bg-weak-bg text-weak",
  "after-next-mock": "border-near/30 bg-near-bg text-near",
  ready: "border-strong/30 bg-strong-bg text-strong",
} as const;
const verdictTitle = { "not-yet": "Not yet", "after-next-mock": "Book after your next mock, if it confirms", ready: "Ready to book" } as const;

export default function ProgressPage() {
  const d = useLoaderData<typeof loader>();
  const r = d.readiness;
  const rec = d.recommendation;
  return (
    <div className="space-y-6 print:space-y-4" data-testid="progress-page">
      <p className="text-sm print:hidden"><Link to="/dashboard">Dashboard</Link> / <Link to={`/exams/${d.exam.code}`}>{d.exam.code}</Link> / Progress</p>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1>Progress: {d.exam.code}</h1>
          <p className="mt-1 text-sm text-slate-700" data-testid="report-owner">
            {d.user.name ? `${d.user.name} (${d.user.email})` : d.user.email} · as of {fmt(d.now)}
            {d.baselineReport ? ` · baseline: attempt of ${fmt(d.baselineReport.takenAt)}${d.baselineReport.score ? `, score ${d.baselineReport.score}` : ""}` : " · no score report entered"}
          </p>
        </div>
        <PrintButton />
      </div>

      <section className={`rounded-lg border p-5 ${verdictStyle[rec.verdict]}`} aria-labelledby="ready-h" data-testid="readiness">
        <h2 id="ready-h">Am I ready? {verdictTitle[rec.verdict]}</h2>
        <p className="mt-2 text-slate-900">
          Estimated chance of passing if you sat the exam on {fmt(d.examDate)}{d.plannedDate ? " (your planned date)" : ""}:{" "}
          <strong data-testid="p-pass">{pct(r.pPass)}</strong> <span className="text-sm">(likely between {pct(r.low)} and {pct(r.high)})</span>.
        </p>
        <p className="mt-1 text-sm text-slate-800">
          Rests on {r.restsOn.answers} answer{r.restsOn.answers === 1 ? "" : "s"} and {r.restsOn.mocks} mock exam{r.restsOn.mocks === 1 ? "" : "s"}
          {r.enough ? "." : ": too few to be sure; the range is wide on purpose."}
        </p>
        <p className="mt-1 text-xs text-slate-700">
          Assumes a pass takes about {pct(d.passShare)} right on a {d.exam.questions}-question exam with the blueprint&apos;s mix: {d.exam.code}&apos;s pass mark is {d.exam.passing} on a scaled score, and the vendor does not publish how answers convert to it.
        </p>
        <p className="mt-3 text-slate-900" data-testid="recommendation">{rec.text}</p>
        {rec.holdingBack.length ? (
          <p className="mt-2 text-sm text-slate-800">Holding you back: {rec.holdingBack.map((h) => `${h.name} (about ${pct(h.accuracy)}, needs ${pct(h.needed)})`).join("; ")}.</p>
        ) : null}
        <ul className="mt-2 space-y-0.5 text-sm text-slate-800">
          {d.earliestAttempt ? <li>Earliest attempt the retake policy allows: {fmt(d.earliestAttempt)}.</li> : null}
          {rec.suggestedDate ? <li data-testid="suggested-date">Suggested booking date at your current pace: {fmt(rec.suggestedDate)}.</li> : <li>Suggested booking date: unknown until there is a trend to project.</li>}
        </ul>
      </section>

      <section className="card" aria-labelledby="domains-h">
        <h2 id="domains-h">Each domain against your baseline</h2>
        <p className="mt-1 text-sm text-slate-700">Estimated share right on the real exam&apos;s questions in each domain, with an 80% range.</p>
        {/* Phone: one card per domain (a four-column table does not fit 390 px). */}
        <ul className="mt-3 space-y-3 sm:hidden print:hidden" data-testid="domain-progress-cards">
          {d.domains.map((x) => (
            <li key={x.domain} className="rounded-md border border-slate-200 p-3 text-sm">
              <p className="font-medium">{x.name}</p>
              <p className="text-xs text-slate-600">{x.weight}% of the exam · {x.answers} answer{x.answers === 1 ? "" : "s"}{x.mockAnswers ? ` (${x.mockAnswers} in mocks)` : ""}</p>
              <p className="mt-2 flex flex-wrap items-center gap-2">
                <span className="text-slate-600">Baseline</span> {x.baseline ? <BandChip level={x.baseline.level} label={x.baseline.label} /> : "—"}
              </p>
              <p className="mt-1 flex flex-wrap items-center gap-2">
                <span className="text-slate-600">Now</span> {pct(x.accuracy)} <span className="text-xs text-slate-600">({pct(x.low)}–{pct(x.high)})</span>
                {x.band ? <BandChip level={x.band.level} label={x.band.label} /> : <span className="text-xs text-slate-600">not enough answers yet</span>}
              </p>
              {x.enough && x.changeText ? (
                <p className={`mt-1 ${x.change === "up" ? "text-strong" : x.change === "down" ? "text-weak" : "text-slate-700"}`}>
                  {x.change === "up" ? "▲ " : x.change === "down" ? "▼ " : "■ "}{x.changeText}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
        <div className="mt-3 hidden overflow-x-auto sm:block print:block">
          <table className="w-full text-left text-sm" data-testid="domain-progress">
            <thead>
              <tr className="border-b border-slate-200 text-slate-600">
                <th scope="col" className="py-2 pr-3 font-medium">Domain</th>
                <th scope="col" className="py-2 pr-3 font-medium">Baseline</th>
                <th scope="col" className="py-2 pr-3 font-medium">Now (estimate)</th>
                <th scope="col" className="py-2 font-medium">Change</th>
              </tr>
            </thead>
            <tbody>
              {d.domains.map((x) => (
                <tr key={x.domain} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-3">
                    <span className="font-medium">{x.name}</span>
                    <span className="block text-xs text-slate-600">{x.weight}% of the exam · {x.answers} answer{x.answers === 1 ? "" : "s"}{x.mockAnswers ? ` (${x.mockAnswers} in mocks)` : ""}</span>
                  </td>
                  <td className="py-2 pr-3">{x.baseline ? <BandChip level={x.baseline.level} label={x.baseline.label} /> : "—"}</td>
                  <td className="py-2 pr-3">
                    <span className="whitespace-nowrap">{pct(x.accuracy)} <span className="text-xs text-slate-600">({pct(x.low)}–{pct(x.high)})</span></span>
                    <span className="mt-1 block">{x.band ? <BandChip level={x.band.level} label={x.band.label} /> : <span className="text-xs text-slate-600">not enough answers yet</span>}</span>
                  </td>
                  <td className={`py-2 ${x.change === "up" ? "text-strong" : x.change === "down" ? "text-weak" : "text-slate-700"}`}>
                    {x.enough && x.changeText ? <>{x.change === "up" ? "▲ " : x.change === "down" ? "▼ " : "■ "}{x.changeText}</> : x.enough ? "—" : "not enough answers yet"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-3 text-xs text-slate-600" data-testid="method">{d.method}</p>
      </section>

      <section className="space-y-3" aria-labelledby="trend-h">
        <h2 id="trend-h">Over time</h2>
        <div className="grid gap-4 md:grid-cols-2 print:grid-cols-2">
          {d.domains.map((x) => (
            <div key={x.domain} className="card break-inside-avoid p-4">
              <DomainTrendChart id={`trend-${x.domain}`} title={x.name} points={x.history} bands={d.bands} baseline={x.baseline} targetFrom={d.targetFrom} />
            </div>
          ))}
        </div>
      </section>

      <section className="card" aria-labelledby="drill-h">
        <h2 id="drill-h">Inside each domain</h2>
        <div className="mt-3 space-y-2" data-testid="drilldown">
          {d.domains.map((x) => (
            <details key={x.domain} className="rounded-md border border-slate-200 p-3 print:border-0 print:p-0" open={x.baseline?.level === "weak"}>
              <summary className="cursor-pointer font-medium">
                {x.name}{" "}
                <span className="text-sm font-normal text-slate-600">
                  · {x.unpractisedObjectives === 0 ? "every objective practised" : `${x.unpractisedObjectives} of ${x.objectives.length} objective${x.objectives.length === 1 ? "" : "s"} not practised yet`}
                </span>
              </summary>
              <ul className="mt-2 space-y-1 text-sm">
                {[...x.objectives].sort((a, b) => Number(a.practised) - Number(b.practised) || a.accuracy - b.accuracy).map((o) => (
                  <li key={o.objective} className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 py-1">
                    <span>{o.name}</span>
                    <span className="text-slate-700">
                      {o.practised ? (
                        <>{pct(o.accuracy)} <span className="text-xs">({pct(o.low)}–{pct(o.high)}, {o.answers} answers)</span> {o.band ? <BandChip level={o.band.level} label={o.band.label} /> : null}</>
                      ) : (
                        <span className="font-medium text-weak">not practised yet</span>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </div>
        <Link to={`/exams/${d.exam.code}/practice`} className="btn-secondary mt-4 print:hidden">Practise chosen domains or objectives</Link>
      </section>

      <section className="card" aria-labelledby="srs-h" data-testid="srs-health">
        <h2 id="srs-h">Spaced repetition</h2>
        <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div><dt className="text-slate-600">Questions learned</dt><dd className="text-lg font-semibold">{d.health.learned} <span className="text-sm font-normal text-slate-600">of {d.health.cards} seen</span></dd></div>
          <div>
            <dt className="text-slate-600">True retention, 30 days</dt>
            <dd className="text-lg font-semibold">{d.health.retention30d.rate === null ? "—" : pct(d.health.retention30d.rate)} <span className="text-sm font-normal text-slate-600">target {pct(d.health.desiredRetention)}</span></dd>
            <dd className="text-xs text-slate-600">{d.health.retention30d.due ? `${d.health.retention30d.correct} of ${d.health.retention30d.due} due reviews right` : "no reviews have come due yet"}</dd>
          </div>
          <div><dt className="text-slate-600">Practice streak</dt><dd className="text-lg font-semibold">{d.health.streakDays} day{d.health.streakDays === 1 ? "" : "s"}</dd><dd className="text-xs text-slate-600">{d.health.practisedToday ? "practised today" : "not yet today"}</dd></div>
          <div><dt className="text-slate-600">Pace</dt><dd className="text-lg font-semibold">{Math.round(d.questionsPerDay * 10) / 10}</dd><dd className="text-xs text-slate-600">questions a day, last 14 days</dd></div>
        </dl>
        <div className="mt-4">
          <ReviewForecastChart id="forecast" days={d.health.forecast} retakeDate={d.plannedDate ? d.plannedDate.slice(0, 10) : null} />
        </div>
      </section>

      {d.mocks.length ? (
        <section className="card" aria-labelledby="mocks-h">
          <h2 id="mocks-h">Mock exams</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {d.mocks.map((m) => (
              <li key={m.id}><Link to={`/mock/${m.id}/results`} className="print:no-underline">{fmt(m.at)}</Link>: {m.correct} of {m.total} right{m.partial ? " (chosen domains)" : `, estimated ${m.estimatedScore}`}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function PrintButton() {
  // A closed <details> prints nothing: open every drill-down before printing.
  useEffect(() => {
    const open = () => document.querySelectorAll("details").forEach((el) => el.setAttribute("open", ""));
    window.addEventListener("beforeprint", open);
    return () => window.removeEventListener("beforeprint", open);
  }, []);
  return (
    <div className="print:hidden">
      <button type="button" className="btn-secondary" onClick={() => window.print()} data-testid="print">Print this report</button>
      <noscript><p className="mt-1 text-xs text-slate-600">Use your browser&apos;s Print command to keep a copy.</p></noscript>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
