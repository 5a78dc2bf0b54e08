import type { BandLevel } from "~/core/content/schema";

const styles: Record<BandLevel, string> = {
  weak: "border-weak/30 bg-weak-bg text-weak",
  near: "border-near/30 bg-near-bg text-near",
  strong: "border-strong/30 bg-strong-bg text-strong",
};
const marks: Record<BandLevel, string> = { weak: "▼", near: "■", strong: "▲" };

/** A band label coloured by level; the shape mark keeps it readable without colour. */
export function BandChip({ level, label }: { level: BandLevel; label: string }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-semibold ${styles[level]}`}>
      <span aria-hidden="true">{marks[level]}</span>
      {label}
    </span>
  );
}
