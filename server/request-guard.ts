/**
 * Checks every request passes before the app sees it (pure, so it is unit-tested without a server):
 * - an unsafe method must declare its body length, and that length must be under the route's
 *   ceiling (Node's HTTP parser then never delivers more than was declared). Under the ceiling the
 *   app reads the body with its own, smaller limit and answers a too-large one with a designed page;
 * - a cross-site Origin is not allowed to reach Remix, whose own check would throw a bare 500:
 *   the verdict is handed to the app's CSRF check (app/server/csrf.server.ts), which answers 403.
 */

import { bodyCeilingFor, formatBytes } from "../app/utils/body-limits";

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Header the server sets when it removed a cross-site Origin; read by checkOrigin(). */
export const CROSS_SITE_HEADER = "x-baseline-cross-site";

export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; message: string };

export function checkBodyHeaders(method: string, pathname: string, headers: { contentLength?: string; transferEncoding?: string }): BodyVerdict {
  if (!UNSAFE_METHODS.has(method.toUpperCase())) return { ok: true };
  const declared = headers.contentLength === undefined ? null : Number(headers.contentLength);
  if (declared === null) {
    if (headers.transferEncoding) return { ok: false, status: 411, message: "Send the request with a Content-Length." };
    return { ok: true }; // no body at all
  }
  if (!Number.isSafeInteger(declared) || declared < 0) return { ok: false, status: 411, message: "The request's Content-Length is not a number." };
  const ceiling = bodyCeilingFor(pathname);
  if (declared > ceiling) return { ok: false, status: 413, message: `This request is too large: this page accepts at most ${formatBytes(ceiling)}.` };
  return { ok: true };
}

/** True when the browser says the request comes from a page on another origin than `host`. */
export function isCrossSite(method: string, origin: string | undefined, host: string | undefined): boolean {
  if (!UNSAFE_METHODS.has(method.toUpperCase()) || origin === undefined) return false;
  if (origin === "null" || !host) return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
