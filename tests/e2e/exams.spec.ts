import { expect, test } from "./fixtures";
import { blanksOf } from "./answers";
import { mockItem, type ItemKey } from "./db";
import { expectAccessible, signUp, watchConsole } from "./helpers";

test("a retired exam says so and points to its successor, with where each domain went", async ({ page }) => {
  const errors = watchConsole(page);
  await signUp(page);
  await page.goto("/exams/AZ-204");
  const notice = page.getByTestId("retired-notice");
  await expect(notice).toContainText("AZ-204 is retired");
  await expect(notice).toContainText("Develop for Azure storage → Develop AI solutions by using Azure data management services");
  await expect(notice).toContainText("You can still practise it here");
  await expect(page.getByRole("link", { name: "Practise", exact: true })).toBeVisible();
  await expectAccessible(page);
  await notice.getByRole("link", { name: /AI-200/ }).click();
  await expect(page).toHaveURL(/\/exams\/AI-200$/);
  await expect(page.getByTestId("retired-notice")).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** The item carries a key for its type (docs/content-format.md "Item types"). */
function hasKey(item: ItemKey): boolean {
  if (item.type === "yesno") return item.options.length >= 2;
  if (item.type === "order") return (item.order ?? []).length >= 2 && (item.order ?? []).every((k) => item.options.some((o) => o.key === k));
  if (item.type === "dropdown") return blanksOf(item).length >= 2 && blanksOf(item).every((b) => item.options.filter((o) => o.blank === b && o.correct).length === 1);
  return item.options.some((o) => o.correct);
}

test("AI-200: enter a report, practise, and sit a full mock without a repeated question", async ({ page }) => {
  test.setTimeout(120_000);
  // A full mock starts with its case-study section: going through the questions leaves it, after a confirmation.
  page.on("dialog", (d) => void d.accept());
  await signUp(page);
  await page.goto("/exams/AI-200/reports/new");
  await page.getByLabel("Date of the exam").fill(new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10));
  await page.getByLabel(/Scaled score/).fill("610");
  for (const name of [/containerized/, /data management/, /Connect to and consume/, /Secure, monitor/]) {
    await page.getByRole("combobox", { name }).selectOption("Below Target");
  }
  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page).toHaveURL(/\/exams\/AI-200\?saved=report/);

  await page.goto("/exams/AI-200/practice");
  await page.getByRole("button", { name: "Start today's session" }).click();
  await expect(page).toHaveURL(/\/practice\/[a-z0-9]+$/);
  await expect(page.getByRole("button", { name: "Submit answer" })).toBeVisible();

  await page.goto("/exams/AI-200/mock");
  await expect(page.getByTestId("full-shape")).toContainText("50 questions");
  await page.getByRole("button", { name: /Start the full mock/ }).click();
  await expect(page.getByRole("heading", { name: "Question 1 of 50" })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/")[2];
  const stems = new Set<string>();
  for (let i = 0; i < 50; i++) {
    await page.getByRole("button", { name: new RegExp(`^Question ${i + 1}, `) }).click();
    await expect(page.getByRole("heading", { name: `Question ${i + 1} of 50` })).toBeVisible();
    stems.add((await page.getByTestId("mock-question").locator(".prose-item").first().innerText()).trim());
    expect(hasKey(mockItem(id, i)), `question ${i + 1} has a key`).toBe(true);
  }
  expect(stems.size).toBe(50);
});
