import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, sqliteFilePath } from "./env.server";

describe("parseEnv", () => {
  it("applies defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("file:./data/baseline.db");
    expect(env.NODE_ENV).toBe("development");
    expect(env.CONTENT_DIR).toBe("content");
    expect(env.TRUST_PROXY).toBe(0);
    expect(env.RATE_LIMIT_LOGIN_ACCOUNT).toBe(10);
    expect(env.RATE_LIMIT_SIGNUP_ADDRESS).toBe(10);
  });

  it("coerces PORT and treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "8080" }).PORT).toBe(8080);
    expect(parseEnv({ PORT: "" }).PORT).toBe(3000);
  });

  it.each([
    ["PORT", "abc", /PORT: must be a number/],
    ["PORT", "70000", /PORT: must be between 1 and 65535/],
    ["PORT", "3.5", /PORT: must be a whole number/],
    ["DATABASE_URL", "postgres://x", /DATABASE_URL: must be a SQLite file URL/],
    ["SESSION_SECRET", "short", /SESSION_SECRET: must be at least 32 characters/],
    ["NODE_ENV", "staging", /NODE_ENV/],
    ["COOKIE_SECURE", "yes", /COOKIE_SECURE: must be true or false/],
    ["TRUST_PROXY", "-1", /TRUST_PROXY: must be 0 or more/],
    ["RATE_LIMIT_LOGIN_ACCOUNT", "0", /RATE_LIMIT_LOGIN_ACCOUNT: must be at least 1/],
    ["RATE_LIMIT_SIGNUP_ADDRESS", "many", /RATE_LIMIT_SIGNUP_ADDRESS: must be a number/],
  ])("names the bad variable %s=%s", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });

  it("reports every bad variable at once, with the value it got", () => {
    try {
      parseEnv({ PORT: "x", DATABASE_URL: "mysql://db" });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain("PORT");
      expect((e as Error).message).toContain("DATABASE_URL");
      expect((e as Error).message).toContain('"x"');
    }
  });

  it("resolves the SQLite file path", () => {
    expect(sqliteFilePath("file:/tmp/a.db")).toBe("/tmp/a.db");
    expect(sqliteFilePath("file:./data/x.db")).toMatch(/\/data\/x\.db$/);
  });
});
