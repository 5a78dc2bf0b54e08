/**
 * The page for the few answers the server gives before the app runs (a body over the ceiling, a
 * crash outside Remix). Everything else is rendered by the app's GeneralErrorBoundary. Static
 * and tiny: it echoes nothing from the request and needs no script (so no CSP nonce).
 */
const TITLES: Record<number, string> = { 411: "Length required", 413: "Request too large", 500: "Something went wrong" };

export function plainErrorPage(status: number, message: string): string {
  const title = TITLES[status] ?? "Request refused";
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} — Baseline</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#0f172a"><h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="/">Back to Baseline</a></p></body></html>`;
}
