import { expect, test } from "./fixtures";
import { inflateBombPdf, sharedStreamPdf } from "../../app/core/report/hostile-pdf-fixtures";
import { signUp, watchConsole } from "./helpers";

// Issue 14: a crafted PDF is read in a worker with limits (production build: build/server/pdf-worker.js),
// the form says what to do instead, and other candidates are served meanwhile.
test("a PDF that inflates to 2 GiB, or whose pages share one large stream, gets the form's message while others are served", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  await signUp(page);
  const other = await browser.newPage();
  await signUp(other);

  const bomb = await inflateBombPdf(2 * 2 ** 30);
  expect(bomb.length).toBeLessThan(2.5 * 2 ** 20);
  for (const [name, bytes] of [["bomb.pdf", bomb], ["shared.pdf", sharedStreamPdf(20, 20_000)]] as const) {
    await page.goto("/exams/AZ-104/reports/new?via=upload");
    await page.getByLabel(/Score report file/).setInputFiles({ name, mimeType: "application/pdf", buffer: Buffer.from(bytes) });
    const started = Date.now();
    const upload = page.getByRole("button", { name: "Read the file" }).click();
    // While the file is being read, another candidate's pages still come back promptly.
    const t = Date.now();
    const res = await other.request.get("/dashboard");
    expect(res.status()).toBe(200);
    expect(Date.now() - t).toBeLessThan(2_000);
    await upload;
    await expect(page.getByTestId("input-error")).toContainText("This PDF could not be read in time; paste the text instead");
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(page.getByTestId("user-email")).toBeVisible();
  }
  await other.close();
  expect(errors).toEqual([]);
});
