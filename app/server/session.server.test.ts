import { afterAll, describe, expect, it } from "vitest";
import { createSingletonTestDb, type TestDb } from "../../tests/setup/test-db";

const DAY = 86_400_000;
const db: TestDb = createSingletonTestDb();
process.env.SESSION_SECRET ??= "unit-secret-unit-secret-unit-secret-unit";
const sessions = await import("./session.server");
const csrf = await import("./csrf.server");
const account = await import("./account.server");
const { hashPassword } = await import("./password.server");
const { prisma: singleton } = await import("./db.server");
afterAll(async () => {
  await singleton.$disconnect();
  await db.cleanup();
});

let n = 0;
async function newUser(password = "old password 123") {
  n++;
  return db.prisma.user.create({ data: { email: `s${n}@example.com`, passwordHash: await hashPassword(password) } });
}
const requestWith = (setCookie: string, extra = "") => new Request("http://localhost/x", { headers: { Cookie: `${setCookie.split(";")[0]}${extra}` } });

describe("login sessions", () => {
  it("end after SESSION_IDLE_DAYS without use, and the ended row is deleted", async () => {
    const user = await newUser();
    const t0 = new Date("2026-06-01T00:00:00Z");
    const cookie = await sessions.createUserSession(user.id, t0);
    const req = requestWith(cookie);
    expect(await sessions.getUserId(req, new Date(t0.getTime() + 6 * DAY))).toBe(user.id); // used: idle clock restarts
    expect(await sessions.getUserId(req, new Date(t0.getTime() + 12 * DAY))).toBe(user.id);
    expect(await sessions.getUserId(req, new Date(t0.getTime() + 12 * DAY + sessions.SESSION_IDLE_DAYS * DAY))).toBeNull();
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("end at the absolute lifetime even when used every day", async () => {
    const user = await newUser();
    const t0 = new Date("2026-06-01T00:00:00Z");
    const req = requestWith(await sessions.createUserSession(user.id, t0));
    for (let d = 1; d < sessions.SESSION_DAYS; d += 5) expect(await sessions.getUserId(req, new Date(t0.getTime() + d * DAY))).toBe(user.id);
    expect(await sessions.getUserId(req, new Date(t0.getTime() + sessions.SESSION_DAYS * DAY))).toBeNull();
  });

  it("are swept at login: every ended session of anyone is deleted", async () => {
    const a = await newUser();
    await db.prisma.session.create({ data: { id: "old-idle", userId: a.id, createdAt: new Date(0), lastSeenAt: new Date("2026-01-01T00:00:00Z"), expiresAt: new Date("2030-01-01T00:00:00Z") } });
    await db.prisma.session.create({ data: { id: "old-expired", userId: a.id, expiresAt: new Date("2026-01-02T00:00:00Z") } });
    await sessions.createUserSession(a.id, new Date("2026-03-01T00:00:00Z"));
    expect(await db.prisma.session.count({ where: { id: { in: ["old-idle", "old-expired"] } } })).toBe(0);
  });

  it("change password ends the other sessions and keeps this one; log out everywhere ends all", async () => {
    const user = await newUser();
    const now = new Date();
    const mine = requestWith(await sessions.createUserSession(user.id, now));
    const other = requestWith(await sessions.createUserSession(user.id, now));
    const me = (await sessions.getSessionId(mine))!;
    expect(await account.changePassword(user.id, me.id, "wrong", "new password 456")).toEqual({ ok: false });
    expect(await account.changePassword(user.id, me.id, "old password 123", "new password 456")).toEqual({ ok: true, endedSessions: 1 });
    expect(await sessions.getUserId(mine)).toBe(user.id);
    expect(await sessions.getUserId(other)).toBeNull();
    expect(await sessions.endSessions(user.id)).toBe(1);
    expect(await sessions.getUserId(mine)).toBeNull();
  });

  it("delete account needs the password and removes every row of the candidate", async () => {
    const user = await newUser();
    await sessions.createUserSession(user.id);
    expect(await account.deleteAccount(user.id, "wrong")).toBe(false);
    expect(await account.deleteAccount(user.id, "old password 123")).toBe(true);
    expect(await db.prisma.user.count({ where: { id: user.id } })).toBe(0);
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("CSRF token bound to the session", () => {
  async function formFor(request: Request) {
    const { token, setCookie } = await csrf.getCsrfToken(request);
    return { token, cookie: setCookie };
  }
  it("a token from one session (or signed out) is refused in another", async () => {
    const user = await newUser();
    const a = await sessions.createUserSession(user.id);
    const b = await sessions.createUserSession(user.id);
    const first = await formFor(requestWith(a));
    const csrfCookie = `; ${first.cookie!.split(";")[0]}`;
    const post = (session: string, token: string) => {
      const form = new FormData();
      form.set("csrf", token);
      return csrf.verifyCsrf(requestWith(session, csrfCookie), form);
    };
    const tokenA = (await csrf.getCsrfToken(requestWith(a, csrfCookie))).token;
    await expect(post(a, tokenA)).resolves.toBeUndefined();
    await expect(post(b, tokenA)).rejects.toThrow(csrf.CsrfError);
    const signedOut = (await csrf.getCsrfToken(new Request("http://localhost/x", { headers: { Cookie: csrfCookie.slice(2) } }))).token;
    expect(signedOut).not.toBe(tokenA);
    await expect(post(a, signedOut)).rejects.toThrow(csrf.CsrfError);
  });
});
