/**
 * Cross-user authorisation, route by route: every route whose URL carries an id (report, practice
 * session, mock exam; their answers and flags go through the same URLs) is requested by another
 * candidate, and with an id that does not exist, and must answer 404 and change nothing.
 *
 * The first test walks app/routes/: a new route file with a `$param` other than the exam code
 * fails until it has a case here.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "./fixtures";
import { insertPracticeSession, openTestDb } from "./db";
import { saveAz104Report, signUp } from "./helpers";

type Ids = { report: string; session: string; mock: string; itemId: string };
type Probe = { method: "GET" | "POST"; path: string; form?: Record<string, string> };

/** Route files whose only parameter is the exam code: shared content, no owner. */
const EXAM_CODE_ONLY = /^exams\.\$code[._]/;

const CASES: Record<string, (ids: Ids) => Probe[]> = {
  "exams.$code.reports.$id.tsx": ({ report }): Probe[] => [
    { method: "GET", path: `/exams/AZ-104/reports/${report}` },
    { method: "POST", path: `/exams/AZ-104/reports/${report}`, form: { takenAt: "2026-01-01", score: "900" } },
  ],
  "practice.$id.tsx": ({ session, itemId }): Probe[] => [
    { method: "GET", path: `/practice/${session}` },
    { method: "GET", path: `/practice/${session}?q=0` },
    { method: "POST", path: `/practice/${session}`, form: { intent: "answer", questionId: `${session}q0`, position: "0", selected: "a" } },
    { method: "POST", path: `/practice/${session}`, form: { intent: "flag", itemId, reason: "typo", comment: "probe" } },
  ],
  "mock.$id.tsx": ({ mock }): Probe[] => [
    { method: "GET", path: `/mock/${mock}` },
    { method: "POST", path: `/mock/${mock}`, form: { intent: "answer", position: "0", selected: "a" } },
    { method: "POST", path: `/mock/${mock}`, form: { intent: "submit" } },
  ],
  "mock.$id_.results.tsx": ({ mock }): Probe[] => [{ method: "GET", path: `/mock/${mock}/results` }],
  "mock.$id_.save.ts": ({ mock }): Probe[] => [
    { method: "POST", path: `/mock/${mock}/save`, form: { intent: "save", position: "0", selected: "a", flagged: "true" } },
    { method: "POST", path: `/mock/${mock}/save`, form: { intent: "close-section", caseStudy: "az104-case-proseware" } },
    { method: "POST", path: `/mock/${mock}/save`, form: { intent: "submit" } },
  ],
};

test("every route with an id parameter has a cross-user case", () => {
  const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\./.test(f));
  // `$.tsx` is the splat route (the 404 page for any unknown URL): it takes no id.
  const withIds = files.filter((f) => f !== "$.tsx" && f.includes("$") && !(EXAM_CODE_ONLY.test(f) && !f.replace("$code", "").includes("$")));
  expect(withIds.sort(), "add a case to CASES in tests/e2e/authorisation.spec.ts for each new route that takes an id").toEqual(Object.keys(CASES).sort());
});

async function createReport(page: Page): Promise<string> {
  const weak = "Needs improvement";
  await saveAz104Report(page, 500, { identities: weak, storage: weak, compute: weak, networking: weak, monitor: weak });
  await page.getByRole("link", { name: /^Edit/ }).click();
  await expect(page).toHaveURL(/\/reports\/[a-z0-9]+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function createMock(page: Page): Promise<string> {
  await page.goto("/exams/AZ-104/mock");
  await page.getByLabel("Implement and manage virtual networking").check();
  await page.getByLabel("Questions", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Start the shorter mock" }).click();
  await expect(page).toHaveURL(/\/mock\/[a-z0-9]+(\?.*)?$/);
  return new URL(page.url()).pathname.split("/")[2];
}

/** Everything the probes could change, for the owner. */
/**
 * The owner's rows, and the flags and review logs of both candidates (a write through the
 * owner's ids would be stored under either). Only these two: other specs run alongside.
 */
function ownerState(email: string, intruderEmail: string) {
  const db = openTestDb();
  try {
    const idOf = (e: string) => (db.prepare("SELECT id FROM User WHERE email = ?").get(e) as { id: string }).id;
    const user = { id: idOf(email) };
    const both = [user.id, idOf(intruderEmail)];
    const q = (sql: string) => db.prepare(sql).all(user.id);
    return {
      reports: q("SELECT id, score, takenAt FROM ScoreReport WHERE userId = ?"),
      practice: q("SELECT q.id, q.selected, q.answeredAt FROM PracticeQuestion q JOIN PracticeSession s ON s.id = q.sessionId WHERE s.userId = ? ORDER BY q.id"),
      mocks: q("SELECT id, submittedAt, closedSections FROM MockExam WHERE userId = ?"),
      mockQuestions: q("SELECT q.id, q.selected, q.flagged FROM MockQuestion q JOIN MockExam m ON m.id = q.mockId WHERE m.userId = ? ORDER BY q.id"),
      flags: db.prepare("SELECT COUNT(*) AS n FROM ItemFlag WHERE userId IN (?, ?)").get(...both),
      reviews: db.prepare("SELECT COUNT(*) AS n FROM ReviewLog WHERE userId IN (?, ?)").get(...both),
    };
  } finally {
    db.close();
  }
}

test("another candidate gets 404 on every route that takes an id, and nothing changes", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const owner = await signUp(page);
  const report = await createReport(page);
  const mock = await createMock(page);
  const itemId = (openTestDb().prepare("SELECT id FROM Item WHERE examId = 'AZ-104' AND type = 'single' AND retired = 0 LIMIT 1").get() as { id: string }).id;
  const session = insertPracticeSession(owner.email, "AZ-104", [itemId]);
  const ids: Ids = { report, session, mock, itemId };
  const missing: Ids = { report: "cmissingreport0000000000", session: "cmissingsession000000000", mock: "cmissingmock000000000000", itemId };
  const other = await browser.newPage();
  const intruder = await signUp(other);
  const before = ownerState(owner.email, intruder.email);
  await other.goto("/settings");
  const csrf = await other.locator("input[name=csrf]").first().inputValue();
  for (const [route, probes] of Object.entries(CASES)) {
    for (const [label, set] of [["another candidate's", ids], ["a missing", missing]] as const) {
      for (const probe of probes(set)) {
        const res =
          probe.method === "GET"
            ? await other.request.get(probe.path, { maxRedirects: 0 })
            : await other.request.post(probe.path, { form: { csrf, ...probe.form }, maxRedirects: 0 });
        expect(res.status(), `${route}: ${probe.method} ${probe.path} ${JSON.stringify(probe.form ?? {})} (${label} id)`).toBe(404);
      }
    }
  }
  // The 404 page keeps the signed-in header.
  await other.goto(`/practice/${session}`);
  await expect(other.getByTestId("user-email")).toBeVisible();
  await other.close();
  expect(ownerState(owner.email, intruder.email)).toEqual(before);
});
