/**
 * Request rate limits (rate-limiter-flexible, in memory; ADR 009). They hold for one server
 * process and reset when it restarts: several processes need a shared store (the library's
 * PostgreSQL/SQLite stores) — see docs/security.md. Limits come from the environment
 * (RATE_LIMIT_*, validated in env.server.ts) so the browser suite, which signs up hundreds of
 * candidates from 127.0.0.1, can raise the per-address ones.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "./env.server";

export type RateLimitConfig = {
  /** Failed logins per account (email) in 15 minutes. */
  loginPerAccount: number;
  /** Login attempts per client address in 15 minutes. */
  loginPerAddress: number;
  /** Sign-ups per client address in an hour. */
  signupPerAddress: number;
  /** Question flags per client address in an hour. */
  flagPerAddress: number;
};

export type Refusal = { retryAfterSeconds: number; message: string };

function waitText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

function refusal(res: RateLimiterRes, what: string): Refusal {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return { retryAfterSeconds, message: `${what} Try again in ${waitText(retryAfterSeconds)}.` };
}

async function take(limiter: RateLimiterMemory, key: string, what: string): Promise<Refusal | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (e) {
    if (e instanceof RateLimiterRes) return refusal(e, what);
    throw e;
  }
}

export function createRateLimits(config: RateLimitConfig) {
  const loginAccount = new RateLimiterMemory({ keyPrefix: "login-account", points: config.loginPerAccount, duration: 15 * 60 });
  const loginAddress = new RateLimiterMemory({ keyPrefix: "login-address", points: config.loginPerAddress, duration: 15 * 60 });
  const signupAddress = new RateLimiterMemory({ keyPrefix: "signup-address", points: config.signupPerAddress, duration: 60 * 60 });
  const flagAddress = new RateLimiterMemory({ keyPrefix: "flag-address", points: config.flagPerAddress, duration: 60 * 60 });
  // One wording whether or not the email has an account: the limit must not reveal which emails exist.
  const TOO_MANY_LOGINS = "Too many login attempts.";

  return {
    /** Before checking a password: counts the attempt against the address; refuses if the account is locked. */
    async beforeLogin(address: string, email: string): Promise<Refusal | null> {
      const byAddress = await take(loginAddress, address, TOO_MANY_LOGINS);
      if (byAddress) return byAddress;
      const failures = await loginAccount.get(email);
      if (failures && failures.consumedPoints >= config.loginPerAccount) return refusal(failures, TOO_MANY_LOGINS);
      return null;
    },
    /** A wrong password (or an unknown email: counted the same way). */
    async loginFailed(email: string): Promise<void> {
      await loginAccount.penalty(email, 1);
    },
    async loginSucceeded(email: string): Promise<void> {
      await loginAccount.delete(email);
    },
    signup: (address: string) => take(signupAddress, address, "Too many accounts were created from your network."),
    flag: (address: string) => take(flagAddress, address, "Too many problem reports from your network."),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

let instance: RateLimits | undefined;
export function rateLimits(): RateLimits {
  if (!instance) {
    const env = getEnv();
    instance = createRateLimits({
      loginPerAccount: env.RATE_LIMIT_LOGIN_ACCOUNT,
      loginPerAddress: env.RATE_LIMIT_LOGIN_ADDRESS,
      signupPerAddress: env.RATE_LIMIT_SIGNUP_ADDRESS,
      flagPerAddress: env.RATE_LIMIT_FLAG_ADDRESS,
    });
  }
  return instance;
}

/** The client's address from the HTTP server's load context ("local" under a server that gives none). */
export function clientAddress(context: { clientAddress?: string } | undefined): string {
  return context?.clientAddress || "local";
}
