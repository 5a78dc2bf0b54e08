/**
 * Adapts the report form (HTTP) to the report core: parses the posted fields with zod,
 * applies the exam's rules (validateReportInput) and maps errors back to form fields, keeping
 * every value the candidate typed.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import type { ExamDefinition } from "~/core/content/schema";
import { levelForLabel } from "~/core/report/bands";
import type { ParsedReport } from "~/core/report/parse";
import { validateReportInput } from "~/core/report/validate";
import type { ReportFormErrors, ReportFormValues } from "~/components/report-form";
import type { ReportSaveInput } from "./reports.server";

export const ReportSaveSchema = z.object({
  intent: z.literal("save"),
  source: z.enum(["form", "paste", "upload"]).default("form"),
  rawText: z.string().max(200_000).optional(),
  takenAt: z.string({ message: "Enter the date you took the exam" }).regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date you took the exam"),
  score: z.coerce.number({ message: "Enter the scaled score from the report" }).int("The score is a whole number"),
  domains: z
    .array(
      z.object({
        key: z.string().min(1).max(80),
        band: z.string().max(80).optional(),
        bar: z.coerce.number().min(0).max(100).optional(),
        barUsed: z.enum(["0", "1"]).optional(),
      }),
    )
    .max(40),
});

export function todayIso(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

export function emptyValues(exam: ExamDefinition, source: ReportFormValues["source"] = "form"): ReportFormValues {
  return {
    takenAt: "",
    score: "",
    source,
    domains: Object.fromEntries(exam.domains.map((d) => [d.id, { band: "", bar: "50", barUsed: false }])),
  };
}

export function valuesFromParsed(exam: ExamDefinition, parsed: ParsedReport, source: "paste" | "upload", rawText: string): ReportFormValues {
  const values = emptyValues(exam, source);
  values.takenAt = parsed.date ?? "";
  values.score = parsed.score === null ? "" : String(parsed.score);
  values.rawText = rawText.slice(0, 200_000);
  for (const d of parsed.domains) if (values.domains[d.id]) values.domains[d.id].band = d.band;
  return values;
}

/** Raw posted values, echoed back when the save is refused so nothing typed is lost. */
export function valuesFromForm(exam: ExamDefinition, form: FormData): ReportFormValues {
  const values = emptyValues(exam, (["form", "paste", "upload"].includes(String(form.get("source"))) ? form.get("source") : "form") as ReportFormValues["source"]);
  values.takenAt = String(form.get("takenAt") ?? "");
  values.score = String(form.get("score") ?? "");
  const raw = form.get("rawText");
  values.rawText = typeof raw === "string" ? raw : null;
  exam.domains.forEach((_, i) => {
    const key = String(form.get(`domains[${i}].key`) ?? "");
    if (!values.domains[key]) return;
    values.domains[key] = {
      band: String(form.get(`domains[${i}].band`) ?? ""),
      bar: String(form.get(`domains[${i}].bar`) ?? "50"),
      barUsed: form.get(`domains[${i}].barUsed`) === "1",
    };
  });
  return values;
}

export type ReportSaveResult =
  | { ok: true; input: ReportSaveInput }
  | { ok: false; errors: ReportFormErrors; values: ReportFormValues };

export function readReportForm(exam: ExamDefinition, exams: ExamDefinition[], form: FormData, now = new Date()): ReportSaveResult {
  const values = valuesFromForm(exam, form);
  const submission = parseWithZod(form, { schema: ReportSaveSchema });
  const errors: ReportFormErrors = {};
  if (submission.status !== "success") {
    for (const [name, messages] of Object.entries(submission.error ?? {})) {
      if (!messages?.length) continue;
      const field = name === "takenAt" ? "date" : name.startsWith("domains") ? "domains" : name;
      errors[field] ??= messages[0];
    }
    return { ok: false, errors, values };
  }
  const v = submission.value;
  const byKey = new Map(v.domains.map((d) => [d.key, d]));
  const domains = exam.domains.map((d) => {
    const posted = byKey.get(d.id);
    const match = posted?.band ? levelForLabel(exam, posted.band) : null;
    return { id: d.id, band: match?.label ?? posted?.band ?? null, level: match?.level ?? null, bar: posted?.barUsed === "1" ? posted.bar ?? null : null };
  });
  const problems = validateReportInput(exam, { score: v.score, date: v.takenAt, domains: domains.map((d) => ({ id: d.id, band: d.band, level: d.level })) }, now, { exams });
  exam.domains.forEach((d, i) => {
    const dom = domains[i];
    if (!dom.level) errors[`domain:${d.id}`] = `Choose the band your report shows for ${d.name}, or drag its bar slider.`;
  });
  for (const p of problems) {
    if (p.field === "date") errors.date ??= p.message;
    else if (p.field === "score") errors.score ??= p.message;
    else if (p.field.startsWith("domains.")) {
      const idx = Number(p.field.split(".")[1]);
      const key = exam.domains[idx]?.id;
      if (key) errors[`domain:${key}`] ??= p.message;
      else errors.domains ??= p.message;
    } else if (p.field === "domains" || p.field === "exam") errors.form ??= p.message;
  }
  if (Object.keys(errors).length) return { ok: false, errors, values };
  return {
    ok: true,
    input: {
      takenAt: v.takenAt,
      score: v.score,
      passed: v.score >= exam.score.passing,
      source: v.source,
      rawText: v.rawText ?? null,
      domains: domains.map((d) => ({ key: d.id, band: d.band!, level: d.level!, barLength: d.bar })),
    },
  };
}
