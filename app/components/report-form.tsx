import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import type { BandLevel, ExamDefinition } from "~/core/content/schema";
import { bandForBarLength } from "~/core/report/bands";
import { BandChip } from "./band-chip";
import { CsrfInput } from "./csrf-input";

export type ReportFormValues = {
  takenAt: string;
  score: string;
  source: "form" | "paste" | "upload";
  rawText?: string | null;
  domains: Record<string, { band: string; bar: string; barUsed: boolean }>;
};

export type ReportFormErrors = Record<string, string>;

/** An attempt already saved with the same exam date and score. */
export type DuplicateAttempt = { id: string; takenAt: string; score: number | null; createdAt: string };

type Props = {
  exam: Pick<ExamDefinition, "code" | "domains" | "bands" | "barThresholds" | "score">;
  values: ReportFormValues;
  errors?: ReportFormErrors;
  /** Domains the parser could not fill, highlighted for the candidate. */
  missing?: string[];
  /** The parser found no score (or several): the field is highlighted. */
  scoreMissing?: boolean;
  duplicate?: DuplicateAttempt;
  submitLabel: string;
  today: string;
};

function BarMapping({ exam, bar }: { exam: Props["exam"]; bar: number }) {
  const band = bandForBarLength(exam as ExamDefinition, bar);
  if (!band) return null;
  return (
    <span className="text-xs text-slate-600">
      bar ≈ {bar}% → <BandChip level={band.level} label={band.label} />
    </span>
  );
}

/**
 * The one confirmation form for a score report, whatever the way in: the candidate sees every
 * domain with what was understood and confirms or corrects it. Picking a band or dragging the bar
 * slider both work; the slider's mapping to a band (the exam's thresholds) is shown live.
 */
export function ReportForm({ exam, values, errors = {}, missing = [], scoreMissing = false, duplicate, submitLabel, today }: Props) {
  const navigation = useNavigation();
  const [domains, setDomains] = useState(values.domains);
  const bandLevel = (label: string): BandLevel | null => exam.bands.find((b) => b.label === label)?.level ?? null;
  const update = (key: string, patch: Partial<(typeof domains)[string]>) =>
    setDomains((d) => ({ ...d, [key]: { ...d[key], ...patch } }));

  return (
    <Form method="post" className="space-y-6" noValidate>
      <CsrfInput />
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="source" value={values.source} />
      {values.rawText ? <input type="hidden" name="rawText" value={values.rawText} /> : null}
      {errors.form ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">{errors.form}</div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="takenAt" className="field-label">Date of the exam</label>
          <input id="takenAt" name="takenAt" type="date" max={today} defaultValue={values.takenAt} className="field-input"
            aria-invalid={errors.date ? true : undefined} aria-describedby={errors.date ? "takenAt-error" : undefined} />
          {errors.date ? <p id="takenAt-error" className="field-error" role="alert">{errors.date}</p> : null}
        </div>
        <div className={scoreMissing ? "rounded-md border border-amber-400 bg-amber-50 p-2" : undefined} data-testid="score-field">
          <label htmlFor="score" className="field-label">Scaled score ({exam.score.min}–{exam.score.max}, pass {exam.score.passing})</label>
          <input id="score" name="score" type="number" inputMode="numeric" min={exam.score.min} max={exam.score.max}
            defaultValue={values.score} className="field-input"
            aria-invalid={errors.score ? true : undefined} aria-describedby={errors.score ? "score-error" : undefined} />
          {scoreMissing && !errors.score ? <p className="mt-1 text-xs text-amber-800">Not read from the report: enter the scaled score it shows.</p> : null}
          {errors.score ? <p id="score-error" className="field-error" role="alert">{errors.score}</p> : null}
        </div>
      </div>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold">Result per skill domain</legend>
        <p className="text-sm text-slate-600">
          Pick the band your report shows, or drag the slider to about the length of the domain&apos;s bar on the
          report&apos;s chart (0 = no bar, 100 = full).
        </p>
        {errors.domains ? <p className="field-error" role="alert">{errors.domains}</p> : null}
        {exam.domains.map((d, i) => {
          const v = domains[d.id] ?? { band: "", bar: "50", barUsed: false };
          const level = bandLevel(v.band);
          const err = errors[`domains.${i}`] ?? errors[`domain:${d.id}`];
          const isMissing = missing.includes(d.id);
          const setBar = (value: string) => {
            const band = bandForBarLength(exam as ExamDefinition, Number(value));
            update(d.id, { bar: value, barUsed: true, band: band?.label ?? v.band });
          };
          return (
            <div key={d.id} data-testid={`domain-${d.id}`}
              className={`rounded-md border p-3 ${err || isMissing ? "border-amber-400 bg-amber-50" : "border-slate-200 bg-white"}`}>
              <input type="hidden" name={`domains[${i}].key`} value={d.id} />
              <input type="hidden" name={`domains[${i}].barUsed`} value={v.barUsed ? "1" : "0"} />
              <div className="flex flex-wrap items-center justify-between gap-2">
                <label htmlFor={`band-${d.id}`} className="font-medium">
                  {d.name} <span className="font-normal text-slate-600">({d.weight.min}–{d.weight.max}%)</span>
                </label>
                {level ? <BandChip level={level} label={v.band} /> : <span className="text-xs text-amber-800">not set</span>}
              </div>
              <div className="mt-2 grid items-center gap-3 sm:grid-cols-2">
                <select id={`band-${d.id}`} name={`domains[${i}].band`} value={v.band} className="field-input mt-0"
                  onChange={(e) => update(d.id, { band: e.target.value, barUsed: false })}
                  aria-invalid={err ? true : undefined} aria-describedby={err ? `band-${d.id}-error` : undefined}>
                  <option value="">Choose the band…</option>
                  {exam.bands.map((b) => (
                    <option key={b.label} value={b.label}>{b.label}</option>
                  ))}
                </select>
                <div className="flex items-center gap-2">
                  <label htmlFor={`bar-${d.id}`} className="sr-only">Bar length for {d.name} (percent)</label>
                  <input id={`bar-${d.id}`} name={`domains[${i}].bar`} type="range" min={0} max={100} step={5} value={v.bar}
                    aria-describedby={`bar-${d.id}-state`}
                    aria-valuetext={v.barUsed ? `${v.bar}%` : "not given"}
                    className={`w-full accent-brand-600 ${v.barUsed ? "" : "opacity-40"}`}
                    onChange={(e) => setBar(e.target.value)}
                    // Clicking or pressing a key on the slider sets it, even at its starting 50.
                    onPointerUp={(e) => setBar(e.currentTarget.value)}
                    onKeyUp={(e) => { if (/^(Arrow|Home|End|Page)/.test(e.key)) setBar(e.currentTarget.value); }} />
                  <span id={`bar-${d.id}-state`} className="w-40 shrink-0">
                    {v.barUsed ? (
                      <>
                        <BarMapping exam={exam} bar={Number(v.bar)} />{" "}
                        <button type="button" className="text-xs underline" onClick={() => update(d.id, { barUsed: false })}>clear bar</button>
                      </>
                    ) : <span className="text-xs text-slate-600">bar not given: click or drag to set it</span>}
                  </span>
                </div>
              </div>
              {err ? <p id={`band-${d.id}-error`} className="field-error" role="alert">{err}</p> : null}
            </div>
          );
        })}
      </fieldset>
      {duplicate ? (
        <div role="alert" className="space-y-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900" data-testid="duplicate-warning">
          <p className="font-medium">You already saved an attempt of {exam.code} on {duplicate.takenAt} with score {duplicate.score ?? "—"}.</p>
          <p>Saving this one too counts as another attempt (it uses up one of your retakes). If it is the same report, you don&apos;t need to save it again:{" "}
            <a href={`/exams/${exam.code}/reports/${duplicate.id}`}>see or edit the saved attempt</a>.</p>
          <label className="flex items-start gap-2">
            <input type="checkbox" name="keepBoth" value="1" className="mt-1" aria-describedby={errors.keepBoth ? "keepBoth-error" : undefined} />
            <span>This is a different attempt: keep both.</span>
          </label>
          {errors.keepBoth ? <p id="keepBoth-error" className="field-error">{errors.keepBoth}</p> : null}
        </div>
      ) : null}
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {navigation.state === "submitting" ? "Saving…" : submitLabel}
      </button>
    </Form>
  );
}
