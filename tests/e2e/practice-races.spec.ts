import { expect, test } from "./fixtures";
import { insertPracticeSession, openTestDb } from "./db";
import { signUp, watchConsole } from "./helpers";

function singleItems(n: number): string[] {
  const db = openTestDb();
  try {
    return (db.prepare("SELECT id FROM Item WHERE examId = 'AZ-104' AND type = 'single' AND retired = 0 AND caseStudyId IS NULL LIMIT ?").all(n) as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

test("?q= that is not a question of the session shows the current question, never the summary", async ({ page }) => {
  const errors = watchConsole(page);
  const { email } = await signUp(page);
  const session = insertPracticeSession(email, "AZ-104", singleItems(2));
  for (const q of ["abc", "-1", "1e3", "99", ""]) {
    await page.goto(`/practice/${session}?q=${q}`);
    await expect(page.getByTestId("progress")).toContainText("Question 1 of 2");
    await expect(page.getByRole("heading", { name: "Session complete" })).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});

test("a second, different answer from another tab is told the question was already answered", async ({ page, context }) => {
  const { email } = await signUp(page);
  const session = insertPracticeSession(email, "AZ-104", singleItems(2));
  const tab2 = await context.newPage();
  await page.goto(`/practice/${session}`);
  await tab2.goto(`/practice/${session}`);
  await page.locator("input[name=selected]").nth(0).check();
  await tab2.locator("input[name=selected]").nth(1).check();
  await page.getByRole("button", { name: "Submit answer" }).click();
  await expect(page.getByTestId("feedback")).toBeVisible();
  await tab2.getByRole("button", { name: "Submit answer" }).click();
  await expect(tab2.getByTestId("already-answered")).toContainText("already answered with a different choice");
  // The answer that counts (the first) is the one shown.
  await expect(tab2.locator("input[name=selected]").nth(0)).toBeChecked();
  await expect(tab2.locator("input[name=selected]").nth(1)).not.toBeChecked();
});
