import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./content-schema";
import { memoryIo } from "../app/core/content/cli";
import { REPO_ROOT } from "../app/core/content/test-helpers";

describe("content:schema", () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes both schemas, then reports them unchanged / up to date", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "baseline-schema-"));
    const io = memoryIo(dir);
    expect(await main(["--out", "."], io)).toBe(0);
    expect(io.stdout()).toBe("exam.schema.json: written\nitem.schema.json: written\n");
    const exam = JSON.parse(await readFile(path.join(dir, "exam.schema.json"), "utf8"));
    expect(exam.title).toBe("Baseline exam definition");
    const again = memoryIo(dir);
    expect(await main(["--out", "."], again)).toBe(0);
    expect(again.stdout()).toBe("exam.schema.json: unchanged\nitem.schema.json: unchanged\n");
    const check = memoryIo(dir);
    expect(await main(["--out", ".", "--check"], check)).toBe(0);
  });

  it("--check fails when the files are missing or stale", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "baseline-schema-empty-"));
    const io = memoryIo(empty);
    expect(await main(["--check", "--out", "."], io)).toBe(1);
    expect(io.stdout()).toMatch(/exam\.schema\.json: out of date; run npm run content:schema/);
    await rm(empty, { recursive: true, force: true });
  });

  it("the committed content/schema files are up to date", async () => {
    expect(await main(["--check"], memoryIo(REPO_ROOT))).toBe(0);
  });
});
