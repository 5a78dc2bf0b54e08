import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { CsrfError, verifyCsrf } from "~/server/csrf.server";
import { logout } from "~/server/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  try {
    await verifyCsrf(request, await request.formData());
  } catch (e) {
    if (e instanceof CsrfError) throw new Response(e.message, { status: 403 });
    throw e;
  }
  return logout(request);
}
