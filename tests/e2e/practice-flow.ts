/** Practice flows shared by the practice specs: settings, a report, answering the current question. */
import { expect, type Page } from "@playwright/test";
import { expectBlank, feedbackHeading, fillAnswer, planAnswer } from "./answers";
import { practiceItem } from "./db";
import { saveAz104Report } from "./helpers";

export async function setSessionSize(page: Page, size: number) {
  await page.goto("/settings");
  await page.getByLabel("Questions per daily session").fill(String(size));
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved");
}

export async function enterWeakNetworkingReport(page: Page) {
  await saveAz104Report(page, 640, { identities: "Above baseline", storage: "Above baseline", compute: "Near baseline", networking: "Needs improvement", monitor: "Above baseline" });
  await expect(page).toHaveURL(/saved=report/);
}

export async function currentItemId(page: Page) {
  return (await page.locator("article[data-item-id]").getAttribute("data-item-id"))!;
}

/**
 * Answers the current question, of any type, right (every part) or wrong (every part), by the
 * item's key in the test database; returns the item and what was answered.
 */
export async function answer(page: Page, right: boolean) {
  await expect(page.getByRole("button", { name: "Submit answer" })).toBeVisible();
  const article = page.locator("article[data-item-id]");
  // A new question starts with nothing selected (nothing carried over from the previous one).
  await expectBlank(article);
  const item = practiceItem(await currentItemId(page));
  const plan = planAnswer(item, right ? "right" : "wrong");
  await fillAnswer(article, plan);
  await page.getByRole("button", { name: "Submit answer" }).click();
  await expect(page.getByTestId("feedback")).toBeVisible();
  await expect(page.getByTestId("feedback").getByRole("heading")).toHaveText(feedbackHeading(plan));
  return { item, plan };
}

