import { describe, expect, it } from "vitest";
import { daysUntil } from "./dates";

describe("daysUntil", () => {
  it("counts calendar days, not 24-hour periods", () => {
    expect(daysUntil("2026-12-12T09:00:00Z", "2026-11-22T23:59:00Z")).toBe(20);
    expect(daysUntil("2026-11-22T09:00:00Z", "2026-11-22T00:01:00Z")).toBe(0);
    expect(daysUntil("2026-11-21T09:00:00Z", "2026-11-22T00:01:00Z")).toBe(-1);
  });
});
