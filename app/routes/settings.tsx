import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AccountSections } from "~/components/account-sections";
import { CsrfInput } from "~/components/csrf-input";
import { TextField } from "~/components/form-fields";
import { changePassword, deleteAccount, updatePracticeSettings } from "~/server/account.server";
import { CsrfError, verifyCsrf } from "~/server/csrf.server";
import { clearSessionCookieHeader, endSessions, getSessionId, requireUser } from "~/server/session.server";
import { getEnv } from "~/server/env.server";
import { readForm } from "~/server/request-body.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Settings — Baseline" }];

const SettingsSchema = z.object({
  sessionSize: z.coerce.number({ message: "Enter a number" }).int("Use a whole number").min(5, "At least 5 questions").max(100, "At most 100 questions"),
  desiredRetention: z.coerce.number({ message: "Enter a number" }).min(0.7, "Use 0.70 or more").max(0.97, "Use 0.97 or less"),
  // Optional: an unticked checkbox sends nothing (the constraint must not say "required").
  allowEasy: z.enum(["on"]).optional().transform((v) => v === "on"),
});

const PasswordSchema = z
  .object({
    current: z.string({ message: "Enter your current password" }).min(1, "Enter your current password").max(200, "Use at most 200 characters"),
    password: z.string({ message: "Choose a new password" }).min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
    confirm: z.string({ message: "Repeat the new password" }).max(200, "Use at most 200 characters"),
  })
  .refine((v) => v.password === v.confirm, { message: "The new passwords do not match", path: ["confirm"] });
const DeleteSchema = z.object({
  password: z.string({ message: "Enter your password to confirm" }).min(1, "Enter your password to confirm").max(200, "Use at most 200 characters"),
});

export type AccountResult = { section: "password" | "sessions" | "delete"; error?: string; done?: string };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { settings: { sessionSize: user.sessionSize, desiredRetention: user.desiredRetention, allowEasy: user.allowEasy } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "settings");
  if (intent !== "settings") return { account: await accountAction(request, user.id, intent, form) };
  const submission = parseWithZod(form, { schema: SettingsSchema });
  try {
    await verifyCsrf(request, form);
  } catch (e) {
    if (e instanceof CsrfError) return { result: submission.reply({ formErrors: [e.message] }), saved: false };
    throw e;
  }
  if (submission.status !== "success") return { result: submission.reply(), saved: false };
  await updatePracticeSettings(user.id, submission.value);
  return { result: submission.reply(), saved: true };
}

async function accountAction(request: Request, userId: string, intent: string, form: FormData): Promise<AccountResult> {
  const section = intent === "password" ? "password" : intent === "delete" ? "delete" : "sessions";
  try {
    await verifyCsrf(request, form);
  } catch (e) {
    if (e instanceof CsrfError) return { section, error: e.message };
    throw e;
  }
  const signedOut = () => redirect("/login", { headers: { "Set-Cookie": clearSessionCookieHeader(getEnv().cookieSecure) } });
  if (intent === "logout-everywhere") {
    await endSessions(userId);
    throw signedOut();
  }
  if (intent === "password") {
    const parsed = PasswordSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { section, error: parsed.error.issues[0].message };
    const session = await getSessionId(request);
    const r = await changePassword(userId, session?.id ?? "", parsed.data.current, parsed.data.password);
    if (!r.ok) return { section, error: "That is not your current password." };
    return { section, done: `Password changed. ${r.endedSessions === 0 ? "No other session was signed in." : `${r.endedSessions} other session${r.endedSessions === 1 ? " was" : "s were"} logged out.`}` };
  }
  if (intent === "delete") {
    const parsed = DeleteSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { section, error: parsed.error.issues[0].message };
    if (!(await deleteAccount(userId, parsed.data.password))) return { section, error: "That is not your password: the account was not deleted." };
    throw redirect("/?deleted=1", { headers: { "Set-Cookie": clearSessionCookieHeader(getEnv().cookieSecure) } });
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "settings",
    lastResult: data && "result" in data ? data.result : undefined,
    constraint: getZodConstraint(SettingsSchema),
    defaultValue: { sessionSize: String(settings.sessionSize), desiredRetention: String(settings.desiredRetention), allowEasy: settings.allowEasy ? "on" : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1>Practice settings</h1>
      {data && "saved" in data && data.saved ? <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800">Settings saved.</p> : null}
      <Form method="post" {...getFormProps(form)} className="card space-y-4">
        <CsrfInput />
        <input type="hidden" name="intent" value="settings" />
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
      <AccountSections result={data && "account" in data ? data.account : undefined} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
