import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors, TextField } from "~/components/form-fields";
import { SignupSchema } from "~/utils/auth-schemas";
import { CsrfError, verifyCsrf } from "~/server/csrf.server";
import { hashPassword } from "~/server/password.server";
import { createUserSession, getUserId } from "~/server/session.server";
import { clientAddress, rateLimits } from "~/server/rate-limit.server";
import { readForm } from "~/server/request-body.server";
import { createUser, emailHasAccount } from "~/server/users.server";
import { FORM_BODY_LIMIT } from "~/utils/body-limits";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Sign up — Baseline" }];

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
  const formData = await readForm(request, FORM_BODY_LIMIT, { fieldLimit: 4096 });
  const submission = parseWithZod(formData, { schema: SignupSchema });
  const hideFields = ["password", "confirm"];
  try {
    await verifyCsrf(request, formData);
  } catch (e) {
    if (e instanceof CsrfError) return data(submission.reply({ formErrors: [e.message], hideFields }), { status: 403 });
    throw e;
  }
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  // Counted before the email is looked up: the answer below says whether an account exists
  // (see docs/security.md), so how often it can be asked is what is limited.
  const refused = await rateLimits().signup(clientAddress(context));
  if (refused) return data(submission.reply({ formErrors: [refused.message], hideFields }), { status: 429, headers: { "Retry-After": String(refused.retryAfterSeconds) } });
  const { email, name, password } = submission.value;
  if (await emailHasAccount(email)) {
    return data(
      submission.reply({ fieldErrors: { email: ["An account with this email already exists. Log in instead."] }, hideFields }),
      { status: 400 },
    );
  }
  const user = await createUser({ email, name: name || null, passwordHash: await hashPassword(password) });
  const cookie = await createUserSession(user.id);
  throw redirect("/dashboard", { headers: { "Set-Cookie": cookie } });
}

export default function Signup() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "signup",
    lastResult,
    constraint: getZodConstraint(SignupSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
  });
  return (
    <div className="mx-auto max-w-md">
      <h1>Create your account</h1>
      <p className="mt-2 text-slate-700">Your score report, your practice, your progress: private to you.</p>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField label="Email" type="email" field={fields.email} autoComplete="email" />
        <TextField label="Name (optional)" type="text" field={fields.name} autoComplete="name" />
        <TextField label="Password" type="password" field={fields.password} autoComplete="new-password" hint="At least 10 characters." />
        <TextField label="Repeat password" type="password" field={fields.confirm} autoComplete="new-password" />
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Creating account…" : "Sign up"}
        </button>
        <p className="text-sm text-slate-700">
          Already have an account? <Link to="/login">Log in</Link>
        </p>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
