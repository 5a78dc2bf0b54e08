/**
 * The one error page (404, 403, 413, 429, 500, ...): a short, designed explanation and a way back,
 * rendered inside the layout so the signed-in header stays. Every route exports an ErrorBoundary
 * built on it; `statusHandlers` let a route say something more specific for a status.
 * Thrown `Response`s carry our own short messages (invariantResponse); anything else, and any
 * framework text ("Error: No route matches ..."), is replaced by a generic sentence: no stack,
 * no internals.
 */
import { Link, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData, type ErrorResponse } from "@remix-run/react";
import type { ReactNode } from "react";

type StatusHandler = (info: { error: ErrorResponse; message: string | null }) => ReactNode;

const TITLES: Record<number, string> = {
  400: "This request could not be read",
  403: "This was not allowed",
  404: "Page not found",
  405: "This page does not take forms",
  411: "This request could not be read",
  413: "That was too much to send",
  429: "Too many attempts",
  500: "Something went wrong",
};

const DEFAULT_TEXT: Record<number, string> = {
  400: "Something in what was sent could not be understood. Go back, reload the page and try again.",
  403: "The form was sent from another site or has expired. Reload the page and try again.",
  404: "There is nothing at this address. It may have been mistyped, or the page may belong to another account.",
  405: "This address does not accept a form. Go back and use the page's own buttons.",
  413: "The request was larger than this page accepts.",
  429: "Wait a few minutes, then try again.",
};

const GENERIC = "An unexpected error occurred on our side. Your saved work is safe; try again in a moment.";

/** Our own thrown messages are short plain sentences; framework errors start with "Error:". */
function ownMessage(data: unknown): string | null {
  if (typeof data !== "string") return null;
  const text = data.trim();
  if (!text || text.length > 300 || /^(Error|TypeError|SyntaxError)\b/.test(text) || text.includes("\n    at ")) return null;
  return text;
}

export function ErrorPage({ status, title, children }: { status: number | null; title: string; children: ReactNode }) {
  const root = useRouteLoaderData<{ user: { id: string } | null }>("root");
  const signedIn = Boolean(root?.user);
  return (
    <section className="card mx-auto max-w-lg text-center" aria-labelledby="error-title" data-testid="error-page">
      {status ? <p className="text-sm font-semibold text-brand-700">Error {status}</p> : null}
      <h1 id="error-title" className="mt-1">{title}</h1>
      <div className="mt-3 break-words text-slate-700">{children}</div>
      <p className="mt-6 flex flex-wrap justify-center gap-2">
        {signedIn ? (
          <Link to="/dashboard" className="btn-primary">Go to your dashboard</Link>
        ) : (
          <>
            <Link to="/" className="btn-primary">Back to the start page</Link>
            {status === 403 || status === 404 ? <Link to="/login" className="btn-secondary">Log in</Link> : null}
          </>
        )}
      </p>
    </section>
  );
}

export function GeneralErrorBoundary({
  statusHandlers = {},
  unexpectedErrorHandler,
}: {
  statusHandlers?: Partial<Record<number, StatusHandler>>;
  unexpectedErrorHandler?: (error: unknown) => ReactNode;
}) {
  const error = useRouteError();
  const location = useLocation();

  if (isRouteErrorResponse(error)) {
    const message = ownMessage(error.data);
    const custom = statusHandlers[error.status]?.({ error, message });
    if (custom) return <>{custom}</>;
    const server = error.status >= 500;
    return (
      <ErrorPage status={error.status} title={TITLES[error.status] ?? (server ? TITLES[500] : "This request was refused")}>
        <p>{server ? GENERIC : (message ?? DEFAULT_TEXT[error.status] ?? "The page could not be shown.")}</p>
        {error.status === 404 && !message ? <p className="mt-2 text-sm text-slate-600">Address: <code className="break-all">{location.pathname.slice(0, 200)}</code></p> : null}
      </ErrorPage>
    );
  }
  if (unexpectedErrorHandler) return <>{unexpectedErrorHandler(error)}</>;
  return (
    <ErrorPage status={500} title={TITLES[500]}>
      <p>{GENERIC}</p>
    </ErrorPage>
  );
}
