import { expect, test } from "@playwright/test";
import { expectAccessible, signUp, watchConsole } from "./helpers";

// The successor link and domain map (exam.yaml `successor`) are unit-tested in validate.test.ts;
// they show here once AI-200's bank ships (its definition waits in docs/drafts/).
test("a retired exam says so on its page and stays practisable", async ({ page }) => {
  const errors = watchConsole(page);
  await signUp(page);
  await page.goto("/exams/AZ-204");
  const notice = page.getByTestId("retired-notice");
  await expect(notice).toContainText("AZ-204 is retired");
  await expect(notice).toContainText("You can still practise it here");
  await expect(page.getByRole("link", { name: "Practise", exact: true })).toBeVisible();
  await expectAccessible(page);
  expect(errors).toEqual([]);
});
