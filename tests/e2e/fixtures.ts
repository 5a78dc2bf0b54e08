/**
 * The `test` every spec imports: Playwright's, plus a guard that fails the test on any console
 * error, uncaught page error or Content-Security-Policy violation, on every page the test opens
 * (the default context and any context or page made with `browser.newContext/newPage`).
 * A request the test itself made fail (offline simulation, a 404 it asked for) is not counted:
 * Chromium logs those as "Failed to load resource".
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export { expect };
export type { Browser, BrowserContext, Locator, Page } from "@playwright/test";

/** Runs in every page before its scripts: a CSP violation becomes a console error with its details. */
function reportCspViolations() {
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`);
  });
}

function watch(page: Page, errors: string[]) {
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    if (/Failed to load resource|net::ERR_/.test(text)) return;
    errors.push(`${page.url()}: ${text}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: uncaught ${e.message}`));
}

async function guardContext(context: BrowserContext, errors: string[]) {
  await context.addInitScript(reportCspViolations);
  for (const page of context.pages()) watch(page, errors);
  context.on("page", (page) => watch(page, errors));
}

export const test = base.extend<{ consoleGuard: string[] }>({
  consoleGuard: [
    async ({ context, browser }, use) => {
      const errors: string[] = [];
      await guardContext(context, errors);
      // Contexts and pages a test opens itself (phone width, a second candidate) are guarded too.
      const b = browser as Browser;
      const newContext = b.newContext.bind(b);
      const newPage = b.newPage.bind(b);
      b.newContext = async (options) => {
        const ctx = await newContext(options);
        await guardContext(ctx, errors);
        return ctx;
      };
      b.newPage = async (options) => {
        const ctx = await b.newContext(options);
        const page = await ctx.newPage();
        // Closing the page closes its own context, as browser.newPage() does.
        page.on("close", () => void ctx.close().catch(() => {}));
        return page;
      };
      try {
        await use(errors);
      } finally {
        b.newContext = newContext;
        b.newPage = newPage;
      }
      expect(errors, "console errors, page errors or CSP violations during the test").toEqual([]);
    },
    { auto: true },
  ],
});
