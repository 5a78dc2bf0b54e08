/**
 * The server's edge, as an outside probe sees it: body limits, the cross-site check, error pages,
 * security headers, open redirects and rate limits. Each case is listed in docs/security.md.
 */
import http from "node:http";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PASSWORD, expectAccessible, expectNoSideScroll, logIn, logOut, signUp, uniqueEmail } from "./helpers";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

function baseUrl(): URL {
  return new URL(test.info().project.use.baseURL ?? "http://localhost:3917");
}

/** A raw POST that declares `length` bytes, sends only the headers and waits for the answer. */
function declareOnly(path: string, length: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const base = baseUrl();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(length), ...headers } });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

/** A raw chunked POST (no Content-Length). */
function chunked(path: string, body: string): Promise<number> {
  const base = baseUrl();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" } });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function csrfOf(page: Page): Promise<string> {
  return (await page.locator('input[name="csrf"]').first().getAttribute("value")) ?? "";
}

test.describe("request bodies", () => {
  test("a body declared over the ceiling is refused with 413 before any of it is sent", async () => {
    const plain = await declareOnly("/login", 50_000_000);
    expect(plain.status).toBe(413);
    expect(plain.body.length).toBeLessThan(2000);
    expect(plain.body).toContain("too large");
    // A client that asks first is told before it sends anything.
    const asked = await declareOnly("/login", 50_000_000, { Expect: "100-continue" });
    expect(asked.status).toBe(413);
    // The upload page has a larger ceiling, but not an unlimited one.
    expect((await declareOnly("/exams/AZ-104/reports/new", 100_000_000)).status).toBe(413);
  });

  test("a chunked body without a length is refused with 411", async () => {
    expect(await chunked("/login", "email=a%40b.c&password=x")).toBe(411);
  });

  test("an oversized form, many parts or one long field: 413 page with the signed-in header, nothing echoed", async ({ page }) => {
    const { email } = await signUp(page);
    await page.goto("/settings");
    const csrf = await csrfOf(page);
    const long = "x".repeat(300_000);
    const whole = await page.request.post("/settings", { form: { csrf, sessionSize: long, desiredRetention: "0.9" }, failOnStatusCode: false });
    expect(whole.status()).toBe(413);
    const html = await whole.text();
    expect(html).toContain("That was too much to send");
    expect(html).toContain(email); // the header stays signed in
    expect(html).not.toContain("x".repeat(200));

    // Many multipart parts, each far under the total: the total is what counts.
    const parts: Record<string, string> = { csrf };
    for (let i = 0; i < 40; i++) parts[`f${i}`] = "y".repeat(15_000);
    const many = await page.request.post("/settings", { multipart: parts, failOnStatusCode: false });
    expect(many.status()).toBe(413);
    expect(await many.text()).not.toContain("y".repeat(200));

    // One field over its own limit inside a small body.
    await logOut(page);
    await page.goto("/login");
    const field = await page.request.post("/login", { form: { csrf: await csrfOf(page), email: `${"z".repeat(20_000)}@example.com`, password: "x" }, failOnStatusCode: false });
    expect(field.status()).toBe(413);
    expect(await field.text()).not.toContain("z".repeat(200));
  });

  test("a JSON body to a form action is a 400 page, not a 500", async ({ page }) => {
    await page.goto("/login");
    const res = await page.request.post("/login", { data: { email: "a@b.c", password: "x" }, failOnStatusCode: false });
    expect(res.status()).toBe(400);
    const html = await res.text();
    expect(html).toContain("This request could not be read");
    expect(html).not.toMatch(/at \w+ \(|node_modules/);
  });

  // With scripts on, the page refuses the file before sending it (report.spec.ts); without them the
  // browser sends it, and this is the server's answer.
  test.describe("without scripts", () => {
    test.use({ javaScriptEnabled: false });
    test("a 10 MB .txt upload gets the report form's message quickly, not a reset", async ({ page }) => {
      await signUp(page);
      await page.goto("/exams/AZ-104/reports/new?via=upload");
      await page.getByLabel(/Score report file/).setInputFiles({ name: "huge.txt", mimeType: "text/plain", buffer: Buffer.alloc(10 * 1024 * 1024, 0x61) });
      const started = Date.now();
      await page.getByRole("button", { name: "Read the file" }).click();
      await expect(page.getByTestId("input-error")).toContainText("larger than 5 MB");
      expect(Date.now() - started).toBeLessThan(8000);
      await expect(page.getByTestId("user-email")).toBeVisible();
    });
  });
});

test.describe("cross-site posts", () => {
  test("are refused with a designed 403 page, signed in or not", async ({ page }) => {
    await page.goto("/login");
    const login = await page.request.post("/login", { form: { csrf: await csrfOf(page), email: "a@example.com", password: "x" }, headers: { Origin: "https://evil.example" }, failOnStatusCode: false });
    expect(login.status()).toBe(403);
    expect(await login.text()).toContain("This form was submitted from another site.");

    const { email } = await signUp(page);
    await page.goto("/exams/AZ-104");
    const csrf = await csrfOf(page);
    const del = await page.request.post("/exams/AZ-104", { form: { csrf, intent: "delete-report", reportId: "x" }, headers: { Origin: "https://evil.example" }, failOnStatusCode: false });
    expect(del.status()).toBe(403);
    const html = await del.text();
    expect(html).toContain("This was not allowed");
    expect(html).toContain(email);
    const out = await page.request.post("/logout", { form: { csrf }, headers: { Origin: "null" }, failOnStatusCode: false, maxRedirects: 0 });
    expect(out.status()).toBe(403);
    expect(await out.text()).toContain('data-testid="error-page"');
  });
});

test.describe("error pages", () => {
  test("404 keeps the signed-in header and offers a way back, on desktop and phone, without console errors", async ({ page, browser }) => {
    const { email, password } = await signUp(page);
    for (const path of ["/no-such-page", "/settings/anything", "/mock/does-not-exist", "/exams/NOPE-1"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByTestId("error-page")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).not.toContainText("Error:");
      await expect(page.getByTestId("user-email")).toHaveText(email);
      await expect(page.getByRole("link", { name: "Go to your dashboard" })).toBeVisible();
      await expect(page.locator("main")).not.toContainText("No route matches");
    }
    await page.goto("/settings/anything");
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);
    await page.screenshot({ path: "test-results/screens/error-404.png", fullPage: true });
    await page.getByRole("link", { name: "Go to your dashboard" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);

    const phone = await browser.newContext(PHONE);
    const p = await phone.newPage();
    await logIn(p, email, password);
    await expect(p).toHaveURL(/\/dashboard$/);
    await p.goto("/settings/anything");
    await expect(p.getByTestId("error-page")).toBeVisible();
    await expectNoSideScroll(p);
    await p.goto(`/exams/${"A".repeat(300)}`);
    await expect(p.getByTestId("error-page")).toBeVisible();
    await expectNoSideScroll(p);
    await p.screenshot({ path: "test-results/screens/error-404-phone.png", fullPage: true });
    await phone.close();
  });

  test("a logged-out visitor's 404 offers the start page and login", async ({ page }) => {
    await page.goto("/nothing/here");
    await expect(page.getByTestId("error-page")).toContainText("Page not found");
    await expect(page.getByRole("main").getByRole("link", { name: "Log in" })).toBeVisible();
  });
});

test.describe("headers", () => {
  async function headersOf(request: APIRequestContext, path: string) {
    const res = await request.get(path, { failOnStatusCode: false, maxRedirects: 0 });
    return { status: res.status(), h: res.headers() };
  }

  test("every response carries the CSP and the nosniff, frame and referrer headers", async ({ page, request }) => {
    await page.goto("/login");
    const assetPath = /"(\/assets\/[^"]+\.js)"/.exec(await (await request.get("/login")).text())?.[1];
    expect(assetPath).toBeTruthy();
    for (const path of ["/", "/login", "/login.data", "/no-such-page", "/favicon.svg", assetPath!]) {
      const { h } = await headersOf(request, path);
      expect(h["content-security-policy"], path).toMatch(/default-src 'self'/);
      expect(h["content-security-policy"], path).toMatch(/frame-ancestors 'none'/);
      expect(h["x-content-type-options"], path).toBe("nosniff");
      expect(h["x-frame-options"], path).toBe("DENY");
      expect(h["referrer-policy"], path).toBe("same-origin");
    }
    // Each page gets its own nonce, and Remix's inline scripts carry it.
    const a = (await headersOf(request, "/login")).h["content-security-policy"];
    const b = (await headersOf(request, "/login")).h["content-security-policy"];
    expect(a).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(a).not.toBe(b);
    expect(await page.locator("script:not([nonce])").count()).toBe(0);
  });

  test("logged-in pages and data are not stored by the browser", async ({ page }) => {
    await signUp(page);
    for (const path of ["/dashboard", "/dashboard.data", "/settings"]) {
      const res = await page.request.get(path);
      expect(res.headers()["cache-control"], path).toBe("private, no-store");
    }
  });
});

test.describe("redirect after login", () => {
  test("only same-origin paths are followed", async ({ page }) => {
    const { email } = await signUp(page);
    await logOut(page);
    const origin = baseUrl().origin;
    for (const bad of ["/%09/evil.example", "//evil.example", "/\\evil.example", "/%5c%5cevil.example", "https://evil.example", "/%2f%2fevil.example", "/a/..//evil.example", "javascript:alert(1)"]) {
      await page.goto("/login");
      const res = await page.request.post("/login", { form: { csrf: await csrfOf(page), email, password: PASSWORD, redirectTo: bad }, maxRedirects: 0, failOnStatusCode: false });
      expect(res.status(), bad).toBe(302);
      const location = res.headers()["location"];
      expect(new URL(location, origin).origin, `${bad} -> ${location}`).toBe(origin);
      expect(location, bad).toBe("/dashboard");
      await page.context().clearCookies();
    }
    // In the browser: the probe's link lands on the dashboard.
    await page.goto(`/login?redirectTo=${encodeURIComponent("/%09/evil.example")}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(`${origin}/dashboard`);
  });
});

test.describe("rate limits", () => {
  test("after 10 wrong passwords an account is locked for a while, with the same words for an unknown email", async ({ page }) => {
    const { email } = await signUp(page);
    await logOut(page);
    await page.goto("/login");
    const csrf = await csrfOf(page);
    for (let i = 0; i < 10; i++) {
      const res = await page.request.post("/login.data", { form: { csrf, email, password: `wrong ${i}` }, failOnStatusCode: false });
      expect(res.status(), `attempt ${i + 1}`).toBe(400);
    }
    // The right password now waits too: the lock is per account, not per wrong guess.
    await logIn(page, email, PASSWORD);
    await expect(page.getByRole("alert").filter({ hasText: /Too many login attempts\. Try again in \d+ minutes\./ })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    await expectAccessible(page);
    const refused = await page.request.post("/login.data", { form: { csrf, email, password: PASSWORD }, failOnStatusCode: false });
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(60);

    // An email without an account is counted, and answered, the same way.
    const nobody = uniqueEmail("nobody");
    for (let i = 0; i < 10; i++) await page.request.post("/login.data", { form: { csrf, email: nobody, password: "x" }, failOnStatusCode: false });
    await logIn(page, nobody, PASSWORD);
    await expect(page.getByRole("alert").filter({ hasText: /Too many login attempts\. Try again in \d+ minutes\./ })).toBeVisible();

    // Other accounts are not affected.
    const other = await signUp(page);
    await logOut(page);
    await logIn(page, other.email);
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});
