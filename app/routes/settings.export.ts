/** GET: the signed-in candidate's data as a JSON download (account.server.ts exportAccount). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAccount } from "~/server/account.server";
import { requireUserId } from "~/server/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const data = await exportAccount(userId);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="baseline-data-${data.exportedAt.slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
