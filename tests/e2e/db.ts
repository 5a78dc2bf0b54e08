import crypto from "node:crypto";
import Database from "better-sqlite3";

/** Read-only access to this run's database, for checking what the app stored. */
export function openTestDb() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (it is set by playwright.config.ts)");
  return new Database(url.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
}

function openWritableTestDb() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (it is set by playwright.config.ts)");
  const db = new Database(url.replace(/^file:/, ""), { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
}

/**
 * An item with its key, whatever its type (docs/content-format.md "Item types"):
 * - single / multiple: `correct` options are the keyed answer;
 * - yesno: each option is a statement, `correct` = Yes;
 * - order: `order` is the right sequence of option keys, the other options are distractors;
 * - dropdown: each option names its `blank`; one `correct` per blank.
 */
export type ItemKey = {
  id: string;
  type: "single" | "multiple" | "yesno" | "order" | "dropdown";
  choose: number;
  order: string[] | null;
  caseStudyId: string | null;
  options: { key: string; text: string; correct: boolean; rationale: string; blank: string | null }[];
};

type ItemRow = { id: string; type: ItemKey["type"]; choose: number; correctOrder: string | null; caseStudyId: string | null };
type OptionRow = { key: string; text: string; correct: number; rationale: string; blank: string | null };

function readItem(db: Database.Database, itemId: string): ItemKey {
  const item = db.prepare("SELECT id, type, choose, correctOrder, caseStudyId FROM Item WHERE id = ?").get(itemId) as ItemRow | undefined;
  if (!item) throw new Error(`no item ${itemId}`);
  const options = db.prepare("SELECT key, text, correct, rationale, blank FROM ItemOption WHERE itemId = ? ORDER BY position").all(itemId) as OptionRow[];
  return {
    id: item.id,
    type: item.type,
    choose: item.choose,
    order: item.correctOrder ? (JSON.parse(item.correctOrder) as string[]) : null,
    caseStudyId: item.caseStudyId,
    options: options.map((o) => ({ key: o.key, text: o.text, correct: o.correct === 1, rationale: o.rationale, blank: o.blank })),
  };
}

/** A practice item and its key, from the Item / ItemOption rows. */
export function practiceItem(itemId: string): ItemKey {
  const db = openTestDb();
  try {
    return readItem(db, itemId);
  } finally {
    db.close();
  }
}

/** Items of an exam of one type (case-study items last), in id order. */
export function itemsOfType(examId: string, type: ItemKey["type"], opts: { caseStudy?: boolean } = {}): ItemKey[] {
  const db = openTestDb();
  try {
    const where = opts.caseStudy === undefined ? "" : opts.caseStudy ? " AND caseStudyId IS NOT NULL" : " AND caseStudyId IS NULL";
    const ids = db.prepare(`SELECT id FROM Item WHERE examId = ? AND type = ? AND retired = 0${where} ORDER BY id`).all(examId, type) as { id: string }[];
    return ids.map((r) => readItem(db, r.id));
  } finally {
    db.close();
  }
}

/** The case studies of an exam that active items use, with those items (id order). */
export function caseStudies(examId: string): { id: string; title: string; items: ItemKey[] }[] {
  const db = openTestDb();
  try {
    const cases = db.prepare("SELECT id, title FROM CaseStudy WHERE examId = ? ORDER BY id").all(examId) as { id: string; title: string }[];
    return cases
      .map((c) => ({
        ...c,
        items: (db.prepare("SELECT id FROM Item WHERE caseStudyId = ? AND retired = 0 ORDER BY id").all(c.id) as { id: string }[]).map((r) => readItem(db, r.id)),
      }))
      .filter((c) => c.items.length > 0);
  } finally {
    db.close();
  }
}

/** The name of an item's domain (as the custom-practice form labels it). */
export function domainNameOf(itemId: string): string {
  const db = openTestDb();
  try {
    return (db.prepare("SELECT d.name FROM Item i JOIN Domain d ON d.id = i.domainId WHERE i.id = ?").get(itemId) as { name: string }).name;
  } finally {
    db.close();
  }
}

/** The questions of a practice session: position and item, in position order. */
export function practiceQuestions(sessionId: string): { position: number; itemId: string; answered: boolean }[] {
  const db = openTestDb();
  try {
    return (db.prepare("SELECT position, itemId, answeredAt FROM PracticeQuestion WHERE sessionId = ? ORDER BY position").all(sessionId) as { position: number; itemId: string; answeredAt: string | null }[]).map(
      (r) => ({ position: r.position, itemId: r.itemId, answered: r.answeredAt !== null }),
    );
  } finally {
    db.close();
  }
}

/**
 * Creates a custom practice session for the candidate with exactly these items (the rows
 * startPractice would write: PracticeSession + one PracticeQuestion per item, options in content
 * order). For putting a chosen item in front of a candidate when the app's draw did not pick it.
 */
export function insertPracticeSession(email: string, examId: string, itemIds: string[]): string {
  const db = openWritableTestDb();
  try {
    const user = db.prepare("SELECT id FROM User WHERE email = ?").get(email) as { id: string } | undefined;
    if (!user) throw new Error(`no user ${email}`);
    const id = `e2e${crypto.randomBytes(10).toString("hex")}`;
    const now = new Date().toISOString().replace("Z", "+00:00");
    db.transaction(() => {
      db.prepare("INSERT INTO PracticeSession (id, userId, examId, kind, filters, seed, createdAt, completedAt) VALUES (?, ?, ?, 'custom', NULL, 1, ?, NULL)").run(id, user.id, examId, now);
      itemIds.forEach((itemId, position) => {
        const keys = (db.prepare("SELECT key FROM ItemOption WHERE itemId = ? ORDER BY position").all(itemId) as { key: string }[]).map((r) => r.key);
        db.prepare(
          `INSERT INTO PracticeQuestion (id, sessionId, itemId, position, kind, reason, optionOrder, selected, correct, score, guessed, durationMs, answeredAt)
           VALUES (?, ?, ?, ?, 'new', 'New question (set up by the test)', ?, NULL, NULL, NULL, 0, NULL, NULL)`,
        ).run(`${id}q${position}`, id, itemId, position, JSON.stringify(keys));
      });
    })();
    return id;
  } finally {
    db.close();
  }
}

type Snapshot = {
  type: ItemKey["type"];
  choose: number;
  order?: string[] | null;
  caseStudy?: { id: string; title: string } | null;
  options: { key: string; text: string; correct: boolean; rationale: string; blank?: string | null }[];
};

function readSnapshot(mockId: string, position: number): Snapshot & { itemId: string } {
  const db = openTestDb();
  try {
    const row = db.prepare("SELECT itemId, snapshot FROM MockQuestion WHERE mockId = ? AND position = ?").get(mockId, position) as { itemId: string; snapshot: string } | undefined;
    if (!row) throw new Error(`no question ${position} in mock ${mockId}`);
    return { ...(JSON.parse(row.snapshot) as Snapshot), itemId: row.itemId };
  } finally {
    db.close();
  }
}

/** A mock question (0-based position) and its key, from the snapshot the mock was assembled with. */
export function mockItem(mockId: string, position: number): ItemKey {
  const s = readSnapshot(mockId, position);
  return {
    id: s.itemId,
    type: s.type,
    choose: s.choose,
    order: s.order ?? null,
    caseStudyId: s.caseStudy?.id ?? null,
    options: s.options.map((o) => ({ key: o.key, text: o.text, correct: o.correct === true, rationale: o.rationale, blank: o.blank ?? null })),
  };
}

/** The positions (0-based) of a mock's case-study section, with the case study; null when it has none. */
export function mockCaseSection(mockId: string): { caseStudyId: string; title: string; positions: number[] } | null {
  const db = openTestDb();
  try {
    const rows = db.prepare("SELECT position, snapshot FROM MockQuestion WHERE mockId = ? ORDER BY position").all(mockId) as { position: number; snapshot: string }[];
    const inCase = rows.map((r) => ({ position: r.position, cs: (JSON.parse(r.snapshot) as Snapshot).caseStudy ?? null })).filter((r) => r.cs);
    if (!inCase.length) return null;
    return { caseStudyId: inCase[0].cs!.id, title: inCase[0].cs!.title, positions: inCase.map((r) => r.position) };
  } finally {
    db.close();
  }
}

export function mockClosedSections(mockId: string): string[] {
  const db = openTestDb();
  try {
    const row = db.prepare("SELECT closedSections FROM MockExam WHERE id = ?").get(mockId) as { closedSections: string | null };
    return row.closedSections ? (JSON.parse(row.closedSections) as string[]) : [];
  } finally {
    db.close();
  }
}

/** What the mock stored as the answer of a question (0-based position). */
export function mockSelected(mockId: string, position: number): string[] {
  const db = openTestDb();
  try {
    const row = db.prepare("SELECT selected FROM MockQuestion WHERE mockId = ? AND position = ?").get(mockId, position) as { selected: string | null };
    return row.selected ? (JSON.parse(row.selected) as string[]) : [];
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
 * Moves a running mock's deadline (the test's stand-in for waiting 100 minutes). Besides
 * insertPracticeSession, the only write a browser test makes behind the app's back.
 */
export function setMockDeadline(mockId: string, deadline: Date) {
  const db = openWritableTestDb();
  try {
    db.prepare("UPDATE MockExam SET deadline = ? WHERE id = ?").run(deadline.toISOString().replace("Z", "+00:00"), mockId);
  } finally {
    db.close();
  }
}
