/** Whole calendar days (UTC) from `now` to `date`: 0 today, 1 tomorrow, negative when past. */
export function daysUntil(date: Date | string, now: Date | string = new Date()): number {
  const day = (d: Date | string) => Math.floor(new Date(d).getTime() / 86_400_000);
  return day(date) - day(now);
}
