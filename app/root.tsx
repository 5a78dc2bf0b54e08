// First: switches off zod's eval probe in the browser before any schema is built (CSP).
import "~/utils/zod-csp";
// Person-written messages for every zod check without its own, installed once for the whole app.
import "~/core/validation-messages";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "@remix-run/react";
import stylesheet from "~/tailwind.css?url";
import { CsrfInput } from "~/components/csrf-input";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useNonce } from "~/components/nonce-provider";
import { getCsrfToken } from "~/server/csrf.server";
import { getUserId } from "~/server/session.server";
import { findHeaderUser } from "~/server/users.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Baseline — practise where your score report says it matters" },
  { name: "description", content: "Targeted practice for certification retakes, driven by your score report." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { token, setCookie } = await getCsrfToken(request);
  const userId = await getUserId(request);
  const user = userId ? await findHeaderUser(userId) : null;
  return data({ csrf: token, user }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

function Header() {
  const root = useRouteLoaderData<typeof loader>("root");
  const user = root?.user;
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded-md px-3 py-2 text-sm font-medium no-underline ${isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link to={user ? "/dashboard" : "/"} className="flex items-center gap-2 text-lg font-semibold text-slate-900 no-underline">
          <span aria-hidden="true" className="inline-block h-6 w-6 rounded bg-brand-600 text-center text-sm leading-6 text-white">B</span>
          Baseline
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
          {user ? (
            <>
              <NavLink to="/dashboard" className={navClass}>Dashboard</NavLink>
              <NavLink to="/settings" className={navClass}>Settings</NavLink>
              <span className="hidden px-2 text-sm text-slate-600 sm:inline" data-testid="user-email">{user.email}</span>
              <Form method="post" action="/logout">
                <CsrfInput />
                <button type="submit" className="btn-secondary">Log out</button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login" className={navClass}>Log in</NavLink>
              <Link to="/signup" className="btn-primary">Sign up</Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
          Skip to content
        </a>
        <Header />
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Reached only when the root loader itself failed or a route has no boundary of its own. */
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
