/**
 * How a baseline is shown: weakest level first and, within a level, the heavier blueprint
 * weight first (a weak 25% domain costs more points than a weak 15% one).
 */
import type { BandLevel } from "../content/schema";
import { levelRank } from "./bands";

export type BaselineDomain = { key: string; name: string; level: BandLevel; band: string; weightMin: number; weightMax: number };

export const weightMidpoint = (d: { weightMin: number; weightMax: number }) => (d.weightMin + d.weightMax) / 2;

export function orderBaseline<T extends BaselineDomain>(domains: readonly T[]): T[] {
  return [...domains].sort(
    (a, b) => levelRank(a.level) - levelRank(b.level) || weightMidpoint(b) - weightMidpoint(a) || a.name.localeCompare(b.name),
  );
}
