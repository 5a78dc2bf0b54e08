import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

function limit(fallback: number) {
  return z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").default(fallback);
}

/** Environment variables the server reads, validated once at start-up. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  DATABASE_URL: z
    .string()
    .default("file:./data/baseline.db")
    .refine((v) => v.startsWith("file:"), {
      message:
        "must be a SQLite file URL such as file:./data/baseline.db (PostgreSQL is not wired up in this build; see docs/decisions/002-database.md)",
    }),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  COOKIE_SECURE: z.enum(["true", "false"], { message: "must be true or false" }).optional(),
  CONTENT_DIR: z.string().min(1).default("content"),
  HOST: z.string().min(1).optional(),
  TRUST_PROXY: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more").default(0),
  // Rate limits (app/server/rate-limit.server.ts, docs/security.md): realistic for people; tests raise the per-address ones.
  RATE_LIMIT_LOGIN_ACCOUNT: limit(10),
  RATE_LIMIT_LOGIN_ADDRESS: limit(100),
  RATE_LIMIT_SIGNUP_ADDRESS: limit(10),
  RATE_LIMIT_FLAG_ADDRESS: limit(120),
});
export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; cookieSecure: boolean };

export class EnvError extends Error {}

/** Validate raw environment values. Throws EnvError whose message names each bad variable. */
export function parseEnv(raw: Record<string, string | undefined>): z.infer<typeof EnvSchema> {
  // Treat empty strings as unset, as shells and .env files often produce them.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])] ?? "")})`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** The SQLite file a `file:` URL points at, resolved against the working directory. */
export function sqliteFilePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.replace(/^file:/, ""));
}

/**
 * SESSION_SECRET signs the CSRF cookie. When it is not set, a random one is created next to
 * the database file and reused, so `npm start` works without configuration.
 */
function resolveSecret(env: z.infer<typeof EnvSchema>): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.join(path.dirname(sqliteFilePath(env.DATABASE_URL)), ".session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

let cached: Env | undefined;
export function getEnv(): Env {
  if (!cached) {
    const parsed = parseEnv(process.env);
    cached = {
      ...parsed,
      SESSION_SECRET: resolveSecret(parsed),
      cookieSecure: parsed.COOKIE_SECURE ? parsed.COOKIE_SECURE === "true" : parsed.NODE_ENV === "production",
    };
  }
  return cached;
}
