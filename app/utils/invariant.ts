/**
 * Throws a Response (rendered by the route's GeneralErrorBoundary) unless `condition` holds:
 * `invariantResponse(mock, "Mock exam not found", { status: 404 })` instead of a hand-written
 * `if (!mock) throw new Response(...)`. The message is shown to the candidate: write it for a person.
 */
export function invariantResponse(condition: unknown, message: string | (() => string), init?: ResponseInit): asserts condition {
  if (condition) return;
  const text = typeof message === "function" ? message() : message;
  throw new Response(text, { status: 400, ...init, headers: { "Content-Type": "text/plain; charset=utf-8", ...(init?.headers as Record<string, string> | undefined) } });
}
