/**
 * Every address no other route matches. Without it Remix answers a 404 from the root without running
 * the root loader, and the page loses the signed-in header; here the root loader runs and the 404
 * renders inside the layout.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { invariantResponse } from "~/utils/invariant";

export const meta: MetaFunction = () => [{ title: "Page not found — Baseline" }];

export function loader(_args: LoaderFunctionArgs) {
  invariantResponse(false, "There is no page at this address. Check the link, or go back to your dashboard.", { status: 404 });
  return null;
}

export function action(_args: LoaderFunctionArgs) {
  invariantResponse(false, "There is no page at this address. Check the link, or go back to your dashboard.", { status: 404 });
  return null;
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
