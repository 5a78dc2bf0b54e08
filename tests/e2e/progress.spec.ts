import { expect, test, type Page } from "./fixtures";
import { fillAnswer, planAnswer } from "./answers";
import { mockItem, practiceItem } from "./db";
import { expectAccessible, expectNoSideScroll, saveAz104Report, signUp, watchConsole } from "./helpers";

async function enterReport(page: Page) {
  await saveAz104Report(page, 640, { identities: "Above baseline", storage: "Near baseline", compute: "Near baseline", networking: "Needs improvement", monitor: "Above baseline" });
  await expect(page).toHaveURL(/saved=report/);
}

/** A custom practice session of `count` questions, all answered right. */
async function practise(page: Page, count: number) {
  await page.goto("/exams/AZ-104/practice");
  await page.getByLabel("How many").fill(String(count));
  await page.getByRole("button", { name: "Start custom practice" }).click();
  for (let i = 0; i < count; i++) {
    await expect(page.getByRole("button", { name: "Submit answer" })).toBeVisible();
    const itemId = (await page.locator("article[data-item-id]").getAttribute("data-item-id"))!;
    await fillAnswer(page.locator("article[data-item-id]"), planAnswer(practiceItem(itemId), "right"));
    await page.getByRole("button", { name: "Submit answer" }).click();
    await expect(page.getByTestId("feedback").getByRole("heading")).toHaveText(/^Right/);
    await page.getByTestId("next").click();
  }
  await expect(page.getByTestId("session-summary")).toBeVisible();
}

async function sitMock(page: Page, questions: number) {
  await page.goto("/exams/AZ-104/mock");
  await page.getByLabel("Implement and manage virtual networking").check();
  await page.getByLabel("Questions", { exact: true }).fill(String(questions));
  await page.getByRole("button", { name: "Start the shorter mock" }).click();
  await expect(page).toHaveURL(/\/mock\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: `Question 1 of ${questions}` })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/")[2];
  for (let i = 0; i < questions; i++) {
    await expect(page.getByRole("heading", { name: `Question ${i + 1} of ${questions}` })).toBeVisible();
    await fillAnswer(page.getByTestId("mock-question"), planAnswer(mockItem(id, i), "right"));
    await expect(page.getByTestId("save-status")).toHaveText("✓ Saved");
    if (i < questions - 1) await page.getByRole("button", { name: "Next →" }).click();
  }
  await page.getByRole("button", { name: "Review and submit" }).first().click();
  await page.getByTestId("submit-mock").click();
  await expect(page.getByTestId("mock-score")).toBeVisible();
}

test("progress: per-domain change against the baseline, charts, drill-down, SRS health, readiness and a printable page", async ({ page }) => {
  const errors = watchConsole(page);
  await signUp(page);
  await enterReport(page);
  await practise(page, 8);
  await sitMock(page, 4);

  await page.goto("/dashboard");
  await page.getByTestId("exam-card").filter({ hasText: "AZ-104" }).getByRole("link", { name: /Progress/ }).click();
  await expect(page).toHaveURL(/\/exams\/AZ-104\/progress$/);
  const table = page.getByTestId("domain-progress");
  await expect(table.locator("tbody tr")).toHaveCount(5);
  const networking = table.locator("tbody tr").filter({ hasText: "virtual networking" });
  await expect(networking).toContainText("Needs improvement");
  await expect(networking).toContainText(/\d+%/);
  await expect(networking).toContainText(/\([1-4] in mocks\)/); // a mock answer on an item practised the same day counts as a retry
  // Few answers: no band claimed yet.
  await expect(table).toContainText("not enough answers yet");
  await expect(page.getByTestId("method")).toContainText("real exam");

  await expect(page.locator("figure svg[role=img]")).toHaveCount(6); // five domains and the review forecast
  await expect(page.getByRole("table", { name: /Identities|identities/ }).first()).toBeAttached();
  await expect(page.getByTestId("drilldown").locator("details")).toHaveCount(5);
  await expect(page.getByTestId("drilldown")).toContainText("not practised yet");
  await expect(page.getByTestId("srs-health")).toContainText("True retention");
  await expect(page.getByTestId("readiness")).toContainText("Am I ready?");
  await expect(page.getByTestId("p-pass")).toHaveText(/\d+%/);
  await expect(page.getByTestId("recommendation")).not.toBeEmpty();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/progress.png", fullPage: true });

  // Printable: dated, with the candidate, no site navigation.
  await expect(page.getByTestId("report-owner")).toContainText("@example.com");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByTestId("print")).toBeHidden();
  await page.screenshot({ path: "test-results/screens/progress-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expectNoSideScroll(page);
  await page.screenshot({ path: "test-results/screens/progress-phone.png" });
  expect(errors).toEqual([]);
});

test("progress for a new candidate says there is not enough to go on yet", async ({ page }) => {
  const errors = watchConsole(page);
  await signUp(page);
  await page.goto("/exams/AZ-104/progress");
  await expect(page.getByTestId("domain-progress").locator("tbody tr")).toHaveCount(5);
  await expect(page.getByTestId("readiness")).toContainText("Not yet");
  await expect(page.getByTestId("readiness")).toContainText("Rests on 0 answers and 0 mock exams");
  await expect(page.getByText("No answers yet").first()).toBeVisible();
  await expectAccessible(page);
  expect(errors).toEqual([]);
});
