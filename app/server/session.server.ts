import crypto from "node:crypto";
import { redirect } from "@remix-run/node";
import { prisma } from "./db.server";
import { getEnv } from "./env.server";

export const SESSION_COOKIE = "bl_session";
/** Absolute lifetime of a login session. */
export const SESSION_DAYS = 30;
/** A session not used for this long ends (idle timeout), whatever its absolute expiry. */
export const SESSION_IDLE_DAYS = 7;
/** lastSeenAt is written at most this often, so reading pages does not mean a write per request. */
const TOUCH_EVERY_MS = 5 * 60_000;

export function newSessionToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** Only a hash of the token is stored, so a leaked database does not leak live sessions. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function sessionCookieHeader(token: string, expires: Date, secure: boolean): string {
  const attrs = [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expires.toUTCString()}`,
  ];
  if (secure) attrs.push("Secure");
  return attrs.join("; ");
}

export function clearSessionCookieHeader(secure: boolean): string {
  return sessionCookieHeader("", new Date(0), secure);
}

export async function createUserSession(userId: string, now = new Date()): Promise<string> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await deleteExpiredSessions(now);
  await prisma.session.create({ data: { id: hashToken(token), userId, expiresAt, createdAt: now, lastSeenAt: now } });
  return sessionCookieHeader(token, expiresAt, getEnv().cookieSecure);
}

/** Whether a session has ended: past its absolute expiry, or idle for SESSION_IDLE_DAYS. */
export function sessionEnded(session: { expiresAt: Date; lastSeenAt: Date }, now: Date): boolean {
  return session.expiresAt.getTime() <= now.getTime() || now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_DAYS * 86_400_000;
}

/** Deletes every ended session (run at each login, so the table never keeps dead rows for long). */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const idleSince = new Date(now.getTime() - SESSION_IDLE_DAYS * 86_400_000);
  const { count } = await prisma.session.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleSince } }] } });
  return count;
}

/** The session row behind the request's cookie (hash of the token), if it is live. */
export async function getSessionId(request: Request, now = new Date()): Promise<{ id: string; userId: string } | null> {
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  if (!token) return null;
  const id = hashToken(token);
  const session = await prisma.session.findUnique({ where: { id }, select: { userId: true, expiresAt: true, lastSeenAt: true } });
  if (!session) return null;
  if (sessionEnded(session, now)) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return { id, userId: session.userId };
}

export async function getUserId(request: Request, now = new Date()): Promise<string | null> {
  return (await getSessionId(request, now))?.userId ?? null;
}

/** Ends every session of the candidate except, optionally, one (the one changing the password). */
export async function endSessions(userId: string, opts: { except?: string } = {}): Promise<number> {
  const { count } = await prisma.session.deleteMany({ where: { userId, ...(opts.except ? { id: { not: opts.except } } : {}) } });
  return count;
}

/** Every protected loader/action starts here: no user, no data. */
export async function requireUserId(request: Request): Promise<string> {
  const userId = await getUserId(request);
  if (!userId) {
    const url = new URL(request.url);
    const to = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(to)}`);
  }
  return userId;
}

export async function requireUser(request: Request) {
  const userId = await requireUserId(request);
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, desiredRetention: true, sessionSize: true, allowEasy: true },
  });
  if (!user) throw await logout(request);
  return user;
}

export async function logout(request: Request) {
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  if (token) await prisma.session.deleteMany({ where: { id: hashToken(token) } });
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookieHeader(getEnv().cookieSecure) } });
}

// The redirect rule is pure and lives with its tests in app/utils/safe-redirect.ts.
export { safeRedirect } from "~/utils/safe-redirect";
