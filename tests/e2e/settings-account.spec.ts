import fs from "node:fs";
import { expect, test, type Browser, type Page } from "./fixtures";
import { openTestDb } from "./db";
import { PASSWORD, expectAccessible, expectNoSideScroll, logIn, signUp, watchConsole } from "./helpers";

const NEW_PASSWORD = "a much better passphrase";

for (const width of [1280, 390]) {
  test.describe(`settings at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    async function secondBrowser(browser: Browser, email: string, password = PASSWORD): Promise<Page> {
      const other = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await logIn(other, email, password);
      await expect(other).toHaveURL(/\/dashboard$/);
      return other;
    }

    test("the Easy checkbox is optional; change password logs out other sessions", async ({ page, browser }) => {
      const errors = watchConsole(page);
      const { email } = await signUp(page);
      const other = await secondBrowser(browser, email);
      await page.goto("/settings");
      await expect(page.getByLabel(/Rate quick, sure answers as Easy/)).not.toHaveAttribute("required", /.*/);
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect(page.getByRole("status")).toContainText("Settings saved.");
      await expectAccessible(page);
      await expectNoSideScroll(page);

      await page.getByLabel("Current password").fill("not my password");
      await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
      await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page.getByTestId("password-error")).toHaveText("That is not your current password.");

      await page.getByLabel("Current password").fill(PASSWORD);
      await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
      await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page.getByTestId("password-done")).toHaveText("Password changed. 1 other session was logged out.");
      await page.screenshot({ path: `test-results/screens/settings-${width}.png`, fullPage: true });
      // This session stays; the other browser is signed out.
      await page.goto("/dashboard");
      await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
      await expect(page).toHaveURL(/\/dashboard$/);
      await other.goto("/dashboard");
      await expect(other).toHaveURL(/\/login/);
      await logIn(other, email, PASSWORD);
      await expect(other.getByRole("alert")).toBeVisible();
      await logIn(other, email, NEW_PASSWORD);
      await expect(other).toHaveURL(/\/dashboard$/);
      expect(errors).toEqual([]);
    });

    test("log out everywhere ends this and every other session", async ({ page, browser }) => {
      const { email } = await signUp(page);
      const other = await secondBrowser(browser, email);
      await page.goto("/settings");
      await page.getByRole("button", { name: "Log out everywhere" }).click();
      await expect(page).toHaveURL(/\/login/);
      await other.goto("/settings");
      await expect(other).toHaveURL(/\/login/);
      const db = openTestDb();
      const n = db.prepare("SELECT COUNT(*) AS n FROM Session s JOIN User u ON u.id = s.userId WHERE u.email = ?").get(email) as { n: number };
      db.close();
      expect(n.n).toBe(0);
    });

    test("export my data as JSON, then delete the account with password confirmation", async ({ page }) => {
      const errors = watchConsole(page);
      const { email } = await signUp(page);
      await page.goto("/exams/AZ-104/practice");
      await page.goto("/settings");
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Download my data (JSON)" }).click();
      const file = await (await download).path();
      const data = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(data.user.email).toBe(email);
      expect(Object.keys(data)).toEqual(expect.arrayContaining(["reports", "reviews", "cards", "practiceSessions", "mockExams", "flags"]));
      expect(JSON.stringify(data)).not.toContain("argon2");

      await page.getByLabel("Your password, to confirm").fill("wrong password");
      await page.getByRole("button", { name: "Delete my account and all its data" }).click();
      await expect(page.getByTestId("delete-error")).toContainText("not deleted");
      await expectNoSideScroll(page);
      await page.getByLabel("Your password, to confirm").fill(PASSWORD);
      await page.getByRole("button", { name: "Delete my account and all its data" }).click();
      await expect(page).toHaveURL(/\/\?deleted=1$/);
      const db = openTestDb();
      const user = db.prepare("SELECT id FROM User WHERE email = ?").get(email);
      db.close();
      expect(user).toBeUndefined();
      await logIn(page, email, PASSWORD);
      await expect(page.getByRole("alert")).toBeVisible();
      expect(errors).toEqual([]);
    });
  });
}
