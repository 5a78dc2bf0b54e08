/**
 * Our own better-sqlite3 connections to the app's database file (the selector cache's reader,
 * the answer writer), kept across requests and dev-server reloads like the Prisma client.
 */
import fs from "node:fs";
import type Database from "better-sqlite3";
import { getEnv, sqliteFilePath } from "./env.server";

export type FileConnection = { db: Database.Database; file: string; ino: number };

/**
 * `current` while it is open on the file DATABASE_URL names now; otherwise (first use, another
 * DATABASE_URL, the file replaced: tests and benches recreate databases) `current` is closed and
 * `open(file, ino)` makes the new one.
 */
export function connectionFor<T extends FileConnection>(current: T | undefined, open: (file: string, ino: number) => T): T {
  const file = sqliteFilePath(getEnv().DATABASE_URL);
  const { ino } = fs.statSync(file);
  if (current && current.db.open && current.file === file && current.ino === ino) return current;
  if (current?.db.open) current.db.close();
  return open(file, ino);
}
