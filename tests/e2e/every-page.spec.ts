/**
 * Every page, anonymous and signed in, at phone (390 px) and desktop (1280 px) width: nothing
 * scrolls sideways, nothing is logged to the console as an error, and axe finds no serious or
 * critical violation. Problems are collected per page (soft assertions) so one run lists them all.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { signUp } from "./helpers";
import { answer, setSessionSize } from "./practice-flow";

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

async function checkPage(page: Page, name: string, consoleErrors: string[]) {
  await page.waitForLoadState("load");
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect.soft(scroll, `${name} (${page.url()}) scrolls sideways`).toBeLessThanOrEqual(inner);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect.soft(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`), `${name}: axe`).toEqual([]);
  expect.soft(consoleErrors.splice(0), `${name}: console errors`).toEqual([]);
}

for (const width of [390, 1280]) {
  test(`every page at ${width} px: no sideways scroll, no console error, no serious axe violation`, async ({ browser }) => {
    test.setTimeout(420_000); // ~20 pages, each with an axe scan: minutes on a busy 2-core machine
    const context = await browser.newContext(width === 390 ? { viewport: { width, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error" && !/Failed to load resource: the server responded with a status of 404/.test(msg.text())) errors.push(msg.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    const visit = async (name: string, url: string) => {
      await page.goto(url);
      await checkPage(page, name, errors);
    };

    // Anonymous.
    await visit("landing", "/");
    await visit("login", "/login");
    await visit("signup", "/signup");
    await visit("404 (anonymous)", "/no-such-page");

    // Signed in.
    await signUp(page);
    await checkPage(page, "dashboard", errors);
    await visit("exam page", "/exams/AZ-104");
    await visit("report: new", "/exams/AZ-204/reports/new");
    await page.getByRole("link", { name: "Paste the report text" }).click();
    await checkPage(page, "report: paste", errors);
    await page.getByLabel("Score report text").fill(
      [
        `Exam: AZ-204 Developing Solutions for Microsoft Azure   Date: ${daysAgo(5)}`,
        "Your score: 655   Passing score: 700   Result: Fail",
        "• Develop Azure compute solutions (25–30%)\tBelow Target",
        "• Develop for Azure storage (15–20%)\tNear Target",
        "• Implement Azure security (15–20%)\tAbove Target",
        "• Monitor and troubleshoot Azure solutions (5–10%)\tNear Target",
        "• Connect to and consume Azure services and third-party services (20–25%)\tBelow Target",
      ].join("\n"),
    );
    await page.getByRole("button", { name: "Read the report" }).click();
    await expect(page.getByRole("heading", { name: "Check and confirm your AZ-204 score report" })).toBeVisible();
    await checkPage(page, "report: confirm", errors);
    await page.getByRole("button", { name: "Confirm and save" }).click();
    await expect(page).toHaveURL(/saved=report/);
    await checkPage(page, "exam page with a report", errors);
    await page.getByRole("link", { name: /^Edit/ }).first().click();
    await expect(page).toHaveURL(/\/reports\/[a-z0-9]+$/);
    await checkPage(page, "report: view", errors);

    await setSessionSize(page, 5);
    await checkPage(page, "settings", errors);
    await visit("practice form", "/exams/AZ-104/practice");
    await page.getByRole("button", { name: "Start today's session" }).click();
    await expect(page.getByRole("button", { name: "Submit answer" })).toBeVisible();
    await checkPage(page, "practice question", errors);
    await answer(page, false);
    await checkPage(page, "practice feedback", errors);
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "End session" }).click();
    await expect(page.getByTestId("session-summary")).toBeVisible();
    await checkPage(page, "practice summary", errors);

    await visit("mock start", "/exams/AZ-104/mock");
    await page.getByLabel("Implement and manage virtual networking").check();
    await page.getByLabel("Questions", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Start the shorter mock" }).click();
    await expect(page.getByRole("heading", { name: "Question 1 of 2" })).toBeVisible();
    await checkPage(page, "mock question", errors);
    await page.getByRole("button", { name: "Review and submit" }).first().click();
    await checkPage(page, "mock review", errors);
    await page.getByTestId("submit-mock").click();
    await expect(page.getByTestId("mock-score")).toBeVisible();
    await checkPage(page, "mock results", errors);

    await visit("progress", "/exams/AZ-104/progress");
    await visit("404 (signed in)", "/exams/NO-SUCH-EXAM");
    await expect(page.getByRole("button", { name: "Log out" })).toBeVisible(); // the signed-in header stays
    await visit("404 session (signed in)", "/practice/no-such-session");
    await expect(page.getByRole("button", { name: "Log out" })).toBeVisible(); // the signed-in header stays
    await context.close();
  });
}
