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

/** The correct option keys of a mock question, from the snapshot the mock was assembled with. */
export function mockCorrectKeys(mockId: string, position: number): string[] {
  const db = openTestDb();
  try {
    const row = db.prepare("SELECT snapshot FROM MockQuestion WHERE mockId = ? AND position = ?").get(mockId, position) as { snapshot: string } | undefined;
    if (!row) throw new Error(`no question ${position} in mock ${mockId}`);
    return (JSON.parse(row.snapshot) as { options: { key: string; correct: boolean }[] }).options.filter((o) => o.correct).map((o) => o.key);
  } finally {
    db.close();
  }
}

export function mockDeadline(mockId: string): string {
  const db = openTestDb();
  try {
    return (db.prepare("SELECT deadline FROM MockExam WHERE id = ?").get(mockId) as { deadline: string }).deadline;
  } finally {
    db.close();
  }
}

/**
 * Moves a running mock's deadline (the test's stand-in for waiting 100 minutes). The only write a
 * browser test makes behind the app's back.
 */
export function setMockDeadline(mockId: string, deadline: Date) {
  const url = process.env.E2E_DATABASE_URL!;
  const db = new Database(url.replace(/^file:/, ""), { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare("UPDATE MockExam SET deadline = ? WHERE id = ?").run(deadline.toISOString().replace("Z", "+00:00"), mockId);
  } finally {
    db.close();
  }
}
