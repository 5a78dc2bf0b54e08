import { AxisBottom, AxisLeft, type TickRendererProps } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Area, Bar, Circle, Line, LinePath } from "@visx/shape";
import type { ReactNode } from "react";

/**
 * Progress charts drawn as plain SVG from visx primitives (docs/decisions/007-charts.md).
 * Everything is computed from the props during render: no hooks, no DOM measuring, so the
 * server and the browser produce the same markup, and the viewBox scales the chart to any
 * width. Tick labels are our own <text>, not visx's <Text>, which measures words in the DOM.
 */

type Level = "weak" | "near" | "strong";
export type BandArea = { label: string; level: Level; from: number; to: number };
export type TrendPoint = { date: string; accuracy: number; low: number; high: number; answers: number };
export type ForecastDay = { date: string; due: number };

const DAY = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FONT = 12;
// Non-text strokes (axes, target line) as attributes; slate-500 and slate-700.
const AXIS_STROKE = "#64748b";
const TARGET_STROKE = "#334155";

const bandFill: Record<Level, string> = { weak: "fill-weak-bg", near: "fill-near-bg", strong: "fill-strong-bg" };
const bandText: Record<Level, string> = { weak: "fill-weak", near: "fill-near", strong: "fill-strong" };
const bandStroke: Record<Level, string> = { weak: "stroke-weak", near: "stroke-near", strong: "stroke-strong" };
const haloStroke: Record<Level, string> = { weak: "stroke-weak-bg", near: "stroke-near-bg", strong: "stroke-strong-bg" };

/** "2026-12-03" -> UTC midnight in ms, NaN when malformed. UTC so no time zone moves a day. */
function parseDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
}

/** "3 Dec": formatted by hand, because Intl output differs between Node and browsers. */
function shortDate(day: number | string): string {
  const d = new Date(typeof day === "string" ? parseDay(day) : day);
  return Number.isNaN(d.getTime()) ? String(day) : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
const pct = (v: number) => Math.round(clamp01(v) * 100);
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Whole days a whole number of days apart, at most `max`, always with the first and last day. */
function dayTicks(start: number, end: number, max: number): number[] {
  const span = Math.round((end - start) / DAY);
  const step = Math.max(1, Math.ceil(span / (max - 1)));
  const ticks: number[] = [];
  // Leave out an inner tick too close to the last one for the two labels to fit.
  for (let d = 0; d < span - step * 0.75; d += step) ticks.push(start + d * DAY);
  ticks.push(start + span * DAY);
  return ticks;
}

type Box = { x0: number; x1: number; y0: number; y1: number };
type Spot = { x: number; y: number; anchor: "start" | "end" };

/** Whether a polyline (the estimate, a range bar, the target line) passes within `pad` of a box. */
function crosses(line: { x: number; y: number }[], box: Box, pad: number): boolean {
  const inside = (x: number, y: number) => x >= box.x0 - pad && x <= box.x1 + pad && y >= box.y0 - pad && y <= box.y1 + pad;
  if (line.length === 1) return inside(line[0].x, line[0].y);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    for (let s = 0; s <= 24; s++) if (inside(a.x + ((b.x - a.x) * s) / 24, a.y + ((b.y - a.y) * s) / 24)) return true;
  }
  return false;
}

/**
 * Where a band's label goes: the first corner of the band (top left, top right, bottom left,
 * bottom right) that the estimate, the target line and its label leave free; top left when none is.
 */
function bandLabelSpot(top: number, bottom: number, text: string, innerW: number, estimate: { x: number; y: number }[],
  target: { x: number; y: number }[], avoid: Box): Spot {
  const w = text.length * FONT * 0.62;
  const spots: Spot[] = [
    { x: 6, y: top + 14, anchor: "start" },
    { x: innerW - 6, y: top + 14, anchor: "end" },
    { x: 6, y: bottom - 5, anchor: "start" },
    { x: innerW - 6, y: bottom - 5, anchor: "end" },
  ];
  const free = spots.find((sp) => {
    const x0 = sp.anchor === "start" ? sp.x : sp.x - w;
    const box = { x0, x1: x0 + w, y0: sp.y - FONT + 2, y1: sp.y + 2 };
    const overlaps = box.x0 < avoid.x1 && box.x1 > avoid.x0 && box.y0 < avoid.y1 && box.y1 > avoid.y0;
    // 5 units clear of the estimate (its width and the dots' radius), 1 of the thin target line.
    return sp.y - FONT >= top && sp.y <= bottom && !overlaps && !crosses(estimate, box, 5) && !crosses(target, box, 1);
  });
  return free ?? spots[0];
}

function TickLabel({ x, y, formattedValue, anchor, dx = 0, dy = 0 }: TickRendererProps & { anchor: "end" | "middle" }) {
  return (
    <text x={r2(x)} y={r2(y)} dx={dx} dy={dy} textAnchor={anchor} fontSize={FONT} className="fill-slate-600">
      {formattedValue}
    </text>
  );
}
const leftTick = (p: TickRendererProps) => <TickLabel {...p} anchor="end" dx={-3} dy={4} />;
const bottomTick = (p: TickRendererProps) => <TickLabel {...p} anchor="middle" dy={1} />;

/**
 * The same chart as a table: visually hidden but read by screen readers, and shown to sighted
 * users by the "Show as table" disclosure. The CSS sibling rule (peer-open) needs no script;
 * named group and peer so a <details> around the chart cannot open it.
 */
function ChartTable({ id, caption, children }: { id: string; caption: string; children: ReactNode }) {
  return (
    <>
      <details className="group/table peer/table mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700 hover:underline">
          <span className="group-open/table:hidden">Show as table</span>
          <span className="hidden group-open/table:inline">Hide table</span>
        </summary>
      </details>
      <div className="sr-only peer-open/table:not-sr-only">
        <div className="mt-2">
          <table id={`${id}-table`} className="w-full text-left text-sm tabular-nums">
            <caption className="pb-1 text-left text-xs text-slate-600">{caption}</caption>
            {children}
          </table>
        </div>
      </div>
    </>
  );
}

const th = "border-b border-slate-200 py-1 pr-3 font-medium";
const td = "border-b border-slate-100 py-1 pr-3";

type TrendProps = {
  title: string;
  points: TrendPoint[];
  bands: BandArea[];
  baseline: { label: string; level: Level } | null;
  /** Accuracy (0..1) where the target band starts. */
  targetFrom: number;
  /** Unique on the page: prefixes the ids of the caption and table. */
  id: string;
};

const TREND = { width: 400, height: 240, top: 10, right: 24, bottom: 28, left: 40 };

/**
 * Estimated exam-level accuracy in one domain over time, over the exam's band areas, with the
 * candidate's baseline band outlined and the target drawn as a dashed line.
 */
export function DomainTrendChart({ title, points, bands, baseline, targetFrom, id }: TrendProps) {
  const pts = points
    .map((p) => ({ ...p, t: parseDay(p.date), accuracy: clamp01(p.accuracy), low: clamp01(p.low), high: clamp01(p.high) }))
    .filter((p) => !Number.isNaN(p.t))
    .sort((a, b) => a.t - b.t);
  const captionId = `${id}-caption`;
  const baseBand = baseline ? (bands.find((b) => b.label === baseline.label) ?? bands.find((b) => b.level === baseline.level)) : undefined;
  const target = clamp01(targetFrom);

  if (pts.length === 0) {
    return (
      <figure className="space-y-2">
        <figcaption id={captionId} className="text-sm font-medium text-slate-800">{title}</figcaption>
        <p className="text-sm text-slate-600">No answers yet</p>
      </figure>
    );
  }

  const innerW = TREND.width - TREND.left - TREND.right;
  const innerH = TREND.height - TREND.top - TREND.bottom;
  const first = pts[0];
  const last = pts[pts.length - 1];
  const single = pts.length === 1 || first.t === last.t;
  // One day: centre it in a three-day window so the dot does not sit on the axis.
  const [start, end] = single ? [first.t - DAY, first.t + DAY] : [first.t, last.t];
  // Days as UTC milliseconds on a linear scale: scaleUtc would give the same positions but brings
  // d3-time-format (11 KB) for tick formats we do not use.
  const x = scaleLinear<number>({ domain: [start, end], range: [10, innerW - 10] });
  const y = scaleLinear<number>({ domain: [0, 1], range: [innerH, 0] });
  const px = (p: { t: number }) => r2(x(p.t));
  const xTicks = single ? [first.t] : dayTicks(first.t, last.t, 5);

  const targetText = `Target ${pct(target)}%`;
  const targetY = target > 0.9 ? y(target) + 14 : y(target) - 5;
  const targetBox = { x0: innerW - 4 - targetText.length * FONT * 0.62, x1: innerW - 4, y0: targetY - FONT, y1: targetY + 3 };
  const targetLine = [{ x: 0, y: y(target) }, { x: innerW, y: y(target) }];
  const estimateLine = single
    ? [{ x: px(first), y: y(first.high) }, { x: px(first), y: y(first.low) }]
    : pts.map((p) => ({ x: px(p), y: y(p.accuracy) }));
  const range = (p: { low: number; high: number }) => `${pct(p.low)}–${pct(p.high)}%`;
  const baselineText = baseline ? ` Baseline: ${baseline.label}.` : "";
  const summary = single
    ? `estimated exam-level accuracy ${pct(first.accuracy)}% on ${shortDate(first.t)} (likely ${range(first)})`
    : `estimated exam-level accuracy from ${pct(first.accuracy)}% on ${shortDate(first.t)} ` +
      `to ${pct(last.accuracy)}% on ${shortDate(last.t)} (likely ${range(last)})`;
  const ariaLabel = `${title}: ${summary}.${baselineText} Target: ${pct(target)}%.`;

  return (
    <figure>
      <figcaption id={captionId} className="text-sm font-medium text-slate-800">{title}</figcaption>
      <svg viewBox={`0 0 ${TREND.width} ${TREND.height}`} width="100%" role="img" aria-label={ariaLabel}
        className="mt-2 block h-auto w-full max-w-xl" data-testid={`${id}-svg`}>
        <Group left={TREND.left} top={TREND.top}>
          {bands.map((b, i) => {
            const top = r2(y(clamp01(Math.max(b.from, b.to))));
            const height = r2(y(clamp01(Math.min(b.from, b.to))) - top);
            return <rect key={`band-${b.level}-${i}`} x={0} y={top} width={innerW} height={height} className={bandFill[b.level]} />;
          })}

          {single ? (
            <g>
              <Line from={{ x: px(first), y: r2(y(first.low)) }} to={{ x: px(first), y: r2(y(first.high)) }}
                className="stroke-brand-600" strokeWidth={2} />
              {[first.low, first.high].map((v, i) => (
                <Line key={`cap-${i}`} from={{ x: px(first) - 6, y: r2(y(v)) }} to={{ x: px(first) + 6, y: r2(y(v)) }}
                  className="stroke-brand-600" strokeWidth={2} />
              ))}
            </g>
          ) : (
            <>
              <Area data={pts} x={px} y0={(p) => r2(y(p.low))} y1={(p) => r2(y(p.high))} className="fill-brand-600" fillOpacity={0.16} />
              <LinePath data={pts} x={px} y={(p) => r2(y(p.accuracy))} className="stroke-brand-700" strokeWidth={2} fill="none" />
            </>
          )}

          {bands.map((b, i) => {
            const isBase = b === baseBand;
            const text = isBase ? `Baseline: ${b.label}` : b.label;
            const spot = bandLabelSpot(y(clamp01(Math.max(b.from, b.to))), y(clamp01(Math.min(b.from, b.to))), text, innerW,
              estimateLine, targetLine, targetBox);
            return (
              <text key={`label-${b.level}-${i}`} x={r2(spot.x)} y={r2(spot.y)} textAnchor={spot.anchor} fontSize={FONT}
                fontWeight={isBase ? 700 : 600} className={`${bandText[b.level]} ${haloStroke[b.level]}`} strokeWidth={3}
                paintOrder="stroke" strokeLinejoin="round">
                {text}
              </text>
            );
          })}
          {baseBand ? (
            <rect x={0.75} y={r2(y(clamp01(Math.max(baseBand.from, baseBand.to))) + 0.75)} width={innerW - 1.5}
              height={Math.max(0, r2(Math.abs(y(baseBand.from) - y(baseBand.to)) - 1.5))} fill="none"
              className={bandStroke[baseBand.level]} strokeWidth={1.5} data-testid={`${id}-baseline`} />
          ) : null}

          <Line from={{ x: 0, y: r2(y(target)) }} to={{ x: innerW, y: r2(y(target)) }} stroke={TARGET_STROKE}
            strokeWidth={1.5} strokeDasharray="6 4" />
          <text x={innerW - 4} y={r2(targetY)} textAnchor="end" fontSize={FONT} fontWeight={600} className="fill-slate-700 stroke-white"
            strokeWidth={3} paintOrder="stroke" strokeLinejoin="round">
            {targetText}
          </text>

          {pts.map((p, i) => (
            <Circle key={`${p.date}-${i}`} cx={px(p)} cy={r2(y(p.accuracy))} r={3.5} className="fill-brand-700 stroke-white"
              strokeWidth={1.5}>
              <title>{`${shortDate(p.t)}: ${pct(p.accuracy)}% (likely ${range(p)}), ${p.answers} answers`}</title>
            </Circle>
          ))}

          <AxisLeft scale={y} tickValues={[0, 0.25, 0.5, 0.75, 1]} tickFormat={(v) => `${Math.round(Number(v) * 100)}%`}
            tickLength={4} stroke={AXIS_STROKE} tickStroke={AXIS_STROKE} tickComponent={leftTick} />
          <AxisBottom top={innerH} scale={x} tickValues={xTicks} tickFormat={(v) => shortDate(Number(v))}
            tickLength={4} stroke={AXIS_STROKE} tickStroke={AXIS_STROKE} tickComponent={bottomTick} rangePadding={10} />
        </Group>
      </svg>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden="true">
        <li className="flex items-center gap-1"><span className="inline-block h-0.5 w-4 bg-brand-700" />Estimate</li>
        <li className="flex items-center gap-1"><span className="inline-block h-2.5 w-4 bg-brand-600/20" />Likely range</li>
        <li className="flex items-center gap-1"><span className="inline-block w-4 border-t-2 border-dashed border-slate-700" />Target</li>
        {baseline ? <li>Baseline: {baseline.label}</li> : null}
      </ul>
      <ChartTable id={id} caption={`${title}: estimated exam-level accuracy by day`}>
        <thead>
          <tr>
            <th scope="col" className={th}>Date</th>
            <th scope="col" className={th}>Estimate</th>
            <th scope="col" className={th}>Likely range</th>
            <th scope="col" className={th}>Answers</th>
          </tr>
        </thead>
        <tbody>
          {pts.map((p, i) => (
            <tr key={`${p.date}-${i}`}>
              <th scope="row" className={`${td} font-normal`}>{shortDate(p.t)}</th>
              <td className={td}>{pct(p.accuracy)}%</td>
              <td className={td}>{range(p)}</td>
              <td className={td}>{p.answers}</td>
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}

const FORECAST = { width: 400, height: 180, top: 24, right: 12, bottom: 28, left: 32 };

/** Where a date falls on the band scale: its bar's centre, or between its neighbours' centres. */
function forecastX(days: { t: number }[], t: number, centre: (i: number) => number): number | null {
  if (days.length === 0 || t < days[0].t || t > days[days.length - 1].t) return null;
  const i = days.findIndex((d) => d.t >= t);
  if (days[i].t === t || i === 0) return centre(i);
  const f = (t - days[i - 1].t) / (days[i].t - days[i - 1].t);
  return centre(i - 1) + f * (centre(i) - centre(i - 1));
}

/** Reviews coming due per day, with the retake date marked when it falls inside the range. */
export function ReviewForecastChart({ days, retakeDate, id }: { days: ForecastDay[]; retakeDate: string | null; id: string }) {
  const list = days
    .map((d) => ({ ...d, t: parseDay(d.date), due: Math.max(0, Math.round(d.due)) }))
    .filter((d) => !Number.isNaN(d.t))
    .sort((a, b) => a.t - b.t);
  const captionId = `${id}-caption`;
  const retakeT = retakeDate ? parseDay(retakeDate) : NaN;
  const retakeText = Number.isNaN(retakeT) ? "" : ` Retake on ${shortDate(retakeT)}.`;

  if (list.length === 0) {
    return (
      <figure className="space-y-2">
        <figcaption id={captionId} className="text-sm font-medium text-slate-800">Reviews due</figcaption>
        <p className="text-sm text-slate-600">No reviews scheduled{retakeText ? `.${retakeText}` : ""}</p>
      </figure>
    );
  }

  const caption = `Reviews due in the next ${list.length} ${list.length === 1 ? "day" : "days"}`;
  const innerW = FORECAST.width - FORECAST.left - FORECAST.right;
  const innerH = FORECAST.height - FORECAST.top - FORECAST.bottom;
  const max = Math.max(...list.map((d) => d.due));
  const x = scaleBand<string>({ domain: list.map((d) => d.date), range: [0, innerW], padding: 0.2 });
  const tickCount = Math.min(4, Math.max(1, max));
  const y = scaleLinear<number>({ domain: [0, Math.max(1, max)], range: [innerH, 0], nice: tickCount });
  const yTicks = y.ticks(tickCount).filter((v) => Number.isInteger(v));
  const bw = x.bandwidth();
  const every = Math.ceil(list.length / 6);
  const xTicks = list.filter((_, i) => i % every === 0).map((d) => d.date);
  const retakeX = Number.isNaN(retakeT) ? null : forecastX(list, retakeT, (i) => (x(list[i].date) ?? 0) + bw / 2);
  const retakeAnchor = retakeX === null ? "middle" : retakeX < 40 ? "start" : retakeX > innerW - 40 ? "end" : "middle";

  const total = list.reduce((s, d) => s + d.due, 0);
  const busiest = list.find((d) => d.due === max)!;
  const period = list.length === 1 ? `on ${shortDate(list[0].t)}` : `from ${shortDate(list[0].t)} to ${shortDate(list[list.length - 1].t)}`;
  const ariaLabel = total === 0
    ? `No reviews due ${period}.${retakeText}`
    : `Reviews due per day ${period}: ${total} in total, most on ${shortDate(busiest.t)} (${max}).${retakeText}`;

  return (
    <figure>
      <figcaption id={captionId} className="text-sm font-medium text-slate-800">{caption}</figcaption>
      <svg viewBox={`0 0 ${FORECAST.width} ${FORECAST.height}`} width="100%" role="img" aria-label={ariaLabel}
        className="mt-2 block h-auto w-full max-w-xl" data-testid={`${id}-svg`}>
        <Group left={FORECAST.left} top={FORECAST.top}>
          {list.map((d, i) => {
            const bx = r2(x(d.date) ?? 0);
            const top = r2(y(d.due));
            return (
              <g key={`${d.date}-${i}`}>
                <Bar x={bx} y={top} width={r2(bw)} height={r2(innerH - top)} className="fill-brand-600" data-testid={`${id}-bar`}>
                  <title>{`${shortDate(d.t)}: ${d.due} due`}</title>
                </Bar>
                {d.due > 0 && bw >= 12 ? (
                  <text x={r2(bx + bw / 2)} y={top - 3} textAnchor="middle" fontSize={10} className="fill-slate-700">{d.due}</text>
                ) : null}
              </g>
            );
          })}
          {retakeX !== null ? (
            <g data-testid={`${id}-retake`}>
              <Line from={{ x: r2(retakeX), y: -9 }} to={{ x: r2(retakeX), y: innerH }} className="stroke-weak" strokeWidth={1.5}
                strokeDasharray="4 3" />
              <text x={r2(retakeX)} y={-12} textAnchor={retakeAnchor} fontSize={FONT} fontWeight={600} className="fill-weak">
                Retake {shortDate(retakeT)}
              </text>
            </g>
          ) : null}
          <AxisLeft scale={y} tickValues={yTicks} tickFormat={(v) => String(v)} tickLength={4} stroke={AXIS_STROKE}
            tickStroke={AXIS_STROKE} tickComponent={leftTick} />
          <AxisBottom top={innerH} scale={x} tickValues={xTicks} tickFormat={(v) => shortDate(String(v))} tickLength={4}
            stroke={AXIS_STROKE} tickStroke={AXIS_STROKE} tickComponent={bottomTick} />
        </Group>
      </svg>
      <ChartTable id={id} caption={`Reviews due per day${retakeText}`}>
        <thead>
          <tr>
            <th scope="col" className={th}>Date</th>
            <th scope="col" className={th}>Reviews due</th>
          </tr>
        </thead>
        <tbody>
          {list.map((d, i) => (
            <tr key={`${d.date}-${i}`}>
              <th scope="row" className={`${td} font-normal`}>{shortDate(d.t)}{d.t === retakeT ? " (retake)" : ""}</th>
              <td className={td}>{d.due}</td>
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}
