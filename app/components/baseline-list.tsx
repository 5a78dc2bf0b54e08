import type { BandLevel } from "~/core/content/schema";
import { orderBaseline } from "~/core/report/baseline";
import { BandChip } from "./band-chip";

type Row = { key: string; name: string; short?: string | null; level: BandLevel; band: string; weightMin: number; weightMax: number };

const barColour: Record<BandLevel, string> = { weak: "bg-weak", near: "bg-near", strong: "bg-strong" };

/** The baseline: every domain with its band, weak first, with its blueprint weight drawn to scale. */
export function BaselineList({ rows, compact = false }: { rows: Row[]; compact?: boolean }) {
  const ordered = orderBaseline(rows);
  return (
    <ul className="divide-y divide-slate-100" data-testid="baseline">
      {ordered.map((d) => (
        <li key={d.key} className="flex flex-wrap items-center justify-between gap-2 py-2" data-level={d.level}>
          <div className="min-w-0 flex-1">
            <p className={`font-medium ${compact ? "text-sm" : ""}`}>{compact && d.short ? d.short : d.name}</p>
            <div className="mt-1 flex items-center gap-2" aria-hidden="true">
              <div className="h-1.5 w-32 rounded bg-slate-100">
                <div className={`h-1.5 rounded ${barColour[d.level]}`} style={{ width: `${Math.min(100, ((d.weightMin + d.weightMax) / 2) * 3)}%` }} />
              </div>
            </div>
            <p className="text-xs text-slate-600">{d.weightMin}–{d.weightMax}% of the exam</p>
          </div>
          <BandChip level={d.level} label={d.band} />
        </li>
      ))}
    </ul>
  );
}
