import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { getEnv } from "./env.server";
import { SESSION_COOKIE, hashToken, readCookie } from "./session.server";

/**
 * Cross-site form protection, two layers:
 * 1. a signed, HttpOnly, SameSite=Lax cookie holding a random token, echoed by every form in a
 *    hidden field (double submit): a foreign site can neither read nor forge it;
 * 2. when the browser sends an Origin header, it must be this server's own origin.
 * The token a form carries is bound to the login session: HMAC(secret, cookie token | session),
 * so a token seen while signed out, or in another session, is refused in this one (ADR 004).
 */
export const CSRF_FIELD = "csrf";

function csrfCookie() {
  const env = getEnv();
  return createCookie("bl_csrf", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.cookieSecure,
    path: "/",
    secrets: [env.SESSION_SECRET],
  });
}

export class CsrfError extends Error {}

/** Which login session the request belongs to (the stored hash of its token), or "signed-out". */
function sessionKey(request: Request): string {
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  return token ? hashToken(token) : "signed-out";
}

/** The value forms carry: the cookie's random token bound to the session. */
export function formToken(cookieToken: string, session: string): string {
  return crypto.createHmac("sha256", getEnv().SESSION_SECRET).update(`csrf|${cookieToken}|${session}`).digest("base64url");
}

/** The form token for this request, and a Set-Cookie header when a new cookie had to be issued. */
export async function getCsrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const cookie = csrfCookie();
  const existing = await cookie.parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: formToken(existing, sessionKey(request)), setCookie: null };
  const fresh = crypto.randomBytes(32).toString("base64url");
  return { token: formToken(fresh, sessionKey(request)), setCookie: await cookie.serialize(fresh) };
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

export function checkOrigin(request: Request): boolean {
  // server/index.ts removes a cross-site Origin before Remix sees it (Remix would answer a bare 500) and says so here.
  if (request.headers.get("X-Baseline-Cross-Site")) return false;
  const origin = request.headers.get("Origin");
  if (!origin || origin === "null") return origin !== "null";
  const url = new URL(request.url);
  const host = request.headers.get("X-Forwarded-Host") ?? request.headers.get("Host") ?? url.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Throws CsrfError unless the form carries the token of this browser's cookie. */
export async function verifyCsrf(request: Request, form: FormData): Promise<void> {
  if (!checkOrigin(request)) throw new CsrfError("This form was submitted from another site.");
  const cookieToken = await csrfCookie().parse(request.headers.get("Cookie"));
  const sent = form.get(CSRF_FIELD);
  if (typeof cookieToken !== "string" || typeof sent !== "string" || !sameToken(formToken(cookieToken, sessionKey(request)), sent)) {
    throw new CsrfError("Your form expired or was sent from another site. Reload the page and try again.");
  }
}

/** verifyCsrf for actions that answer a failed check with a plain 403 page. */
export async function requireCsrf(request: Request, form: FormData): Promise<void> {
  try {
    await verifyCsrf(request, form);
  } catch (e) {
    if (e instanceof CsrfError) throw new Response(e.message, { status: 403 });
    throw e;
  }
}
