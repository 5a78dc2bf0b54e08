import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { TextField } from "~/components/form-fields";
import { CsrfError, verifyCsrf } from "~/server/csrf.server";
import { prisma } from "~/server/db.server";
import { requireUser } from "~/server/session.server";
import { readForm } from "~/server/request-body.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Settings — Baseline" }];

const SettingsSchema = z.object({
  sessionSize: z.coerce.number({ message: "Enter a number" }).int("Use a whole number").min(5, "At least 5 questions").max(100, "At most 100 questions"),
  desiredRetention: z.coerce.number({ message: "Enter a number" }).min(0.7, "Use 0.70 or more").max(0.97, "Use 0.97 or less"),
  allowEasy: z.preprocess((v) => v === "on", z.boolean()),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { settings: { sessionSize: user.sessionSize, desiredRetention: user.desiredRetention, allowEasy: user.allowEasy } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: SettingsSchema });
  try {
    await verifyCsrf(request, form);
  } catch (e) {
    if (e instanceof CsrfError) return { result: submission.reply({ formErrors: [e.message] }), saved: false };
    throw e;
  }
  if (submission.status !== "success") return { result: submission.reply(), saved: false };
  await prisma.user.update({ where: { id: user.id }, data: submission.value });
  return { result: submission.reply(), saved: true };
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "settings",
    lastResult: data?.result,
    constraint: getZodConstraint(SettingsSchema),
    defaultValue: { sessionSize: String(settings.sessionSize), desiredRetention: String(settings.desiredRetention), allowEasy: settings.allowEasy ? "on" : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1>Practice settings</h1>
      {data?.saved ? <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800">Settings saved.</p> : null}
      <Form method="post" {...getFormProps(form)} className="card space-y-4">
        <CsrfInput />
        <TextField label="Questions per daily session" type="number" field={fields.sessionSize} hint="Default 20. Due reviews take at most a fifth of a daily session, so new learning continues; the rest roll to the next day." />
        <TextField label="Desired retention" type="number" field={fields.desiredRetention} hint="Probability of recalling an item when it comes back (0.70–0.97, default 0.90). Higher means more frequent reviews." />
        <div>
          <label className="flex items-start gap-2 text-sm">
            <input {...getInputProps(fields.allowEasy, { type: "checkbox" })} className="mt-1" />
            <span>
              <span className="font-medium">Rate quick, sure answers as Easy</span>
              <span className="block text-slate-600">A right answer you did not mark as a guess, given faster than 30 seconds, then waits longer before it comes back.</span>
            </span>
          </label>
        </div>
        <button type="submit" className="btn-primary">Save settings</button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
