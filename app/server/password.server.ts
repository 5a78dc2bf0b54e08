import { hash, verify } from "@node-rs/argon2";

// Argon2id with the OWASP-recommended minimum (19 MiB, 2 iterations, 1 lane).
// See docs/decisions/003-password-hashing.md.
const OPTIONS = { algorithm: 2 /* Argon2id (a const enum in the typings) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

// Verifying against this when the email is unknown keeps both paths equally slow,
// so response time does not reveal whether an account exists.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password-only-for-timing");
  await verifyPassword(await dummyHash, password);
}
