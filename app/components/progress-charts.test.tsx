import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DomainTrendChart, ReviewForecastChart, type BandArea, type TrendPoint } from "./progress-charts";

const bands: BandArea[] = [
  { label: "Needs improvement", level: "weak", from: 0, to: 0.45 },
  { label: "Nearly there", level: "near", from: 0.45, to: 0.7 },
  { label: "Proficient", level: "strong", from: 0.7, to: 1 },
];
const points: TrendPoint[] = [
  { date: "2026-12-01", accuracy: 0.41, low: 0.3, high: 0.52, answers: 12 },
  { date: "2026-12-03", accuracy: 0.5, low: 0.41, high: 0.6, answers: 25 },
  { date: "2026-12-08", accuracy: 0.63, low: 0.55, high: 0.7, answers: 40 },
];
const baseline = { label: "Needs improvement", level: "weak" as const };

function trend(over: Partial<Parameters<typeof DomainTrendChart>[0]> = {}) {
  return renderToStaticMarkup(
    <DomainTrendChart title="Storage" points={points} bands={bands} baseline={baseline} targetFrom={0.7} id="storage" {...over} />,
  );
}
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;
const ariaLabel = (html: string) => /<svg[^>]*aria-label="([^"]*)"/.exec(html)?.[1];

describe("DomainTrendChart", () => {
  it("renders a scalable SVG and a table row per point", () => {
    const html = trend();
    expect(html).toMatch(/^<figure/);
    expect(html).toContain("<figcaption");
    expect(html).toMatch(/<svg[^>]*viewBox="0 0 400 240"[^>]*width="100%"[^>]*role="img"/);
    expect(html).not.toMatch(/<svg[^>]*height="\d/);
    expect(count(html, /<circle/g)).toBe(3);
    expect(html).toContain("visx-area");
    expect(html).toContain("visx-linepath");
    expect(count(html, /<tr>/g)).toBe(4); // header + 3 points
    expect(html).toContain('<th scope="row" class="border-b border-slate-100 py-1 pr-3 font-normal">3 Dec</th>');
    expect(html).toContain("<td class=\"border-b border-slate-100 py-1 pr-3\">30–52%</td>");
    expect(html).toMatch(/>Answers</);
  });

  it("keeps the table for screen readers and offers it to sighted users without script", () => {
    const html = trend();
    expect(html).toMatch(/<details class="[^"]*peer\/table[^"]*"><summary[^>]*>.*Show as table/);
    expect(html).toMatch(/<div class="sr-only peer-open\/table:not-sr-only">.*<table/);
  });

  it("labels the band areas, the baseline band and the target", () => {
    const html = trend();
    expect(html).toContain(">Baseline: Needs improvement</text>");
    expect(html).toContain(">Nearly there</text>");
    expect(html).toContain(">Proficient</text>");
    expect(html).toContain('data-testid="storage-baseline"');
    expect(html).toContain("Target 70%");
    expect(html).toContain('stroke-dasharray="6 4"');
    expect(html).toMatch(/class="fill-weak-bg"/);
  });

  it("moves a band label off the estimate line", () => {
    // The estimate starts in the weak band's top left corner, so its label goes to the top right.
    expect(trend()).toMatch(/<text x="330" y="[\d.]+" text-anchor="end"[^>]*>Baseline: Needs improvement</);
    expect(trend()).toMatch(/<text x="6" y="[\d.]+" text-anchor="start"[^>]*>Proficient</);
  });

  it("summarises the first and last estimate in the aria-label", () => {
    expect(ariaLabel(trend())).toBe(
      "Storage: estimated exam-level accuracy from 41% on 1 Dec to 63% on 8 Dec (likely 55–70%). " +
        "Baseline: Needs improvement. Target: 70%.",
    );
  });

  it("shows a short text instead of an empty chart when there are no answers", () => {
    const html = trend({ points: [] });
    expect(html).toContain("No answers yet");
    expect(html).toContain("<figcaption");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("<table");
  });

  it("draws one point as a dot with its range bar", () => {
    const html = trend({ points: [points[1]] });
    expect(count(html, /<circle/g)).toBe(1);
    expect(html).not.toContain("visx-area");
    expect(count(html, /<line[^>]*class="visx-line stroke-brand-600"/g)).toBe(3); // bar and two caps
    expect(ariaLabel(html)).toBe(
      "Storage: estimated exam-level accuracy 50% on 3 Dec (likely 41–60%). Baseline: Needs improvement. Target: 70%.",
    );
    expect(html).toContain(">3 Dec</text>");
  });

  it("formats dates in UTC and sorts points, whatever order they arrive in", () => {
    const html = trend({ points: [points[2], points[0]] });
    expect(ariaLabel(html)).toContain("from 41% on 1 Dec to 63% on 8 Dec");
    expect(html).toContain(">1 Dec</text>");
    expect(html).toContain(">8 Dec</text>");
  });

  it("works without a baseline", () => {
    const html = trend({ baseline: null });
    expect(html).not.toContain("Baseline:");
    expect(html).toContain(">Needs improvement</text>");
  });

  it("renders identical markup every time (server and client agree)", () => {
    expect(trend()).toBe(trend());
    expect(trend({ points: [points[0]] })).toBe(trend({ points: [points[0]] }));
  });

  it("renders the same in any time zone (a server in UTC, a browser far east or west)", () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = "UTC";
      const utc = trend();
      for (const tz of ["Pacific/Kiritimati", "America/Los_Angeles"]) {
        process.env.TZ = tz;
        expect(new Date(2026, 11, 1).getTimezoneOffset()).not.toBe(0); // the zone did change
        expect(trend()).toBe(utc);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("uses no visx <Text> (it measures words in the DOM) and no inline sizes", () => {
    const html = trend();
    expect(html).not.toMatch(/<svg[^>]*style="overflow:visible"/);
    expect(html).not.toContain("Arial");
  });
});

describe("ReviewForecastChart", () => {
  const days = Array.from({ length: 14 }, (_, i) => ({
    date: `2026-12-${String(i + 1).padStart(2, "0")}`,
    due: [3, 8, 14, 5, 0, 2, 7, 4, 1, 0, 6, 2, 3, 1][i],
  }));
  const forecast = (retakeDate: string | null, list = days) =>
    renderToStaticMarkup(<ReviewForecastChart days={list} retakeDate={retakeDate} id="forecast" />);

  it("draws a bar and a table row per day", () => {
    const html = forecast(null);
    expect(count(html, /data-testid="forecast-bar"/g)).toBe(14);
    expect(count(html, /<tr>/g)).toBe(15);
    expect(html).toContain("Reviews due in the next 14 days");
    expect(html).toMatch(/<svg[^>]*viewBox="0 0 400 180"[^>]*width="100%"[^>]*role="img"/);
    expect(html).not.toContain("forecast-retake");
    expect(html).toContain("Show as table");
  });

  it("summarises the days in the aria-label", () => {
    expect(ariaLabel(forecast(null))).toBe("Reviews due per day from 1 Dec to 14 Dec: 56 in total, most on 3 Dec (14).");
  });

  it("marks the retake date inside the range, in the chart, the label and the table", () => {
    const html = forecast("2026-12-10");
    expect(html).toContain('data-testid="forecast-retake"');
    expect(html).toContain("Retake 10 Dec</text>");
    expect(ariaLabel(html)).toMatch(/Retake on 10 Dec\.$/);
    expect(html).toContain("10 Dec (retake)</th>");
  });

  it("does not draw the retake marker outside the range but still mentions it", () => {
    const html = forecast("2027-01-20");
    expect(html).not.toContain("forecast-retake");
    expect(ariaLabel(html)).toMatch(/Retake on 20 Jan\.$/);
  });

  it("handles no days and days with nothing due", () => {
    expect(forecast(null, [])).toContain("No reviews scheduled");
    const quiet = forecast(null, days.slice(0, 3).map((d) => ({ ...d, due: 0 })));
    expect(ariaLabel(quiet)).toBe("No reviews due from 1 Dec to 3 Dec.");
  });

  it("renders identical markup every time", () => {
    expect(forecast("2026-12-10")).toBe(forecast("2026-12-10"));
  });
});
