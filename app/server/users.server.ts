/** Every query on the User table that the auth pages and the layout need (routes never query directly). */
import { prisma } from "./db.server";

/** What the header shows for the signed-in candidate. */
export function findHeaderUser(userId: string) {
  return prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
}

export function findUserForLogin(email: string) {
  return prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
}

export async function emailHasAccount(email: string): Promise<boolean> {
  return (await prisma.user.findUnique({ where: { email }, select: { id: true } })) !== null;
}

export function createUser(input: { email: string; name: string | null; passwordHash: string }) {
  return prisma.user.create({ data: input, select: { id: true } });
}
