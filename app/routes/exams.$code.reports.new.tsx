import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { BandChip } from "~/components/band-chip";
import { CsrfInput } from "~/components/csrf-input";
import { ReportForm, type DuplicateAttempt, type ReportFormValues } from "~/components/report-form";
import { parseReportText, type ParsedReport } from "~/core/report/parse";
import { validateUpload } from "~/core/report/validate";
import { requireCsrf } from "~/server/csrf.server";
import { listExamDefinitions, requireExam } from "~/server/exams.server";
import { emptyValues, readReportForm, todayIso, valuesFromForm, valuesFromParsed } from "~/server/report-form.server";
import { MAX_UPLOAD_BYTES, textFromUpload } from "~/server/report-upload.server";
import { createReport, findSameAttempt } from "~/server/reports.server";
import { readForm as readLimitedForm } from "~/server/request-body.server";
import { REPORT_TEXT_LIMIT, UPLOAD_CEILING, formatBytes } from "~/utils/body-limits";
import { requireUserId } from "~/server/session.server";
import { invariantResponse } from "~/utils/invariant";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Enter a score report — ${data?.exam.code ?? ""} — Baseline` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserId(request);
  const exam = await requireExam(params.code);
  return { exam, today: todayIso(), blank: emptyValues(exam) };
}

const PasteSchema = z.object({
  intent: z.literal("paste"),
  text: z.string().trim().min(1, "Paste the text of your score report first.").max(200_000, "That is more text than a score report; paste only the report."),
});

type Confirm = { stage: "confirm"; parsed: Pick<ParsedReport, "exam" | "score" | "scoreText" | "passed" | "date" | "domains" | "uncertain" | "unmatched" | "warnings">; values: ReportFormValues; missing: string[] };
type ActionResult =
  | Confirm
  | { stage: "input"; via: "paste" | "upload"; error: string; text?: string }
  | { stage: "save"; errors: Record<string, string>; values: ReportFormValues; duplicate?: DuplicateAttempt };

const TOO_LARGE_FILE = `The file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}, the limit. Upload the score report PDF itself, or paste its text instead.`;

/**
 * The whole request may carry one upload plus the form's small fields. Over the limit, the rest is
 * read and thrown away (up to UPLOAD_CEILING) so the browser gets this page's own message.
 */
async function readForm(request: Request): Promise<FormData | { error: string }> {
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    try {
      return await readLimitedForm(request, MAX_UPLOAD_BYTES + 256 * 1024, { fileLimit: MAX_UPLOAD_BYTES, fieldLimit: REPORT_TEXT_LIMIT, drainUpTo: UPLOAD_CEILING });
    } catch (e) {
      if (e instanceof Response && e.status === 413) return { error: TOO_LARGE_FILE };
      if (e instanceof Response && e.status === 400) return { error: "The upload could not be read. Try again, or paste the report's text instead." };
      throw e;
    }
  }
  // A pasted report is text: 256 KB is far above any real one.
  return readLimitedForm(request, REPORT_TEXT_LIMIT, { fieldLimit: REPORT_TEXT_LIMIT });
}

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionResult> {
  const userId = await requireUserId(request);
  const exam = await requireExam(params.code);
  const form = await readForm(request);
  if ("error" in form) return { stage: "input", via: "upload", error: form.error };
  await requireCsrf(request, form);
  const intent = String(form.get("intent") ?? "");
  const exams = await listExamDefinitions();

  const understood = (text: string, via: "paste" | "upload"): ActionResult => {
    const parsed = parseReportText(text, exams, { exam: exam.code });
    const detected = parseReportText(text, exams); // which exam the text itself names, if any
    if (detected.exam && detected.exam !== exam.code && parsed.domains.length === 0) {
      return { stage: "input", via, error: `This looks like a score report for ${detected.exam}, not ${exam.code}. Open ${detected.exam} from the dashboard to enter it there.`, text: via === "paste" ? text : undefined };
    }
    if (parsed.domains.length === 0 && parsed.score === null) {
      return { stage: "input", via, error: `No ${exam.code} skill domains or score were recognised in this text. Check it is the score report, or enter the bands in the form.`, text: via === "paste" ? text : undefined };
    }
    const found = new Set(parsed.domains.map((d) => d.id));
    return {
      stage: "confirm",
      parsed: { exam: parsed.exam, score: parsed.score, scoreText: parsed.scoreText, passed: parsed.passed, date: parsed.date, domains: parsed.domains, uncertain: parsed.uncertain, unmatched: parsed.unmatched, warnings: parsed.warnings },
      values: valuesFromParsed(exam, parsed, via, text),
      missing: exam.domains.filter((d) => !found.has(d.id)).map((d) => d.id),
    };
  };

  if (intent === "paste") {
    const parsed = PasteSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { stage: "input", via: "paste", error: parsed.error.issues[0].message, text: String(form.get("text") ?? "") };
    return understood(parsed.data.text, "paste");
  }
  if (intent === "upload") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0 && !file.name) return { stage: "input", via: "upload", error: "Choose a PDF or .txt file of your score report first." };
    const text = await textFromUpload(file);
    if (!text.ok) return { stage: "input", via: "upload", error: text.message };
    return understood(text.text, "upload");
  }
  if (intent === "save") {
    const result = readReportForm(exam, exams, form);
    if (!result.ok) return { stage: "save", errors: result.errors, values: result.values };
    // The same report twice would use up a retake attempt: only on purpose.
    const same = form.get("keepBoth") === "1" ? null : await findSameAttempt(userId, exam.code, result.input);
    if (same) {
      return {
        stage: "save",
        errors: { keepBoth: "Tick the box to keep both attempts, or go back to your exam page." },
        values: { ...valuesFromForm(exam, form) },
        duplicate: { id: same.id, takenAt: same.takenAt.toISOString().slice(0, 10), score: same.score, createdAt: same.createdAt.toISOString() },
      };
    }
    await createReport(userId, exam, result.input);
    throw redirect(`/exams/${exam.code}?saved=report`);
  }
  invariantResponse(false, "This form asked for something this page does not do. Reload the page and try again.");
}

const tabs = [
  { via: "form", label: "Fill in the form" },
  { via: "paste", label: "Paste the report text" },
  { via: "upload", label: "Upload PDF or .txt" },
] as const;

export default function NewReport() {
  const { exam, today, blank } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const via = result?.stage === "input" ? result.via : (params.get("via") ?? "form");
  // Checked in the page before sending (scripts on); the server checks again.
  const [fileError, setFileError] = useState<string | null>(null);

  const breadcrumb = (
    <p className="text-sm"><Link to="/dashboard">Dashboard</Link> / <Link to={`/exams/${exam.code}`}>{exam.code}</Link> / Score report</p>
  );

  // A refused save from the plain form stays on the entry step (tabs and heading kept).
  const formRefused = result?.stage === "save" && result.values.source === "form" ? result : null;
  if (result?.stage === "confirm" || (result?.stage === "save" && !formRefused)) {
    const confirm = result.stage === "confirm" ? result : null;
    return (
      <div className="space-y-6">
        {breadcrumb}
        <h1>Check and confirm your {exam.code} score report</h1>
        {confirm ? (
          <section className="card space-y-3" aria-labelledby="understood">
            <h2 id="understood">What we understood</h2>
            <p className="text-sm text-slate-700">
              Score: <strong>{confirm.parsed.score ?? "not found"}</strong>
              {confirm.parsed.passed === null ? "" : confirm.parsed.passed ? " (pass)" : " (fail)"}
              {confirm.parsed.scoreText ? <span className="text-slate-600"> from “{confirm.parsed.scoreText}”</span> : null} · Date:{" "}
              <strong>{confirm.parsed.date ?? "not found"}</strong> · {confirm.parsed.domains.length} of {exam.domains.length} domains recognised
            </p>
            <ul className="space-y-2 text-sm" data-testid="understood-domains">
              {confirm.parsed.domains.map((d) => (
                <li key={d.id} className="min-w-0" data-testid={`understood-${d.id}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <BandChip level={d.level} label={d.band} /> {d.name}
                    <span className={d.certainty === "sure" ? "text-xs text-green-800" : "text-xs font-medium text-amber-800"}>
                      {d.certainty === "sure" ? "sure: name and band side by side" : "likely: check this one"}
                    </span>
                  </div>
                  <p className="break-words text-xs text-slate-600">Read from line {d.line}: “{d.text}”</p>
                </li>
              ))}
            </ul>
            {confirm.parsed.uncertain.length ? (
              <div data-testid="uncertain" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm">
                <p className="font-medium text-amber-900">Not sure which band these domains have, so they are left empty for you to choose:</p>
                <ul className="mt-1 space-y-1">
                  {confirm.parsed.uncertain.map((u) => (
                    <li key={u.id} className="break-words">{u.name}: {u.reason}. The report says “{u.text}”.</li>
                  ))}
                </ul>
              </div>
            ) : null}
            {confirm.missing.length ? (
              <p className="text-sm text-amber-800">Not found in the text (highlighted below, set them yourself): {confirm.missing.map((k) => exam.domains.find((d) => d.id === k)?.name).join("; ")}.</p>
            ) : null}
            {confirm.parsed.unmatched.length ? (
              <div data-testid="unmatched">
                <p className="text-sm font-medium">Lines we could not match:</p>
                <ul className="mt-1 list-disc pl-6 text-sm text-slate-700">
                  {confirm.parsed.unmatched.map((l, i) => (<li key={i}><code>{l}</code></li>))}
                </ul>
              </div>
            ) : null}
            {confirm.parsed.warnings.map((w, i) => (<p key={i} className="text-sm text-amber-800">{w}</p>))}
            <p className="text-sm text-slate-600">Nothing is saved until you confirm below.</p>
          </section>
        ) : null}
        <section className="card">
          <ReportForm exam={exam} values={result.values} errors={result.stage === "save" ? result.errors : {}}
            duplicate={result.stage === "save" ? result.duplicate : undefined}
            missing={confirm?.missing ?? []} scoreMissing={confirm ? confirm.parsed.score === null : false} submitLabel="Confirm and save" today={today} />
        </section>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      {breadcrumb}
      <div>
        <h1>Enter your {exam.code} score report</h1>
        <p className="mt-2 text-slate-700">Your report becomes the baseline practice is planned from. Choose how to enter it; you will check everything before it is saved.</p>
      </div>
      <nav aria-label="Ways to enter the report" className="flex flex-wrap gap-2">
        {tabs.map((t) => (
          <Link key={t.via} to={`?via=${t.via}`} replace aria-current={via === t.via ? "page" : undefined}
            className={via === t.via ? "btn-primary" : "btn-secondary"}>{t.label}</Link>
        ))}
      </nav>
      {result?.stage === "input" ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="input-error">{result.error}</div>
      ) : null}
      {via === "paste" ? (
        <Form method="post" className="card space-y-3">
          <CsrfInput />
          <input type="hidden" name="intent" value="paste" />
          <label htmlFor="text" className="field-label">Score report text</label>
          <textarea id="text" name="text" rows={14} maxLength={200_000} className="field-input font-mono"
            defaultValue={result?.stage === "input" ? result.text : ""}
            placeholder={"Paste the report here, e.g.\nScore: 652  Passing score: 700\nManage Azure identities and governance   Needs improvement\n…"} />
          <button type="submit" className="btn-primary" disabled={busy}>{busy ? "Reading…" : "Read the report"}</button>
        </Form>
      ) : via === "upload" ? (
        <Form method="post" encType="multipart/form-data" className="card space-y-3"
          onSubmit={(e) => { if (fileError) { e.preventDefault(); document.getElementById("file")?.focus(); } }}>
          <CsrfInput />
          <input type="hidden" name="intent" value="upload" />
          <label htmlFor="file" className="field-label">Score report file (PDF or .txt, up to 5 MB)</label>
          <input id="file" name="file" type="file" accept=".pdf,.txt,application/pdf,text/plain" className="field-input"
            aria-invalid={fileError ? true : undefined} aria-describedby={fileError ? "file-error" : undefined}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setFileError(f ? validateUpload({ name: f.name, type: f.type, size: f.size }) : null);
            }} />
          {fileError ? <p id="file-error" className="field-error" role="alert">{/[.!?]$/.test(fileError) ? fileError : `${fileError}.`}</p> : null}
          <button type="submit" className="btn-primary" disabled={busy}>{busy ? "Reading…" : "Read the file"}</button>
        </Form>
      ) : (
        <section className="card">
          <ReportForm key={formRefused ? "refused" : "blank"} exam={exam} values={formRefused?.values ?? blank} errors={formRefused?.errors ?? {}} duplicate={formRefused?.duplicate} submitLabel="Save report" today={today} />
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
