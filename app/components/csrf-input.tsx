import { useRouteLoaderData } from "@remix-run/react";

/**
 * The part of the root loader's data this component reads. Declared here rather than imported
 * from `~/root`, which renders this component: importing it back would make a cycle.
 */
type RootCsrfData = { csrf?: string };

/** Hidden field carrying the CSRF token; every form that posts includes it. */
export function CsrfInput() {
  const data = useRouteLoaderData("root") as RootCsrfData | undefined;
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}
