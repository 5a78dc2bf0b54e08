import { expect, test, type Page } from "./fixtures";
import { answerByKeyboard, expectBlank, expectPartMarks, feedbackHeading, fillAnswer, isMultiPart, planAnswer } from "./answers";
import { openTestDb, practiceItem } from "./db";
import { expectAccessible, signUp } from "./helpers";
import { answer, currentItemId, enterWeakNetworkingReport, setSessionSize } from "./practice-flow";

test("a daily session: keyboard answer, right and wrong, feedback, leave and resume, results", async ({ page }) => {
  await signUp(page);
  await setSessionSize(page, 5);
  await enterWeakNetworkingReport(page);

  await page.goto("/dashboard");
  const card = page.getByTestId("exam-card").filter({ hasText: "AZ-104" });
  await expect(card.getByTestId("today")).toContainText("0 reviews due · 5 new");
  await card.getByRole("link", { name: /Practise/ }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Start today's session" }).click();
  await expect(page).toHaveURL(/\/practice\/[a-z0-9]+$/);
  await expect(page.getByTestId("progress")).toContainText("Question 1 of 5");
  // The reason it was chosen is visible; the weak domain gets the lion's share.
  await expect(page.getByTestId("reason")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/practice-question.png", fullPage: true });

  // Question 1 by keyboard only: a digit picks an option (single / multiple answer; Tab and
  // Space / arrows move through the parts of other types), Enter submits, N moves on.
  const first = practiceItem(await currentItemId(page));
  const firstPlan = planAnswer(first, "right");
  if (isMultiPart(first.type)) {
    await answerByKeyboard(page, page.locator("article[data-item-id]"), firstPlan);
  } else {
    const keys = first.options.filter((o) => o.correct).map((o) => o.key);
    const values = await page.locator("input[name=selected]").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    for (const k of keys) await page.keyboard.press(String(values.indexOf(k) + 1));
    await page.keyboard.press("Enter");
  }
  await expect(page.getByTestId("feedback").getByRole("heading")).toHaveText(feedbackHeading(firstPlan));
  await expect(page.getByTestId("feedback")).toContainText("Read more");
  await expectPartMarks(page.locator("article[data-item-id]"), first, firstPlan);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/practice-feedback.png", fullPage: true });
  await page.keyboard.press("n");
  await expect(page.getByTestId("progress")).toContainText("Question 2 of 5");

  const wrong = await answer(page, false); // wrong: comes back later in the session
  await expectPartMarks(page.locator("article[data-item-id]"), wrong.item, wrong.plan);
  await page.getByTestId("next").click();
  await expect(page.getByTestId("progress")).toContainText("Question 3 of 6");

  // Leave, come back: the session resumes where it stopped.
  await page.goto("/exams/AZ-104/practice");
  await page.getByRole("link", { name: /Resume session \(2 of 6 done\)/ }).click();
  await expect(page.getByTestId("progress")).toContainText("Question 3 of 6");

  for (let i = 0; i < 4; i++) {
    await expect(page.getByTestId("progress")).toContainText(`Question ${3 + i} of 6`);
    await answer(page, true);
    await page.getByTestId("next").click();
  }
  await expect(page.getByTestId("session-summary")).toContainText("5 of 6 right");
  await expect(page.getByTestId("due-tomorrow")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/practice-summary.png", fullPage: true });

  // Everything answered is in the review log with a card per item.
  const db = openTestDb();
  const email = await page.getByTestId("user-email").textContent();
  const row = db.prepare("SELECT count(*) AS n FROM ReviewLog r JOIN User u ON u.id = r.userId WHERE u.email = ?").get(email) as { n: number };
  db.close();
  expect(row.n).toBe(6);
});

test("custom practice of one domain, and reporting a problem with an item", async ({ page }) => {
  await signUp(page);
  await page.goto("/exams/AZ-204/practice");
  await page.getByRole("checkbox", { name: "Develop for Azure storage" }).check();
  await page.getByLabel("How many").fill("3");
  await page.getByRole("button", { name: "Start custom practice" }).click();
  await expect(page.getByTestId("progress")).toContainText("Question 1 of 3");
  const itemIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    await expect(page.getByTestId("progress")).toContainText(`Question ${i + 1} of 3`);
    itemIds.push(await currentItemId(page));
    await expect(page.locator("article")).toContainText("Develop for Azure storage");
    await answer(page, true);
    if (i === 0) {
      await page.getByRole("button", { name: "Report a problem with this question" }).click();
      await page.getByLabel("What is wrong?").selectOption("unclear");
      await page.getByLabel("Details (optional)").fill("Options b and c read the same to me.");
      await page.getByRole("button", { name: "Send report" }).click();
      await expect(page.getByRole("status")).toContainText("reported to the authors");
    }
    await page.getByTestId("next").click();
  }
  await expect(page.getByTestId("session-summary")).toContainText("3 of 3 right");
  expect(itemIds.every((id) => id.startsWith("az204-storage-"))).toBe(true);
  const db = openTestDb();
  const flag = db.prepare("SELECT reason, comment FROM ItemFlag WHERE itemId = ? ORDER BY createdAt DESC").get(itemIds[0]) as { reason: string; comment: string };
  db.close();
  expect(flag).toEqual({ reason: "unclear", comment: "Options b and c read the same to me." });
});

test("practise my mistakes draws only wrongly answered questions", async ({ page }) => {
  await signUp(page);
  await page.goto("/exams/AZ-104/practice");
  await page.getByRole("button", { name: "Practise my mistakes" }).click();
  await expect(page.getByRole("alert")).toContainText("No mistakes to practise");
  await page.getByRole("checkbox", { name: "Implement and manage storage" }).check();
  await page.getByLabel("How many").fill("3");
  await page.getByRole("button", { name: "Start custom practice" }).click();
  const wrongId = await currentItemId(page);
  await answer(page, false);
  await page.goto("/exams/AZ-104/practice");
  await page.getByRole("button", { name: "Practise my mistakes" }).click();
  // The custom session is still open: offered, and set aside only when asked to.
  await expect(page.getByTestId("confirm-set-aside")).toContainText("Custom practice: 1 of 3 answered");
  await page.getByRole("button", { name: "Set it aside and start a session of your mistakes" }).click();
  await expect(page.getByTestId("progress")).toContainText("Question 1 of 1");
  expect(await currentItemId(page)).toBe(wrongId);
  // The reason is the mistake itself, with when it was made (minutes ago, not "1 day ago").
  await expect(page.getByTestId("reason")).toHaveText(/^Mistake: your last answer \((just now|\d+ minutes? ago)\) was wrong$/);
});
