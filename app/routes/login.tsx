import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors, TextField } from "~/components/form-fields";
import { LoginSchema } from "~/utils/auth-schemas";
import { CsrfError, verifyCsrf } from "~/server/csrf.server";
import { burnPasswordCheck, verifyPassword } from "~/server/password.server";
import { createUserSession, getUserId } from "~/server/session.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { rateLimits, clientAddress } from "~/server/rate-limit.server";
import { readForm } from "~/server/request-body.server";
import { findUserForLogin } from "~/server/users.server";
import { FORM_BODY_LIMIT } from "~/utils/body-limits";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Log in — Baseline" }];

// A refused attempt (429) says when to come back; Remix passes an action's headers on only through here.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUserId(request)) throw redirect("/dashboard");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Email, password and a return path are all short: no field is kept (or echoed) past 4 KB.
  const formData = await readForm(request, FORM_BODY_LIMIT, { fieldLimit: 4096 });
  const submission = parseWithZod(formData, { schema: LoginSchema });
  try {
    await verifyCsrf(request, formData);
  } catch (e) {
    if (e instanceof CsrfError) return data(submission.reply({ formErrors: [e.message], hideFields: ["password"] }), { status: 403 });
    throw e;
  }
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { email, password, redirectTo } = submission.value;
  const limits = rateLimits();
  const refused = await limits.beforeLogin(clientAddress(context), email);
  if (refused) {
    return data(submission.reply({ formErrors: [refused.message], hideFields: ["password"] }), { status: 429, headers: { "Retry-After": String(refused.retryAfterSeconds) } });
  }
  const user = await findUserForLogin(email);
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    await limits.loginFailed(email);
    // One message for both cases: it must not reveal whether the email has an account.
    return data(submission.reply({ formErrors: ["Email or password is incorrect."], hideFields: ["password"] }), { status: 400 });
  }
  await limits.loginSucceeded(email);
  const cookie = await createUserSession(user.id);
  throw redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  });
  return (
    <div className="mx-auto max-w-md">
      <h1>Log in</h1>
      <p className="mt-2 text-slate-700">Pick up where you left off.</p>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4">
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField label="Email" type="email" field={fields.email} autoComplete="email" />
        <TextField label="Password" type="password" field={fields.password} autoComplete="current-password" />
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Logging in…" : "Log in"}
        </button>
        <p className="text-sm text-slate-700">
          New here? <Link to="/signup">Create an account</Link>
        </p>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
