import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireCsrf } from "~/server/csrf.server";
import { logout } from "~/server/session.server";
import { readForm } from "~/server/request-body.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, await readForm(request));
  return logout(request);
}

// Logging out always redirects; the component exists so that a refused logout (a forged or
// expired form: 403) is shown as the designed error page inside the layout, not as bare text.
export default function Logout() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
