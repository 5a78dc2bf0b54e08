import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.server";
import { LoginSchema, SignupSchema } from "~/utils/auth-schemas";

process.env.DATABASE_URL ??= "file:/tmp/baseline-unit-never-opened.db";
const { hashToken, newSessionToken, readCookie, safeRedirect, sessionCookieHeader } = await import("./session.server");
const { checkOrigin } = await import("./csrf.server");

describe("password hashing", () => {
  it("uses Argon2id with memory-hard parameters and verifies", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "Correct horse battery")).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("never authenticates against a malformed hash", async () => {
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });
});

describe("session tokens and cookies", () => {
  it("makes long random tokens and stores only their hash", () => {
    const a = newSessionToken();
    expect(a.length).toBeGreaterThanOrEqual(43);
    expect(a).not.toBe(newSessionToken());
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
  });

  it("sets HttpOnly, SameSite=Lax, and Secure only when asked", () => {
    const exp = new Date("2030-01-01T00:00:00Z");
    const plain = sessionCookieHeader("tok", exp, false);
    expect(plain).toContain("HttpOnly");
    expect(plain).toContain("SameSite=Lax");
    expect(plain).not.toContain("Secure");
    expect(sessionCookieHeader("tok", exp, true)).toContain("Secure");
  });

  it("reads a cookie among others", () => {
    expect(readCookie("a=1; bl_session=abc%2Bdef; b=2", "bl_session")).toBe("abc+def");
    expect(readCookie("a=1", "bl_session")).toBeNull();
    expect(readCookie(null, "bl_session")).toBeNull();
  });

  it("only follows same-site relative redirects", () => {
    expect(safeRedirect("/exams/AZ-104")).toBe("/exams/AZ-104");
    expect(safeRedirect("//evil.example")).toBe("/dashboard");
    expect(safeRedirect("https://evil.example")).toBe("/dashboard");
    expect(safeRedirect("/\\evil.example")).toBe("/dashboard");
    expect(safeRedirect(null)).toBe("/dashboard");
  });

  it("refuses the known open-redirect bypass families", () => {
    const bad = [
      "/\tevil.example", "/%09/evil.example", "/\t/evil.example", "/\n/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example",
      "/\\evil.example", "/%5cevil.example", "/%5C%5Cevil.example", "\\evil.example",
      "/%2f/evil.example", "/%2F%2Fevil.example", "//evil.example", "///evil.example",
      "/a/..//evil.example", "/./..//evil.example",
      "https://evil.example", "javascript:alert(1)", "data:text/html,x", " /dashboard", "evil.example", "",
      "/%zz", "/\u0000/evil", "/" + "a".repeat(3000),
    ];
    for (const b of bad) expect(safeRedirect(b), b).toBe("/dashboard");
  });

  it("keeps ordinary paths, with their query and fragment", () => {
    expect(safeRedirect("/exams/AZ-104/practice?x=1#top")).toBe("/exams/AZ-104/practice?x=1#top");
    expect(safeRedirect("/mock/abc/results")).toBe("/mock/abc/results");
  });
});

describe("origin check", () => {
  const req = (origin: string | null) =>
    new Request("http://localhost:3000/logout", {
      method: "POST",
      headers: origin ? { Origin: origin, Host: "localhost:3000" } : { Host: "localhost:3000" },
    });
  it("accepts same origin and requests without Origin, refuses others", () => {
    expect(checkOrigin(req("http://localhost:3000"))).toBe(true);
    expect(checkOrigin(req(null))).toBe(true);
    expect(checkOrigin(req("https://evil.example"))).toBe(false);
    expect(checkOrigin(req("null"))).toBe(false);
  });
});

describe("auth form schemas", () => {
  it("normalises email and requires a long enough, confirmed password", () => {
    expect(LoginSchema.parse({ email: " Ana@Example.COM ", password: "x" }).email).toBe("ana@example.com");
    const bad = SignupSchema.safeParse({ email: "a@b.co", password: "short", confirm: "other" });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toContain("Use at least 10 characters");
    expect(SignupSchema.safeParse({ email: "a@b.co", password: "long enough pw", confirm: "long enough px" }).error!.issues[0].message).toBe(
      "The passwords do not match",
    );
  });
});
