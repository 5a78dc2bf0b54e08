import { describe, expect, it } from "vitest";
import { main } from "./content-stats";
import { memoryIo } from "../app/core/content/cli";
import { REPO_ROOT } from "../app/core/content/test-helpers";

describe("content:stats", () => {
  it("--json prints exactly exams/code/title/domains/id/name/weight/items", async () => {
    const io = memoryIo(REPO_ROOT);
    expect(await main(["--dir", "tests/fixtures/content/valid", "--json"], io)).toBe(0);
    const json = JSON.parse(io.stdout());
    expect(json).toEqual({
      exams: [
        {
          code: "CLD-100",
          title: "Cloud Fundamentals Practice",
          domains: [
            { id: "storage", name: "Store and protect data", weight: { min: 25, max: 30 }, items: 1 },
            { id: "compute", name: "Run workloads", weight: { min: 30, max: 35 }, items: 1 },
            { id: "networking", name: "Connect resources", weight: { min: 20, max: 25 }, items: 1 },
            { id: "operations", name: "Operate and monitor workloads", weight: { min: 15, max: 20 }, items: 1 },
          ],
        },
      ],
    });
  });

  it("prints a table per exam with domains, objectives and difficulties", async () => {
    const io = memoryIo(REPO_ROOT);
    expect(await main(["--dir", "tests/fixtures/content/valid"], io)).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(/^CLD-100 {2}Cloud Fundamentals Practice {2}\(4 items\)/);
    expect(out).toMatch(/Domain \/ objective +Weight +Items +Share +D1 +D2 +D3 +D4 +D5/);
    expect(out).toMatch(/\nstorage +25-30% +1 +25% +0 +1 +0 +0 +0\n {2}object-storage +1\n {2}storage-security +0\n/);
    expect(out).toMatch(/\ncompute +30-35% +1 +25% \* +0 +0 +1 +0 +0\n/);
    expect(out).toMatch(/\* share of items outside the domain's blueprint weight range \(2 domains\)\n/);
    expect(out).toMatch(/\nTotal +4 +100% +0 +1 +2 +1 +0\n/);
  });

  it("warns on stderr when some content has errors, and fails when nothing loads", async () => {
    const io = memoryIo(REPO_ROOT);
    expect(await main(["--dir", "tests/fixtures/content/broken", "--json"], io)).toBe(0);
    expect(JSON.parse(io.stdout()).exams[0].code).toBe("OK-200");
    expect(io.stderr()).toMatch(/not counted; run npm run content:check/);
    const missing = memoryIo(REPO_ROOT);
    expect(await main(["--dir", "tests/fixtures/nowhere"], missing)).toBe(1);
  });
});
