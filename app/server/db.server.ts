import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";

// One Prisma client per server process (kept across dev-server reloads).
const globalForPrisma = globalThis as unknown as { __prisma?: PrismaClient };

export function createPrisma(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

export const prisma: PrismaClient = globalForPrisma.__prisma ?? createPrisma(getEnv().DATABASE_URL);
globalForPrisma.__prisma = prisma;
