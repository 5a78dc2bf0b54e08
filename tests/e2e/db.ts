import Database from "better-sqlite3";

/** Read-only access to this run's database, for checking what the app stored. */
export function openTestDb() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (it is set by playwright.config.ts)");
  return new Database(url.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
}

export function correctKeys(itemId: string): string[] {
  const db = openTestDb();
  try {
    return (db.prepare("SELECT key FROM ItemOption WHERE itemId = ? AND correct = 1").all(itemId) as { key: string }[]).map((r) => r.key);
  } finally {
    db.close();
  }
}
