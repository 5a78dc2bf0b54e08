/**
 * Practice sessions are never lost or hidden: set aside with a word and listed, ended early with
 * the rest back in the pool, today's plan counted down to "done for today", retries said, the
 * verdict focused and in view, custom-practice errors by their field, the exam page on a phone.
 */
import { expect, test, type Page } from "./fixtures";
import { openTestDb } from "./db";
import { expectAccessible, expectNoSideScroll, signUp, watchConsole } from "./helpers";
import { answer, currentItemId, enterWeakNetworkingReport, setSessionSize } from "./practice-flow";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

function userRows(email: string) {
  const db = openTestDb();
  try {
    const user = db.prepare("SELECT id FROM User WHERE email = ?").get(email) as { id: string };
    return {
      sessions: db.prepare("SELECT id, kind, completedAt, dropped, (SELECT count(*) FROM PracticeQuestion q WHERE q.sessionId = s.id) AS questions FROM PracticeSession s WHERE userId = ? ORDER BY createdAt").all(user.id) as { id: string; kind: string; completedAt: string | null; dropped: number; questions: number }[],
      cards: (db.prepare("SELECT itemId FROM Card WHERE userId = ?").all(user.id) as { itemId: string }[]).map((r) => r.itemId),
      logs: (db.prepare("SELECT count(*) AS n FROM ReviewLog WHERE userId = ?").get(user.id) as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

async function sessionIdOf(page: Page) {
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("a session started while another is open offers it, sets it aside only when asked, and lists both; End returns the rest to the pool; the day's plan counts down to done", async ({ page }) => {
  const errors = watchConsole(page);
  const { email } = await signUp(page);
  await setSessionSize(page, 5);
  await page.goto("/exams/AZ-104/practice");
  await expect(page.getByTestId("today-plan")).toContainText("0 reviews due · 5 new · about 8 min");
  await page.getByRole("button", { name: "Start today's session" }).click();
  await expect(page.getByTestId("progress")).toContainText("Question 1 of 5");
  const daily = await sessionIdOf(page);
  await answer(page, true);

  // Custom practice while the daily session is open: asked first, nothing replaced silently.
  await page.goto("/exams/AZ-104/practice");
  await expect(page.getByTestId("today-plan")).toContainText("4 left today");
  await page.getByLabel("How many").fill("3");
  await page.getByRole("button", { name: "Start custom practice" }).click();
  const ask = page.getByTestId("confirm-set-aside");
  await expect(ask).toContainText("Today's session: 1 of 5 answered");
  await expect(ask).toContainText("Unfinished sessions");
  await expect(ask.getByRole("heading")).toBeFocused();
  await expectAccessible(page);
  expect(userRows(email).sessions).toHaveLength(1);
  await ask.getByRole("button", { name: "Set it aside and start custom practice" }).click();
  await expect(page.getByTestId("progress")).toContainText("Question 1 of 3");
  const custom = await sessionIdOf(page);
  expect(custom).not.toBe(daily);

  // Both are listed on the exam page, each with Resume.
  await page.goto("/exams/AZ-104");
  const list = page.getByTestId("unfinished-sessions");
  await expect(list.getByTestId("unfinished-session")).toHaveCount(2);
  await expect(list.getByTestId("unfinished-session").nth(0)).toContainText("Custom practice");
  await expect(list.getByTestId("unfinished-session").nth(1)).toContainText("Today's session");
  await expect(list.getByTestId("unfinished-session").nth(1)).toContainText("1 of 5 answered");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/exam-unfinished-sessions.png", fullPage: false });
  await list.getByRole("link", { name: /^Resume Today's session/ }).click();
  await expect(page).toHaveURL(new RegExp(`/practice/${daily}$`));
  await expect(page.getByTestId("progress")).toContainText("Question 2 of 5 · 1 answered");

  // End the daily session after one more answer: two count, three go back to the pool.
  const reached = await currentItemId(page);
  await answer(page, true);
  await page.getByTestId("next").click();
  await expect(page.getByTestId("progress")).toContainText("Question 3 of 5 · 2 answered");
  const notReached = await currentItemId(page);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "End session" }).click();
  await expect(page.getByRole("heading", { name: "Session ended" })).toBeVisible();
  await expect(page.getByTestId("session-summary")).toContainText("2 of 2 right");
  await expect(page.getByTestId("ended-early")).toContainText("The 3 questions you did not reach went back to the pool");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/practice-ended-early.png", fullPage: true });
  const rows = userRows(email);
  const ended = rows.sessions.find((s) => s.id === daily)!;
  expect(ended).toMatchObject({ dropped: 3, questions: 2 });
  expect(ended.completedAt).not.toBeNull();
  expect(rows.cards).toContain(reached);
  expect(rows.cards).not.toContain(notReached); // not marked seen
  expect(rows.logs).toBe(2);

  // Today's plan: 3 left; the new daily session draws those 3 (the unreached item among the candidates again).
  await page.goto("/exams/AZ-104/practice");
  await expect(page.getByTestId("today-plan")).toContainText("3 left today");
  await expect(page.getByTestId("unfinished-session")).toHaveCount(1); // the custom one, still there
  await page.getByRole("button", { name: "Start today's session" }).click();
  await page.getByRole("button", { name: "Set it aside and start today's session" }).click();
  await expect(page.getByTestId("progress")).toContainText("Question 1 of 3");
  for (let i = 0; i < 3; i++) {
    await answer(page, true);
    await page.getByTestId("next").click();
  }
  await expect(page.getByTestId("session-summary")).toContainText("3 of 3 right");

  // Done for today: said so, and extra practice is offered instead of another daily 5.
  await page.goto("/exams/AZ-104/practice");
  await expect(page.getByTestId("today-plan")).toContainText("Done for today: 5 questions answered");
  await expect(page.getByRole("button", { name: "Start today's session" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/practice-done-for-today.png", fullPage: false });
  await page.goto("/dashboard");
  await expect(page.getByTestId("exam-card").filter({ hasText: "AZ-104" }).getByTestId("today")).toContainText("Done for today");
  await page.goto("/exams/AZ-104/practice");
  await page.getByRole("button", { name: "Extra practice (5 more)" }).click();
  await page.getByRole("button", { name: "Set it aside and start extra practice" }).click();
  await expect(page.getByTestId("progress")).toContainText("Question 1 of 5");

  // A set-aside session ends from the list too.
  await page.goto("/exams/AZ-104");
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("unfinished-session").filter({ hasText: "Custom practice" }).getByRole("button", { name: /^End/ }).click();
  await expect(page).toHaveURL(new RegExp(`/practice/${custom}$`));
  await expect(page.getByTestId("ended-early")).toContainText("The 3 questions you did not reach went back to the pool");
  await page.goto("/exams/AZ-104");
  await expect(page.getByTestId("unfinished-session")).toHaveCount(1);
  await expect(page.getByTestId("unfinished-session")).toContainText("Extra practice");
  expect(errors).toEqual([]);
});

test("a wrong answer's retry is said with the verdict and in the count; the verdict takes focus and comes into view on a phone, with and without JavaScript", async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ ...phone, javaScriptEnabled });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signUp(page);
    await setSessionSize(page, 6);
    await page.goto("/exams/AZ-104/practice");
    await page.getByRole("button", { name: "Start today's session" }).click();
    await expect(page.getByTestId("progress")).toContainText("Question 1 of 6");
    await answer(page, false);
    const verdict = page.getByTestId("feedback").getByRole("heading").first();
    await expect(verdict).toBeFocused();
    await expect(verdict).toBeInViewport();
    await expect(page.getByTestId("retry-later")).toHaveText("This question comes back once more later in this session.");
    await expect(page.getByTestId("progress")).toContainText("Question 1 of 7 · 1 answered · 6 planned + 1 retry");
    await expectNoSideScroll(page);
    if (javaScriptEnabled) {
      await expectAccessible(page);
      await page.screenshot({ path: "test-results/screens/practice-verdict-phone.png" });
    }
    expect(errors).toEqual([]);
    await context.close();
  }
});

test("custom practice on a phone: errors sit by their field and take focus", async ({ browser }) => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signUp(page);
  await page.goto("/exams/AZ-104/practice");
  await page.getByRole("checkbox", { name: "Implement and manage storage" }).check();
  await page.getByLabel("How many").fill("0");
  await page.getByRole("button", { name: "Start custom practice" }).click();
  const count = page.getByLabel("How many");
  await expect(count).toBeFocused();
  await expect(count).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#count-error")).toHaveText("At least 1 question.");
  await expect(page.locator("#count-error")).toBeInViewport();
  // The choices are kept.
  await expect(page.getByRole("checkbox", { name: "Implement and manage storage" })).toBeChecked();
  await expectNoSideScroll(page);
  await page.screenshot({ path: "test-results/screens/practice-custom-error-phone.png" });

  await page.getByLabel("How many").fill("5");
  await page.getByLabel("Questions", { exact: true }).selectOption("flagged");
  await page.getByRole("button", { name: "Start custom practice" }).click();
  const pool = page.getByLabel("Questions", { exact: true });
  await expect(pool).toBeFocused();
  await expect(page.locator("#pool-error")).toContainText("No questions match this choice");
  await expect(page.locator("#pool-error")).toBeInViewport();
  await expectAccessible(page);
  expect(errors).toEqual([]);
  await context.close();
});

test("the exam page fits a phone: attempts with their Edit and Delete buttons, the unfinished sessions", async ({ browser }) => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signUp(page);
  await enterWeakNetworkingReport(page);
  await page.goto("/exams/AZ-104/practice");
  await page.getByRole("button", { name: "Start today's session" }).click();
  await expect(page.getByTestId("progress")).toBeVisible();
  await page.goto("/exams/AZ-104");
  await expectNoSideScroll(page);
  const del = page.getByTestId("attempt-row").first().getByRole("button", { name: /Delete/ });
  await del.scrollIntoViewIfNeeded();
  await expect(del).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId("unfinished-session")).toHaveCount(1);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/exam-phone.png", fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});

test("another candidate cannot see, resume or end someone's session", async ({ page, browser }) => {
  await signUp(page);
  await page.goto("/exams/AZ-104/practice");
  await page.getByRole("button", { name: "Start today's session" }).click();
  const id = await sessionIdOf(page);
  const other = await browser.newPage();
  await signUp(other);
  expect((await other.goto(`/practice/${id}`))?.status()).toBe(404);
  await expect(other.getByTestId("user-email")).toBeVisible();
  const csrf = await other.locator("input[name=csrf]").first().inputValue();
  const end = await other.request.post(`/practice/${id}`, { form: { csrf, intent: "end" } });
  expect(end.status()).toBe(404);
  await other.goto("/exams/AZ-104");
  await expect(other.getByTestId("unfinished-sessions")).toHaveCount(0);
  await other.close();
  // The owner's session is untouched.
  await page.reload();
  await expect(page.getByTestId("progress")).toContainText("Question 1 of 20 · 0 answered");
});
