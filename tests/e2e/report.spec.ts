import { expect, test, type Page } from "./fixtures";
import { drawingOnlyPdf, reportPdf } from "../../app/core/report/pdf-fixtures";
import { expectAccessible, expectNoSideScroll, signUp, watchConsole } from "./helpers";

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const daysAhead = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function openReportEntry(page: Page, code: string) {
  await page.goto(`/exams/${code}`);
  await page.getByRole("link", { name: "Enter your score report" }).click();
  await expect(page.getByRole("heading", { name: `Enter your ${code} score report` })).toBeVisible();
}

test("enter a report by form, see the baseline, plan the retake", async ({ page }) => {
  await signUp(page);
  await openReportEntry(page, "AZ-104");
  await expectAccessible(page);

  await page.getByLabel("Date of the exam").fill(daysAgo(3));
  await page.getByLabel(/Scaled score/).fill("612");
  await page.getByRole("combobox", { name: /Manage Azure identities and governance/ }).selectOption("Needs improvement");
  await page.getByRole("combobox", { name: /Implement and manage storage/ }).selectOption("Above baseline");
  await page.getByRole("combobox", { name: /Deploy and manage Azure compute resources/ }).selectOption("Near baseline");
  await page.getByRole("combobox", { name: /Monitor and maintain Azure resources/ }).selectOption("Above baseline");
  // Networking by the bar slider, keyboard only: Home = 0% -> the weak band, shown live.
  const slider = page.getByLabel("Bar length for Implement and manage virtual networking (percent)");
  await slider.focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight"); // 30%
  const networking = page.getByTestId("domain-networking");
  await expect(networking).toContainText("bar ≈ 30% → ▼Needs improvement");
  await expect(page.getByRole("combobox", { name: /Implement and manage virtual networking/ })).toHaveValue("Needs improvement");
  await page.screenshot({ path: "test-results/screens/report-form.png", fullPage: true });
  await page.getByRole("button", { name: "Save report" }).click();

  await expect(page).toHaveURL(/\/exams\/AZ-104\?saved=report/);
  await expect(page.getByRole("status")).toContainText("Score report saved");
  const rows = page.getByTestId("baseline").locator("li");
  await expect(rows).toHaveCount(5);
  // Weak first, heavier weight first: identities (20-25%) before networking (15-20%).
  await expect(rows.nth(0)).toContainText("Manage Azure identities and governance");
  await expect(rows.nth(1)).toContainText("Implement and manage virtual networking");
  await expect(rows.nth(2)).toContainText("Near baseline");
  await expect(page.getByTestId("retake-status")).toContainText("5 attempts");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/exam-baseline.png", fullPage: true });

  // A date the retake policy forbids is refused with the reason; a valid one is kept.
  await page.getByLabel("Planned date of your next attempt").fill(daysAgo(1));
  await page.getByRole("button", { name: "Save date" }).click();
  await expect(page.locator("#plan-error")).toContainText(`The earliest date you can plan is ${daysAgo(0)} (today)`);
  // Today is allowed (the first fail was 3 days ago: the 24-hour wait is over).
  await expect(page.getByTestId("plan-earliest")).toContainText(`${daysAgo(0)} (today)`);
  await page.getByLabel("Planned date of your next attempt").fill(daysAgo(0));
  await page.getByRole("button", { name: "Save date" }).click();
  await expect(page.getByTestId("countdown")).toContainText("today");
  await page.getByLabel("Planned date of your next attempt").fill(daysAhead(20));
  await page.getByRole("button", { name: "Save date" }).click();
  await expect(page.getByTestId("countdown")).toContainText(/in 20 days/);

  await page.goto("/dashboard");
  const card = page.getByTestId("exam-card").filter({ hasText: "AZ-104" });
  await expect(card.getByTestId("countdown")).toContainText("to your retake");
  await expect(card.getByTestId("baseline").locator("li").first()).toContainText("Identities and governance");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/dashboard-baseline.png", fullPage: true });
});

test("the form keeps what was typed when it is refused", async ({ page }) => {
  await signUp(page);
  await openReportEntry(page, "AZ-104");
  await page.getByLabel("Date of the exam").fill(daysAgo(2));
  await page.getByLabel(/Scaled score/).fill("1500");
  await page.getByRole("combobox", { name: /Implement and manage storage/ }).selectOption("Near baseline");
  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page.locator("#score-error")).toContainText("1000");
  await expect(page.getByLabel(/Scaled score/)).toHaveValue("1500");
  await expect(page.getByRole("combobox", { name: /Implement and manage storage/ })).toHaveValue("Near baseline");
  await expect(page.getByTestId("domain-compute")).toContainText("Choose the band");
  await expectAccessible(page);
});

test("paste a report, correct one domain, confirm", async ({ page }) => {
  await signUp(page);
  await openReportEntry(page, "AZ-204");
  await page.getByRole("link", { name: "Paste the report text" }).click();
  const text = [
    "Microsoft Certification Score Report",
    "Candidate: Sam Example",
    `Exam: AZ-204 Developing Solutions for Microsoft Azure   Date: ${daysAgo(5)}`,
    "Your score: 655   Passing score: 700   Result: Fail",
    "• Develop Azure compute solutions (25–30%)\tBelow Target",
    "• Develop for Azure storage (15–20%)\tNear Target",
    "• Implement Azure security (15–20%)\tAbove Target",
    "• Monitor and troubleshoot Azure solutions (5–10%)\tNear Target",
    "• Connect Services - below target",
    "• Quantum widgets: Below Target",
  ].join("\n");
  await page.getByLabel("Score report text").fill(text);
  await page.getByRole("button", { name: "Read the report" }).click();

  await expect(page.getByRole("heading", { name: "Check and confirm your AZ-204 score report" })).toBeVisible();
  await expect(page.getByTestId("understood-domains").locator("li")).toHaveCount(5);
  await expect(page.getByTestId("unmatched")).toContainText("Quantum widgets");
  await expect(page.getByLabel(/Scaled score/)).toHaveValue("655");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/report-confirm.png", fullPage: true });

  // Correct one domain before saving.
  await page.getByRole("combobox", { name: /Develop for Azure storage/ }).selectOption("Below Target");
  await page.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page).toHaveURL(/\/exams\/AZ-204\?saved=report/);
  const rows = page.getByTestId("baseline").locator("li");
  await expect(rows.filter({ hasText: "Develop for Azure storage" })).toContainText("Below Target");
  await expect(rows.nth(0)).toContainText("Develop Azure compute solutions");
});

test("upload a PDF report; a wrong file type is refused with a clear message", async ({ page }) => {
  await signUp(page);
  await openReportEntry(page, "AZ-104");
  await page.getByRole("link", { name: "Upload PDF or .txt" }).click();

  await page.getByLabel(/Score report file/).setInputFiles({ name: "report.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
  await page.getByRole("button", { name: "Read the file" }).click();
  await expect(page.locator("#file-error")).toContainText(/PDF|\.txt/);

  // Over the 5 MB limit: refused in the page before anything is sent, with the message by the field.
  const uploads: string[] = [];
  page.on("request", (r) => { if (r.method() === "POST") uploads.push(r.url()); });
  await page.getByLabel(/Score report file/).setInputFiles({ name: "huge.txt", mimeType: "text/plain", buffer: Buffer.alloc(10 * 1024 * 1024, 0x61) });
  await expect(page.locator("#file-error")).toContainText("The file is 10.0 MB; the limit is 5 MB");
  await page.getByRole("button", { name: "Read the file" }).click();
  await expect(page.locator("#file-error")).toBeVisible();
  expect(uploads).toEqual([]);
  await page.screenshot({ path: "docs/screenshots/report-upload-too-big.png" });

  // A scan: a PDF page with no text layer.
  await page.getByLabel(/Score report file/).setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.from(await drawingOnlyPdf()) });
  await page.getByRole("button", { name: "Read the file" }).click();
  await expect(page.getByTestId("input-error")).toContainText(/no text/i);
  await expectAccessible(page);

  const pdf = await reportPdf([
    "Microsoft Azure Administrator (AZ-104)",
    `Exam date: ${daysAgo(4)}`,
    "Score: 640  Passing score: 700",
    ["Manage Azure identities and governance", "Near baseline"],
    ["Implement and manage storage", "Needs improvement"],
    ["Deploy and manage Azure compute resources", "Above baseline"],
    ["Implement and manage virtual networking", "Needs improvement"],
    ["Monitor and maintain Azure resources", "Near baseline"],
  ]);
  await page.getByLabel(/Score report file/).setInputFiles({ name: "score-report.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  await page.getByRole("button", { name: "Read the file" }).click();
  await expect(page.getByRole("heading", { name: "Check and confirm your AZ-104 score report" })).toBeVisible();
  await expect(page.getByTestId("understood-domains").locator("li")).toHaveCount(5);
  await page.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page).toHaveURL(/saved=report/);
  await expect(page.getByTestId("baseline").locator("li").first()).toContainText("Implement and manage storage");
});

test("one candidate cannot open another's report", async ({ page, browser }) => {
  await signUp(page);
  await openReportEntry(page, "AZ-104");
  await page.getByLabel("Date of the exam").fill(daysAgo(3));
  await page.getByLabel(/Scaled score/).fill("500");
  for (const name of [/identities/, /storage/, /compute/, /virtual networking/, /Monitor and maintain/]) {
    await page.getByRole("combobox", { name }).selectOption("Needs improvement");
  }
  await page.getByRole("button", { name: "Save report" }).click();
  await page.getByRole("link", { name: /^Edit/ }).click();
  await expect(page).toHaveURL(/\/reports\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: "Edit your AZ-104 attempt" })).toBeVisible();
  const editUrl = page.url();

  const other = await browser.newPage();
  await signUp(other);
  const res = await other.goto(editUrl);
  expect(res?.status()).toBe(404);
  await other.close();
});

const ONE_LINE_AZ104 = (date: string) =>
  `Microsoft Certification. Exam AZ-104 Microsoft Azure Administrator. Exam date: ${date}. Passing score: 700 Your result: 612. ` +
  "Manage Azure identities and governance was reviewed by the exam panel and the band shown is Near baseline. " +
  "Implement and manage storage: Needs improvement. Deploy and manage Azure compute resources: Above baseline. " +
  "Implement and manage virtual networking: Needs improvement. Monitor and maintain Azure resources: Near baseline.";

for (const width of [1280, 390]) {
  test(`a report pasted as one line: read by domain names, an unclear band left empty (${width} px)`, async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width, height: 900 });
    await signUp(page);
    await openReportEntry(page, "AZ-104");
    await page.getByRole("link", { name: "Paste the report text" }).click();
    await expect(page.getByLabel("Score report text")).toHaveAttribute("maxlength", "200000");
    await page.getByLabel("Score report text").fill(ONE_LINE_AZ104(daysAgo(6)));
    await page.getByRole("button", { name: "Read the report" }).click();

    await expect(page.getByRole("heading", { name: "Check and confirm your AZ-104 score report" })).toBeVisible();
    // The score labelled "result", never the passing score.
    await expect(page.getByLabel(/Scaled score/)).toHaveValue("612");
    await expect(page.getByText("from “Passing score: 700 Your result: 612”")).toBeVisible();
    const understood = page.getByTestId("understood-domains").locator("li");
    await expect(understood).toHaveCount(4);
    await expect(page.getByTestId("understood-storage")).toContainText("sure");
    await expect(page.getByTestId("understood-storage")).toContainText("“Implement and manage storage: Needs improvement.”");
    // The band far from its domain is not guessed: empty, highlighted, with the words read.
    await expect(page.getByTestId("uncertain")).toContainText("Manage Azure identities and governance");
    await expect(page.getByTestId("uncertain")).toContainText("Near baseline");
    await expect(page.getByRole("combobox", { name: /Manage Azure identities and governance/ })).toHaveValue("");
    await expect(page.getByTestId("domain-identity-governance")).toHaveClass(/border-amber-400/);
    await expect(page.getByRole("combobox", { name: /Implement and manage storage/ })).toHaveValue("Needs improvement");
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await page.screenshot({ path: `docs/screenshots/report-one-line-confirm${width === 390 ? "-phone" : ""}.png`, fullPage: true });

    await page.getByRole("combobox", { name: /Manage Azure identities and governance/ }).selectOption("Near baseline");
    await page.getByRole("button", { name: "Confirm and save" }).click();
    await expect(page).toHaveURL(/saved=report/);
    await expect(page.getByTestId("baseline").locator("li")).toHaveCount(5);
    expect(errors).toEqual([]);
  });
}

test("an empty form submit stays on the entry step; the bar slider says when it is not given", async ({ page }) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 900 });
  await signUp(page);
  await openReportEntry(page, "AZ-104");
  const networking = page.getByTestId("domain-networking");
  await expect(networking).toContainText("bar not given");
  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page.getByRole("heading", { name: "Enter your AZ-104 score report" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Ways to enter the report" }).getByRole("link")).toHaveCount(3);
  await expect(page.locator("#takenAt-error")).toContainText("Enter the date you took the exam");
  await expect(page.locator("#score-error")).toContainText("Enter the scaled score");
  await expect(networking).toContainText("Choose the band");
  await expectNoSideScroll(page);
  await page.screenshot({ path: "docs/screenshots/report-empty-submit-phone.png", fullPage: true });

  // A click on the slider at its starting 50 sets it: the value counts, shown with its band.
  const slider = page.getByLabel("Bar length for Implement and manage virtual networking (percent)");
  await slider.click();
  await expect(networking).toContainText("bar ≈ 50% → ■Near baseline");
  await networking.getByRole("button", { name: "clear bar" }).click();
  await expect(networking).toContainText("bar not given");
  expect(errors).toEqual([]);
});

async function saveFormReport(page: Page, date: string, score: string) {
  await page.getByLabel("Date of the exam").fill(date);
  await page.getByLabel(/Scaled score/).fill(score);
  for (const name of [/identities/, /storage/, /compute/, /virtual networking/, /Monitor and maintain/]) {
    await page.getByRole("combobox", { name }).selectOption("Near baseline");
  }
  await page.getByRole("button", { name: "Save report" }).click();
}

test("the same report entered twice is not saved silently; keeping both needs a tick", async ({ page }) => {
  const errors = watchConsole(page);
  await signUp(page);
  await openReportEntry(page, "AZ-104");
  await saveFormReport(page, daysAgo(10), "640");
  await expect(page).toHaveURL(/saved=report/);

  await page.getByRole("link", { name: "Add another attempt" }).click();
  await saveFormReport(page, daysAgo(10), "640");
  const warning = page.getByTestId("duplicate-warning");
  await expect(warning).toContainText(`You already saved an attempt of AZ-104 on ${daysAgo(10)} with score 640`);
  await expect(warning.getByRole("link", { name: "see or edit the saved attempt" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "docs/screenshots/report-duplicate-warning.png", fullPage: true });
  // Saving again without the tick still refuses.
  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page.getByTestId("duplicate-warning")).toBeVisible();
  await page.goto("/exams/AZ-104");
  await expect(page.getByTestId("attempt-row")).toHaveCount(1);

  await page.getByRole("link", { name: "Add another attempt" }).click();
  await saveFormReport(page, daysAgo(10), "640");
  await page.getByLabel("This is a different attempt: keep both.").check();
  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page).toHaveURL(/saved=report/);
  await expect(page.getByTestId("attempt-row")).toHaveCount(2);
  expect(errors).toEqual([]);
});

test("a retired exam: the badge is explained, a planned retake warns and points to the successor", async ({ page }) => {
  const errors = watchConsole(page);
  await signUp(page);
  const card = page.getByTestId("exam-card").filter({ hasText: "AZ-204" });
  await expect(card.getByTestId("retired-badge")).toHaveAttribute("title", /can no longer be booked/);
  await expect(card.getByTestId("retired-explained")).toContainText("Its successor is AI-200");
  await page.goto("/exams/AZ-204");
  await expect(page.getByTestId("plan-retired-note")).toContainText("plan for AI-200 instead");
  await page.getByLabel("Planned date of your next attempt").fill(daysAhead(7));
  await page.getByRole("button", { name: "Save date" }).click();
  await expect(page.getByTestId("plan-warning")).toContainText("AZ-204 is retired");
  await expect(page.getByTestId("plan-warning").getByRole("link", { name: "Open AI-200" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 900 });
  await expectNoSideScroll(page);
  await page.screenshot({ path: "docs/screenshots/report-retired-plan-phone.png", fullPage: true });
  expect(errors).toEqual([]);
});
