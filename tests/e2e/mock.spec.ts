import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "./fixtures";
import { expectAnswerShown, expectPartMarks, fillAnswer, isMultiPart, planAnswer, type Plan } from "./answers";
import { mockDeadline, mockItem, setMockDeadline } from "./db";
import { expectAccessible, expectNoSideScroll, saveAz104Report, signUp, watchConsole } from "./helpers";

async function enterReport(page: Page) {
  await saveAz104Report(page, 640, { identities: "Above baseline", storage: "Near baseline", compute: "Near baseline", networking: "Needs improvement", monitor: "Above baseline" });
  await expect(page).toHaveURL(/saved=report/);
}

/** Starts a shorter mock on two domains and returns its id. */
async function startShortMock(page: Page, questions: number) {
  await page.goto("/exams/AZ-104/mock");
  await page.getByLabel("Implement and manage virtual networking").check();
  await page.getByLabel("Deploy and manage Azure compute resources").check();
  await page.getByLabel("Questions", { exact: true }).fill(String(questions));
  await page.getByRole("button", { name: "Start the shorter mock" }).click();
  await expect(page).toHaveURL(/\/mock\/[a-z0-9]+(\?.*)?$/);
  await expect(page.getByRole("heading", { name: `Question 1 of ${questions}` })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[2];
}

async function position(page: Page) {
  const heading = page.getByRole("heading", { level: 1, name: /^Question \d+ of \d+$/ });
  await expect(heading).toBeVisible();
  const text = await heading.textContent();
  return Number(/Question (\d+)/.exec(text ?? "")![1]) - 1;
}

/**
 * Chooses the right (every part) or a wrong (every part) answer to the question on screen, of
 * any type, from the mock's snapshot of the item; returns what was chosen.
 */
async function choose(page: Page, mockId: string, right: boolean): Promise<Plan> {
  const plan = planAnswer(mockItem(mockId, await position(page)), right ? "right" : "wrong");
  // fillAnswer sets every checkbox of a multiple-answer question (clearing earlier ticks) and every part of the others.
  await fillAnswer(page.getByTestId("mock-question"), plan);
  return plan;
}

/** Opens question `n` (1-based) with the navigator and checks it shows what was chosen. */
async function expectChosen(page: Page, n: number, plan: Plan) {
  await page.getByRole("button", { name: `Question ${n}, answered` }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`^Question ${n} of`) })).toBeVisible();
  await expectAnswerShown(page.getByTestId("mock-question"), plan);
}

async function expectSaved(page: Page) {
  await expect(page.getByTestId("save-status")).toHaveText("✓ Saved");
}

test("sit a short mock: answer, flag, navigate, change an answer, review screen, submit, results and review", async ({ page }) => {
  const errors = watchConsole(page);
  await signUp(page);
  await enterReport(page);
  await page.goto("/exams/AZ-104");
  await page.getByRole("link", { name: "Mock exam" }).click();
  await expect(page.getByTestId("full-shape")).toContainText("50 questions · 100 minutes");
  await expectAccessible(page);
  const id = await startShortMock(page, 6);
  await expect(page.getByRole("heading", { name: "Question 1 of 6" })).toBeVisible();
  await expect(page.getByTestId("timer")).toHaveText(/^1[12]:\d\d$/); // 6 questions at 2 minutes each
  await expectAccessible(page);

  await choose(page, id, true);
  await expectSaved(page);
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(page.getByRole("heading", { name: "Question 2 of 6" })).toBeVisible();
  await page.getByLabel("Flag for review").check();
  const q2 = await choose(page, id, false);
  await expectSaved(page);
  await page.screenshot({ path: "test-results/screens/mock-question.png" });

  // Jump with the navigator to question 4, leaving 3 unanswered.
  await page.getByRole("button", { name: "Question 4, unanswered" }).click();
  await expect(page.getByRole("heading", { name: "Question 4 of 6" })).toBeVisible();
  await choose(page, id, true);
  await expectSaved(page);
  await expect(page.getByRole("button", { name: "Question 2, answered, flagged" })).toBeVisible();

  // Change question 1: wrong, then right again.
  await page.getByRole("button", { name: "Question 1, answered" }).click();
  await choose(page, id, false);
  await expectSaved(page);
  await choose(page, id, true);
  await expectSaved(page);

  await page.getByRole("button", { name: "Review and submit" }).first().click();
  const review = page.getByTestId("review-screen");
  await expect(review).toContainText("3 of 6 answered");
  await expect(page.getByTestId("review-unanswered").getByRole("button")).toHaveText(["3", "5", "6"]);
  await expect(page.getByTestId("review-flagged").getByRole("button")).toHaveText(["2"]);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/mock-review.png", fullPage: true });
  await page.getByTestId("submit-mock").click();

  await expect(page).toHaveURL(new RegExp(`/mock/${id}/results`));
  await expect(page.getByTestId("mock-score")).toContainText("2 of 6 right");
  await expect(page.getByTestId("mock-score")).toContainText("no overall score estimate");
  const rows = page.getByTestId("domain-results").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "virtual networking" })).toContainText("Needs improvement");
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.screenshot({ path: "test-results/screens/mock-results.png" });

  await page.getByRole("link", { name: /Wrong or unanswered \(4\)/ }).click();
  await expect(page.getByTestId("review-question")).toHaveCount(4);
  await page.getByRole("link", { name: /Flagged \(1\)/ }).click();
  await expect(page.getByTestId("review-question")).toHaveCount(1);
  // Question 2, answered wrong in every part: marked so whatever its type.
  const flaggedItem = mockItem(id, 1);
  await expect(page.getByTestId("review-question").getByRole("heading")).toContainText(isMultiPart(flaggedItem.type) ? new RegExp(`Question 2: wrong\\s*0 of ${q2.max} points`) : "Question 2: wrong");
  await expectPartMarks(page.getByTestId("review-question"), flaggedItem, q2);
  if (!isMultiPart(flaggedItem.type)) await expect(page.getByTestId("review-question")).toContainText("Correct answer.");

  // The history lists it; one click starts practice on the weakest domains.
  await page.goto("/exams/AZ-104/mock");
  await expect(page.getByTestId("mock-history").locator("tbody tr")).toHaveCount(1);
  await page.goto(`/mock/${id}/results`);
  await page.getByTestId("practise-weakest").click();
  await expect(page).toHaveURL(/\/practice\/[a-z0-9]+$/);
  expect(errors).toEqual([]);
});

test("a full timed AZ-104 mock: reload keeps answers and time; the results sit next to the report", async ({ page }) => {
  const errors = watchConsole(page);
  // A full mock starts with its case-study section: leaving it asks for confirmation.
  page.on("dialog", (d) => void d.accept());
  await signUp(page);
  await enterReport(page);
  await page.goto("/exams/AZ-104/mock");
  await page.getByRole("button", { name: /Start the full mock/ }).click();
  await expect(page.getByRole("heading", { name: "Question 1 of 50" })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/")[2];
  await expect(page.getByTestId("timer")).toHaveText(/^1:(40|39):\d\d$/);
  const picks: Plan[] = [];
  for (let i = 0; i < 3; i++) {
    picks.push(await choose(page, id, true));
    await expectSaved(page);
    await page.getByRole("button", { name: "Next →" }).click();
    await expect(page.getByRole("heading", { name: `Question ${i + 2} of 50` })).toBeVisible();
  }
  const deadline = mockDeadline(id);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Question 4 of 50" })).toBeVisible();
  await expect(page.getByTestId("timer")).toHaveText(/^1:(40|39):\d\d$/);
  for (let i = 0; i < 3; i++) await expectChosen(page, i + 1, picks[i]);
  expect(mockDeadline(id)).toBe(deadline);

  await page.getByRole("button", { name: "Review and submit" }).first().click();
  await expect(page.getByTestId("review-unanswered").getByRole("button")).toHaveCount(47);
  await page.getByTestId("submit-mock").click();
  await expect(page.getByTestId("mock-score")).toContainText("3 of 50 right");
  await expect(page.getByTestId("estimated-score")).toBeVisible();
  await expect(page.getByTestId("estimate-method")).toContainText(/not an official score/i);
  const rows = page.getByTestId("domain-results").locator("tbody tr");
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: "virtual networking" })).toContainText("Needs improvement");
  expect(errors).toEqual([]);
});

test("a mock whose time runs out submits itself, and the results say so", async ({ page }) => {
  await signUp(page);
  const id = await startShortMock(page, 3);
  await choose(page, id, true);
  await expectSaved(page);
  setMockDeadline(id, new Date(Date.now() + 4_000));
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/mock/${id}/results`), { timeout: 15_000 });
  await expect(page.getByTestId("auto-submitted")).toContainText("Time ran out");
  await expect(page.getByTestId("mock-score")).toContainText("1 of 3 right");
  // The mock page itself now leads to the results.
  await page.goto(`/mock/${id}`);
  await expect(page).toHaveURL(new RegExp(`/mock/${id}/results`));
});

test("an answer given while the server cannot be reached is shown as pending and saved once it is back", async ({ page }) => {
  await signUp(page);
  const id = await startShortMock(page, 3);
  await page.route("**/mock/*/save", (route) => route.abort("connectionrefused"));
  const pick = await choose(page, id, true);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "pending");
  await expect(page.getByTestId("pending-banner")).toContainText("1 answer waiting to be saved");
  await page.screenshot({ path: "test-results/screens/mock-pending.png", fullPage: true });
  await page.unroute("**/mock/*/save");
  await expectSaved(page);
  await expect(page.getByTestId("pending-banner")).toHaveCount(0);
  await page.reload();
  await expectChosen(page, 1, pick);
});

test("the mock works without JavaScript: plain form posts save, navigate, review and submit", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signUp(page);
  const id = await startShortMock(page, 3);
  await expect(page.getByRole("heading", { name: "Question 1 of 3" })).toBeVisible();
  await choose(page, id, true);
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(page.getByRole("heading", { name: "Question 2 of 3" })).toBeVisible();
  await page.getByLabel("Flag for review").check();
  await page.getByRole("button", { name: "Question 3, unanswered" }).click();
  await expect(page.getByRole("heading", { name: "Question 3 of 3" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Question 2, unanswered, flagged" })).toBeVisible();
  await page.getByRole("button", { name: "Question 1, answered" }).click();
  await page.getByRole("button", { name: "Review and submit" }).first().click();
  await expect(page.getByTestId("review-screen")).toContainText("1 of 3 answered");
  await page.getByTestId("submit-mock").click();
  await expect(page.getByTestId("mock-score")).toContainText("1 of 3 right");
  await context.close();
});

test("a server killed mid-exam (SIGKILL) and started again loses no answer shown as saved, nor the deadline", async ({ page }) => {
  test.setTimeout(120_000);
  // A port of its own per worker: two workers may run this test at once (--repeat-each, retries).
  const port = Number(process.env.E2E_PORT ?? 3917) + 11 + test.info().parallelIndex;
  const start = () =>
    spawn(path.resolve("node_modules/.bin/remix-serve"), ["./build/server/index.js"], {
      env: { ...process.env, PORT: String(port), DATABASE_URL: process.env.E2E_DATABASE_URL, SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret", NODE_ENV: "production" },
      stdio: "ignore",
    });
  const waitUp = async () => {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://localhost:${port}/`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the second server did not start");
  };
  let server: ChildProcess = start();
  try {
    await waitUp();
    await signUp(page); // on the main server; the session cookie is valid on both (same database)
    await page.goto(`http://localhost:${port}/exams/AZ-104/mock`);
    await page.getByLabel("Implement and manage virtual networking").check();
    await page.getByLabel("Questions", { exact: true }).fill("4");
    await page.getByRole("button", { name: "Start the shorter mock" }).click();
    await expect(page.getByRole("heading", { name: "Question 1 of 4" })).toBeVisible();
    const id = new URL(page.url()).pathname.split("/")[2];
    const deadline = mockDeadline(id);
    const picks: Plan[] = [];
    for (let i = 0; i < 2; i++) {
      picks.push(await choose(page, id, true));
      await expectSaved(page);
      await page.getByRole("button", { name: "Next →" }).click();
    }
    server.kill("SIGKILL");
    await new Promise((r) => server.once("exit", r));
    picks.push(await choose(page, id, false));
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "pending");
    server = start();
    await waitUp();
    await expectSaved(page);
    await page.reload();
    for (let i = 0; i < 3; i++) await expectChosen(page, i + 1, picks[i]);
    expect(mockDeadline(id)).toBe(deadline);
  } finally {
    server.kill("SIGKILL");
  }
});

test("one candidate cannot open, answer or submit another's mock", async ({ page, browser }) => {
  await signUp(page);
  const id = await startShortMock(page, 2);
  const other = await browser.newPage();
  await signUp(other);
  expect((await other.goto(`/mock/${id}`))?.status()).toBe(404);
  expect((await other.goto(`/mock/${id}/results`))?.status()).toBe(404);
  await expect(other.getByTestId("user-email")).toBeVisible(); // the signed-in header stays on the error page
  const csrf = await other.locator("input[name=csrf]").first().inputValue();
  const res = await other.request.post(`/mock/${id}/save`, { form: { csrf, intent: "save", position: "0", selected: "a" } });
  expect(res.status()).toBe(404);
  const submit = await other.request.post(`/mock/${id}/save`, { form: { csrf, intent: "submit" } });
  expect(submit.status()).toBe(404);
  const close = await other.request.post(`/mock/${id}/save`, { form: { csrf, intent: "close-section", caseStudy: "az104-case-proseware" } });
  expect(close.status()).toBe(404);
  await other.close();
  // The owner's mock is untouched.
  await page.reload();
  await expect(page.getByRole("button", { name: "Question 1, unanswered" })).toBeVisible();
});

test("the mock pages fit a phone (390 px) without sideways scrolling", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signUp(page);
  await page.goto("/exams/AZ-104/mock");
  await expectNoSideScroll(page);
  const id = await startShortMock(page, 4);
  await choose(page, id, true);
  await expectSaved(page);
  await expectNoSideScroll(page);
  await page.screenshot({ path: "test-results/screens/mock-question-phone.png", fullPage: true });
  await page.getByRole("button", { name: "Review and submit" }).first().click();
  await expectNoSideScroll(page);
  await page.getByTestId("submit-mock").click();
  await expect(page.getByTestId("mock-score")).toBeVisible();
  await expectNoSideScroll(page);
  await page.screenshot({ path: "test-results/screens/mock-results-phone.png", fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});
