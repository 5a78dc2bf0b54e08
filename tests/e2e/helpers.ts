import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Every page we visit must have no serious or critical accessibility violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `accessibility violations on ${page.url()}`,
  ).toEqual([]);
}

let counter = 0;
export function uniqueEmail(prefix = "candidate") {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}@example.com`;
}

export const PASSWORD = "correct horse battery";

export async function signUp(page: Page, email = uniqueEmail(), password = PASSWORD) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Repeat password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return { email, password };
}

export async function logIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

export async function logOut(page: Page) {
  await page.getByRole("button", { name: "Log out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" })).toBeVisible();
}

/** Console errors and uncaught page errors seen on a page; assert it stays empty at the end of a test. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    // A request the test itself made fail (offline simulation, killed server) is logged by Chromium; that is the point.
    if (/Failed to load resource|net::ERR_/.test(text)) return;
    errors.push(text);
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/**
 * The page fits its viewport: nothing scrolls sideways (checked at phone width). Compared with the
 * layout viewport (clientWidth) too: with mobile emulation Chrome zooms out to show content that
 * is too wide, and window.innerWidth then grows with it.
 */
export async function expectNoSideScroll(page: Page) {
  const { scroll, width, wide } = await page.evaluate(() => {
    const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
    // The deepest elements that stick out on the right, to say what is too wide.
    const out = [...document.body.querySelectorAll<HTMLElement>("*")].filter((el) => el.getBoundingClientRect().right > width + 1);
    const wide = out
      .filter((el) => !out.some((o) => o !== el && el.contains(o)))
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? ` class="${el.className}"` : ""}> ${Math.round(el.getBoundingClientRect().right)}px: ${(el.textContent ?? "").trim().slice(0, 60)}`);
    return { scroll: document.documentElement.scrollWidth, width, wide };
  });
  expect(scroll, `page scrolls sideways on ${page.url()}; too wide: ${wide.join(" | ")}`).toBeLessThanOrEqual(width);
}

/** The AZ-104 report form's band selects, by domain. */
const AZ104_BAND_FIELDS = {
  identities: /identities/,
  storage: /storage/,
  compute: /compute/,
  networking: /virtual networking/,
  monitor: /Monitor and maintain/,
} as const;
export type Az104Bands = Record<keyof typeof AZ104_BAND_FIELDS, string>;

/** Fills and saves the AZ-104 report form for an exam taken three days ago; the caller checks where it lands. */
export async function saveAz104Report(page: Page, score: number, bands: Az104Bands) {
  await page.goto("/exams/AZ-104/reports/new");
  await page.getByLabel("Date of the exam").fill(new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10));
  await page.getByLabel(/Scaled score/).fill(String(score));
  for (const [key, name] of Object.entries(AZ104_BAND_FIELDS)) await page.getByRole("combobox", { name }).selectOption(bands[key as keyof Az104Bands]);
  await page.getByRole("button", { name: "Save report" }).click();
}
