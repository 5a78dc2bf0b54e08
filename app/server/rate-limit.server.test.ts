import { describe, expect, it } from "vitest";
import { clientAddress, createRateLimits } from "./rate-limit.server";

const config = { loginPerAccount: 3, loginPerAddress: 5, signupPerAddress: 2, flagPerAddress: 2 };

describe("rate limits", () => {
  it("locks an account after its failed logins, for any address, until a success clears it", async () => {
    const limits = createRateLimits(config);
    for (let i = 0; i < 3; i++) {
      expect(await limits.beforeLogin(`10.0.0.${i}`, "a@example.com")).toBeNull();
      await limits.loginFailed("a@example.com");
    }
    const refused = await limits.beforeLogin("10.0.0.9", "a@example.com");
    expect(refused?.message).toMatch(/^Too many login attempts\. Try again in \d+ minutes\.$/);
    expect(refused?.retryAfterSeconds).toBeGreaterThan(60 * 14);
    expect(await limits.beforeLogin("10.0.0.9", "b@example.com")).toBeNull();
  });

  it("a success resets the account's count", async () => {
    const limits = createRateLimits(config);
    await limits.loginFailed("a@example.com");
    await limits.loginFailed("a@example.com");
    await limits.loginSucceeded("a@example.com");
    await limits.loginFailed("a@example.com");
    expect(await limits.beforeLogin("1", "a@example.com")).toBeNull();
  });

  it("limits login attempts per address, right or wrong", async () => {
    const limits = createRateLimits(config);
    for (let i = 0; i < 5; i++) expect(await limits.beforeLogin("10.0.0.1", `u${i}@example.com`)).toBeNull();
    expect(await limits.beforeLogin("10.0.0.1", "u9@example.com")).not.toBeNull();
    expect(await limits.beforeLogin("10.0.0.2", "u9@example.com")).toBeNull();
  });

  it("limits sign-ups and flags per address", async () => {
    const limits = createRateLimits(config);
    expect(await limits.signup("x")).toBeNull();
    expect(await limits.signup("x")).toBeNull();
    expect((await limits.signup("x"))?.message).toMatch(/Too many accounts/);
    expect(await limits.signup("y")).toBeNull();
    expect(await limits.flag("x")).toBeNull();
    expect(await limits.flag("x")).toBeNull();
    expect((await limits.flag("x"))?.message).toMatch(/Too many problem reports/);
  });

  it("uses the server's client address, or one shared key without a server", () => {
    expect(clientAddress({ clientAddress: "::1" })).toBe("::1");
    expect(clientAddress({})).toBe("local");
    expect(clientAddress(undefined)).toBe("local");
  });
});
