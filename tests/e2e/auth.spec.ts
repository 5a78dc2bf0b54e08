import { expect, test } from "./fixtures";
import { PASSWORD, expectAccessible, logIn, logOut, signUp, uniqueEmail } from "./helpers";

test("landing page says what Baseline does", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("score report");
  await expect(page.getByRole("link", { name: "Create a free account" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/landing.png", fullPage: true });
});

test("sign up, see the exams, log out, log back in", async ({ page }) => {
  const email = uniqueEmail();
  await page.goto("/signup");
  await expectAccessible(page);
  await signUp(page, email);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByTestId("user-email")).toHaveText(email);
  const cards = page.getByTestId("exam-card");
  await expect(cards).toHaveCount(3);
  await expect(cards.filter({ hasText: "AZ-104" })).toContainText("Microsoft Azure Administrator");
  // The retired AZ-204 card names its successor AI-200 too: the AI-200 card is the one not retired.
  await expect(cards.filter({ hasText: "AI-200" }).filter({ hasNotText: "Retired" })).toContainText("Azure AI Cloud Developer Associate");
  await expect(cards.filter({ hasText: "AZ-204" })).toContainText("Developing Solutions for Microsoft Azure");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/dashboard.png", fullPage: true });

  await logOut(page);
  // The session is gone on the server, not only in the browser.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdashboard/);

  await logIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("user-email")).toHaveText(email);
});

test("wrong password and unknown email get the same message", async ({ page }) => {
  const { email } = await signUp(page);
  await logOut(page);

  await logIn(page, email, "not the password");
  const alert = page.getByRole("alert").filter({ hasText: "Email or password is incorrect." });
  await expect(alert).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue(email); // what was typed is kept
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/login-error.png", fullPage: true });

  await logIn(page, uniqueEmail("nobody"), PASSWORD);
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
});

test("sign-up form explains bad input next to the field", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Repeat password").fill("different");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await expectAccessible(page);
});

test("a logged-out visitor is sent to login from a protected page, then back", async ({ page }) => {
  const { email } = await signUp(page);
  await logOut(page);
  await page.goto("/exams/AZ-104");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fexams%2FAZ-104/);
  await expectAccessible(page);
  // Log in on the page we were sent to: it carries where to go back to.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/exams\/AZ-104$/);
});

test("a cross-site form post is refused", async ({ page, request }) => {
  await signUp(page);
  const res = await request.post("/logout", {
    form: { csrf: "forged" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
});

test("an oversized form post is refused with 413 before it is read, and not echoed back", async ({ request }) => {
  const res = await request.post("/login", { form: { email: "x".repeat(2_000_000), password: "y" } });
  expect(res.status()).toBe(413);
  const body = await res.text();
  expect(body.length).toBeLessThan(50_000); // the error page, not the 2 MB field
  expect(body).toContain("too large");
  expect(body).not.toContain("x".repeat(100));
});
