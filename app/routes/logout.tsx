import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireCsrf } from "~/server/csrf.server";
import { logout } from "~/server/session.server";
import { readForm } from "~/server/request-body.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, await readForm(request));
  return logout(request);
}
