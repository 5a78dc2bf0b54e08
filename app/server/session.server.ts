import crypto from "node:crypto";
import { redirect } from "@remix-run/node";
import { prisma } from "./db.server";
import { getEnv } from "./env.server";

export const SESSION_COOKIE = "bl_session";
export const SESSION_DAYS = 30;

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
  await prisma.session.create({ data: { id: hashToken(token), userId, expiresAt } });
  return sessionCookieHeader(token, expiresAt, getEnv().cookieSecure);
}

export async function getUserId(request: Request): Promise<string | null> {
  const token = readCookie(request.headers.get("Cookie"), SESSION_COOKIE);
  if (!token) return null;
  const session = await prisma.session.findUnique({
    where: { id: hashToken(token) },
    select: { userId: true, expiresAt: true },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return session.userId;
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
