import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";

type Result = { section: "password" | "sessions" | "delete"; error?: string; done?: string };

function Message({ result, section }: { result?: Result; section: Result["section"] }) {
  if (!result || result.section !== section) return null;
  if (result.error) return <p role="alert" className="field-error" data-testid={`${section}-error`}>{result.error}</p>;
  if (result.done) return <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800" data-testid={`${section}-done`}>{result.done}</p>;
  return null;
}

function PasswordInput({ id, name, label, autoComplete, minLength }: { id: string; name: string; label: string; autoComplete: string; minLength?: number }) {
  return (
    <div>
      <label htmlFor={id} className="field-label">{label}</label>
      <input id={id} name={name} type="password" required maxLength={200} minLength={minLength} autoComplete={autoComplete} className="field-input" />
    </div>
  );
}

/** Settings for the account itself: password, sessions, export, deletion (routes/settings.tsx handles the posts). */
export function AccountSections({ result }: { result?: Result }) {
  return (
    <>
      <section className="card space-y-4" aria-labelledby="password-h">
        <h2 id="password-h">Change your password</h2>
        <Form method="post" className="space-y-4">
          <CsrfInput />
          <input type="hidden" name="intent" value="password" />
          <PasswordInput id="pw-current" name="current" label="Current password" autoComplete="current-password" />
          <PasswordInput id="pw-new" name="password" label="New password (at least 10 characters)" autoComplete="new-password" minLength={10} />
          <PasswordInput id="pw-confirm" name="confirm" label="Repeat the new password" autoComplete="new-password" minLength={10} />
          <Message result={result} section="password" />
          <p className="text-xs text-slate-600">Your other sessions (other browsers and devices) are logged out; this one stays signed in.</p>
          <button type="submit" className="btn-primary">Change password</button>
        </Form>
      </section>

      <section className="card space-y-3" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Sessions</h2>
        <p className="text-sm text-slate-700">A session ends after 7 days without use, and 30 days after you logged in at the latest.</p>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="logout-everywhere" />
          <Message result={result} section="sessions" />
          <button type="submit" className="btn-secondary">Log out everywhere</button>
        </Form>
      </section>

      <section className="card space-y-3" aria-labelledby="data-h">
        <h2 id="data-h">Your data</h2>
        <p className="text-sm text-slate-700">Everything stored for you: reports, answers, cards, practice sessions, mock exams and flags, as one JSON file.</p>
        <a href="/settings/export" download className="btn-secondary inline-block no-underline">Download my data (JSON)</a>
      </section>

      <section className="card space-y-3 border-red-200" aria-labelledby="delete-h">
        <h2 id="delete-h">Delete your account</h2>
        <p className="text-sm text-slate-700">This deletes your account and all its data at once. It cannot be undone: download your data first if you want to keep it.</p>
        <Form method="post" className="space-y-3">
          <CsrfInput />
          <input type="hidden" name="intent" value="delete" />
          <PasswordInput id="delete-password" name="password" label="Your password, to confirm" autoComplete="current-password" />
          <Message result={result} section="delete" />
          <button type="submit" className="btn-secondary text-red-800">Delete my account and all its data</button>
        </Form>
      </section>
    </>
  );
}
