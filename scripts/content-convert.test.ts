import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main as convert } from "./content-convert";
import { main as check } from "./content-check";
import { memoryIo } from "../app/core/content/cli";
import { FIXTURES } from "../app/core/content/test-helpers";

const CONTENT = path.join(FIXTURES, "content/valid");
const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), "baseline-convert-"));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function listItems(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(path.join(d, e.name));
      else out.push(path.relative(root, path.join(d, e.name)));
    }
  };
  await walk(root);
  return out.sort();
}

describe.each([
  ["gift", "bank.gift", 6, 6],
  ["csv", "bank.csv", 5, 6],
  ["markdown", "bank.md", 4, 2],
])("content:convert --from %s", (from, file, converted, skippedCount) => {
  it("writes items and exam.yaml that pass content:check with warnings only", async () => {
    const out = await tmp();
    const io = memoryIo(FIXTURES);
    const code = await convert(["--from", from, "--exam", "CLD-100", path.join("convert", file), "--out", out, "--content", CONTENT], io);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const stdout = io.stdout();
    expect(stdout).toContain(`content:convert: ${converted} item(s) from convert/${file}`);
    expect(stdout.match(/: skipped: /g) ?? []).toHaveLength(skippedCount);
    expect(stdout).toMatch(new RegExp(`^convert/${file.replace(".", "\\.")}:\\d+: skipped: `, "m"));

    const files = await listItems(out);
    expect(files).toContain("CLD-100/exam.yaml");
    expect(files.filter((f) => f.endsWith(".md"))).toHaveLength(converted);
    for (const f of files.filter((x) => x.endsWith(".md"))) expect(f).toMatch(/^CLD-100\/items\/[a-z-]+\/cld100-[0-9a-f]{10}\.md$/);
    expect(await readFile(path.join(out, "CLD-100/exam.yaml"), "utf8")).toBe(await readFile(path.join(CONTENT, "CLD-100/exam.yaml"), "utf8"));

    const checked = memoryIo(out);
    expect(await check(["--dir", "."], checked)).toBe(0);
    expect(checked.stdout()).not.toMatch(/:\d+: (?!warning)/);
    expect(checked.stdout()).toMatch(new RegExp(`valid: 1 exam, ${converted} items, 0 errors`));

    // converting again gives the same files
    const again = memoryIo(FIXTURES);
    expect(await convert(["--from", from, "--exam", "CLD-100", path.join("convert", file), "--out", out, "--content", CONTENT], again)).toBe(0);
    expect(again.stdout()).toContain(`(0 written, ${converted} unchanged)`);
  });
});

describe("content:convert options", () => {
  it("puts every item in --domain", async () => {
    const out = await tmp();
    const io = memoryIo(FIXTURES);
    expect(await convert(["--from", "md", "--exam", "CLD-100", "--domain", "operations", "convert/bank.md", "--out", out, "--content", CONTENT, "--source", "community repo"], io)).toBe(0);
    const files = (await listItems(out)).filter((f) => f.endsWith(".md"));
    expect(files.every((f) => f.startsWith("CLD-100/items/operations/"))).toBe(true);
    const text = await readFile(path.join(out, files[0]), "utf8");
    expect(text).toMatch(/provenance:\n {2}kind: imported\n {2}source: community repo\n/);
    expect(text).not.toMatch(/suggestedDomain/);
  });

  it.each([
    [["--exam", "CLD-100", "convert/bank.md", "--out", "x"], /--from must be gift, csv or markdown/],
    [["--from", "docx", "--exam", "CLD-100", "convert/bank.md", "--out", "x"], /--from must be gift, csv or markdown \(got "docx"\)/],
    [["--from", "gift", "convert/bank.gift", "--out", "x"], /--exam <code> is required/],
    [["--from", "gift", "--exam", "CLD-100", "convert/bank.gift"], /--out <dir> is required/],
    [["--from", "gift", "--exam", "CLD-100", "--out", "x"], /give the input file/],
  ])("usage errors exit 2: %j", async (argv, message) => {
    const io = memoryIo(FIXTURES);
    expect(await convert(argv as string[], io)).toBe(2);
    expect(io.stderr()).toMatch(message);
  });

  it("reports an unknown exam, an unknown domain and a missing input", async () => {
    const out = await tmp();
    const a = memoryIo(FIXTURES);
    expect(await convert(["--from", "gift", "--exam", "NOPE-1", "convert/bank.gift", "--out", out, "--content", CONTENT], a)).toBe(1);
    expect(a.stderr()).toMatch(/no exam definition at .*NOPE-1\/exam\.yaml/);
    const b = memoryIo(FIXTURES);
    expect(await convert(["--from", "gift", "--exam", "CLD-100", "--domain", "nope", "convert/bank.gift", "--out", out, "--content", CONTENT], b)).toBe(2);
    expect(b.stderr()).toMatch(/--domain "nope" is not a domain of CLD-100/);
    const c = memoryIo(FIXTURES);
    expect(await convert(["--from", "gift", "--exam", "CLD-100", "convert/missing.gift", "--out", out, "--content", CONTENT], c)).toBe(1);
    expect(c.stderr()).toMatch(/cannot read convert\/missing\.gift \(ENOENT\)/);
  });
});
