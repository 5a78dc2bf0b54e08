import { memoryIo } from "../app/core/content/cli";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { drawingOnlyPdf, reportPdf } from "../app/core/report/pdf-fixtures";
import { tempContentTree, writeGeneratedItems, writeItem } from "../tests/fixtures/content-tree";
import { main } from "./practice-preview";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// CLD-100 (tests/fixtures/content/valid) with 10 generated items per domain, plus one without an objective.
const tree = tempContentTree();
writeGeneratedItems(tree.root, 10);
writeItem(tree.root, { id: "gen-operations-noobj", domain: "operations" });
const content = tree.root;
afterAll(() => tree.cleanup());

const file = (name: string, data: string | Uint8Array) => {
  const p = path.join(tree.root, name);
  writeFileSync(p, data);
  return p;
};

/** Blueprint midpoints of CLD-100: storage 27.5, compute 32.5, networking 22.5, operations 17.5 (sum 100). */
const BLUEPRINT_SHARE: Record<string, number> = { storage: 0.275, compute: 0.325, networking: 0.225, operations: 0.175 };
const DOMAIN_NAMES: Record<string, string> = {
  storage: "Store and protect data",
  compute: "Run workloads",
  networking: "Connect resources",
  operations: "Operate and monitor workloads",
};
const BAND = { weak: "Needs practice", near: "Almost there", strong: "Ready" } as const;

function reportText(levels: Record<string, keyof typeof BAND>): string {
  return ["Exam: CLD-100", "Score: 610", ...Object.entries(levels).map(([id, level]) => `${DOMAIN_NAMES[id]}: ${BAND[level]}`)].join("\n") + "\n";
}

const WEAK_STORAGE = file("weak-storage.txt", reportText({ storage: "weak", compute: "strong", networking: "strong", operations: "strong" }));
const ALL_NEAR = file("all-near.txt", reportText({ storage: "near", compute: "near", networking: "near", operations: "near" }));

type JsonItem = { id: string; domain: string; objective: string | null; type: string; caseStudy: string | null; reason: string };

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  const [stdout, stderr] = [io.stdout(), io.stderr()];
  let json: { items: JsonItem[] } | null = null;
  if (code === 0 && argv.includes("--json")) json = JSON.parse(stdout);
  return { code, stdout, stderr, json };
}

const preview = (report: string, ...extra: string[]) => run("--content", content, "--exam", "CLD-100", "--report", report, "--json", ...extra);
const perDomain = (items: JsonItem[]) => {
  const out: Record<string, number> = { storage: 0, compute: 0, networking: 0, operations: 0 };
  for (const i of items) out[i.domain]++;
  return out;
};

describe("practice:preview", () => {
  it("gives a domain the report marks weak more questions than its blueprint share", async () => {
    const weak = await preview(WEAK_STORAGE);
    expect(weak.code).toBe(0);
    expect(weak.stderr).toBe("");
    const counts = perDomain(weak.json!.items);
    expect(weak.json!.items).toHaveLength(20);
    expect(counts.storage).toBeGreaterThan(BLUEPRINT_SHARE.storage * 20);
    expect(counts.storage).toBeGreaterThanOrEqual(2 * Math.floor(BLUEPRINT_SHARE.storage * 20)); // 5 by blueprint
    // Strong domains give way, but every domain keeps at least one question.
    expect(counts.compute).toBeLessThan(BLUEPRINT_SHARE.compute * 20);
    for (const d of Object.keys(counts)) expect(counts[d]).toBeGreaterThanOrEqual(1);
    expect(weak.json!.items.filter((i) => i.domain === "storage").every((i) => i.reason.includes("Needs practice"))).toBe(true);

    // The same band everywhere: the blueprint shares, 5.5 / 6.5 / 4.5 / 3.5 of 20 (largest remainder,
    // ties to the larger share).
    const near = await preview(ALL_NEAR);
    expect(perDomain(near.json!.items)).toEqual({ storage: 6, compute: 7, networking: 4, operations: 3 });
    expect(counts.storage).toBeGreaterThan(6);
  });

  it("is deterministic for a seed, and the seed changes the session", async () => {
    const a = await preview(WEAK_STORAGE, "--seed", "42");
    const b = await preview(WEAK_STORAGE, "--seed", "42");
    expect(a.stdout).toBe(b.stdout);
    // The text output too, given the same --now (it prints the moment of the session).
    const text = () => run("--content", content, "--exam", "CLD-100", "--report", WEAK_STORAGE, "--seed", "42", "--now", "2026-05-04");
    expect((await text()).stdout).toBe((await text()).stdout);
    const others = await Promise.all(["1", "2", "3", "4"].map((s) => preview(WEAK_STORAGE, "--seed", s)));
    expect(new Set([a, ...others].map((r) => JSON.stringify(r.json!.items.map((i) => i.id)))).size).toBeGreaterThan(1);
    // The default seed is 1.
    expect((await preview(WEAK_STORAGE)).stdout).toBe(others[0].stdout);
  });

  it("prints exactly { items: [ { id, domain, objective, type, caseStudy, reason } ] } with --json", async () => {
    const r = await preview(WEAK_STORAGE, "--count", "45");
    expect(r.code).toBe(0);
    expect(Object.keys(r.json!)).toEqual(["items"]);
    const items = r.json!.items;
    expect(items).toHaveLength(45); // every item: 4 fixture + 40 generated + 1
    expect(new Set(items.map((i) => i.id)).size).toBe(45);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(["id", "domain", "objective", "type", "caseStudy", "reason"]);
      expect(["single", "multiple", "yesno", "order", "dropdown"]).toContain(item.type);
      expect(typeof item.id).toBe("string");
      expect(Object.keys(DOMAIN_NAMES)).toContain(item.domain);
      expect(item.objective === null || typeof item.objective === "string").toBe(true);
      expect(item.reason).toMatch(/^New/);
    }
    expect(items.find((i) => i.id === "gen-operations-noobj")!.objective).toBeNull();
    expect(items.find((i) => i.id === "cld100-compute-001")).toMatchObject({ domain: "compute", objective: "serverless" });
    expect(r.stdout.endsWith("}\n")).toBe(true);

    const capped = await preview(WEAK_STORAGE, "--count", "500");
    expect(capped.json!.items).toHaveLength(45);
  });

  it("prints a readable table and the allocation per domain", async () => {
    const r = await run("--content", content, "--exam", "cld-100", "--report", WEAK_STORAGE, "--count", "10", "--now", "2026-05-04T09:00:00Z");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("First practice session for a new CLD-100 candidate: 10 of 10 questions (seed 1, 2026-05-04T09:00:00.000Z)");
    expect(lines[1]).toBe(`Report: ${WEAK_STORAGE} (score 610, failed)`);
    expect(r.stdout).toMatch(/^ *#\s+id\s+domain\s+objective\s+type\s+case study\s+kind\s+reason$/m);
    expect(r.stdout.match(/^ *\d+ {2}\S+ {2,}(storage|compute|networking|operations) /gm)).toHaveLength(10);
    expect(r.stdout).toContain("Allocation of new questions per domain");
    const storage = lines.find((l) => l.startsWith("storage "))!;
    expect(storage).toMatch(/Needs practice \(weak\)\s+25-30%\s+27\.5%\s+\d+\.\d%\s+\d+\s+11$/);
    const share = Number(/(\d+\.\d)%\s+\d+\s+11$/.exec(storage)![1]);
    expect(share).toBeGreaterThan(27.5);
    expect(lines.find((l) => l.startsWith("compute "))).toMatch(/Ready \(strong\)\s+30-35%\s+32\.5%/);
  });

  it("reads a .pdf report like the same report as text", async () => {
    const pdf = file(
      "weak-storage.pdf",
      await reportPdf([
        "Exam: CLD-100",
        "Score: 610",
        ["Store and protect data", "25-30%", "Needs practice"],
        ["Run workloads", "30-35%", "Ready"],
        ["Connect resources", "20-25%", "Ready"],
        ["Operate and monitor workloads", "15-20%", "Ready"],
      ]),
    );
    const fromPdf = await preview(pdf);
    expect(fromPdf.code).toBe(0);
    expect(fromPdf.stderr).toBe("");
    expect(fromPdf.json).toEqual((await preview(WEAK_STORAGE)).json);
  });

  it("passes report-parser warnings on to stderr and previews domains missing from the report by the blueprint", async () => {
    const partial = file("partial.txt", "CLD-100\nStore and protect data: Needs practice\n");
    const r = await preview(partial);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: No band found for:");
    expect(perDomain(r.json!.items).storage).toBeGreaterThan(BLUEPRINT_SHARE.storage * 20);
  });

  it("fails with a message on stderr and exit code 1 for bad input", async () => {
    const txt = WEAK_STORAGE;
    const broken = tempContentTree();
    writeItem(broken.root, { id: "cld100-storage-900", domain: "storage", objective: "no-such-objective" });
    const badYaml = tempContentTree();
    const yaml = path.join(badYaml.root, "CLD-100", "exam.yaml");
    writeFileSync(yaml, readFileSync(yaml, "utf8").replace("passing: 700", "passing: lots"));
    try {
      const cases: [string[], string][] = [
        [["--report", txt], "--exam is required"],
        [["--exam", "CLD-100"], "--report is required"],
        [["--exam"], "--exam needs a value"],
        [["--exam", "CLD-100", "--report", "--json"], "--report needs a value"],
        [["--exam", "ZZ-999", "--report", txt], "unknown exam ZZ-999"],
        [["--exam", "CLD-100", "--report", path.join(tree.root, "missing.txt")], "report not found"],
        [["--exam", "CLD-100", "--report", file("report.docx", "x")], "Only PDF (.pdf) and text (.txt) files can be read"],
        [["--exam", "CLD-100", "--report", file("empty.txt", "")], "The file is empty"],
        [["--exam", "CLD-100", "--report", file("corrupt.pdf", "not a pdf")], "can't be read as a PDF"],
        [["--exam", "CLD-100", "--report", file("unrelated.txt", "Dear candidate,\nthank you.\n")], "no domain results for CLD-100"],
        [["--exam", "CLD-100", "--report", txt, "--count", "0"], "--count must be a whole number from 1 to 500"],
        [["--exam", "CLD-100", "--report", txt, "--count", "ten"], "--count must be a whole number"],
        [["--exam", "CLD-100", "--report", txt, "--count", "501"], "--count must be a whole number"],
        [["--exam", "CLD-100", "--report", txt, "--seed", "1.5"], "--seed must be a whole number"],
        [["--exam", "CLD-100", "--report", txt, "--now", "yesterday"], "--now must be an ISO 8601 date"],
        [["--exam", "CLD-100", "--report", txt, "--now", "2026-13-45"], "--now must be an ISO 8601 date"],
        [["--exam", "CLD-100", "--report", txt, "--bogus"], "unknown option --bogus"],
        [["--exam", "CLD-100", "--report", txt, "extra.txt"], "unexpected argument extra.txt"],
        [["--exam", "CLD-100", "--exam", "CLD-100", "--report", txt], "--exam given twice"],
        [["--exam", "CLD-100", "--report", txt, "--json=yes"], "--json takes no value"],
      ];
      for (const [argv, message] of cases) {
        const withContent = argv.includes("--content") ? argv : ["--content", content, ...argv];
        const r = await run(...withContent);
        expect(r.code, argv.join(" ")).toBe(1);
        expect(r.stdout, argv.join(" ")).toBe("");
        expect(r.stderr, argv.join(" ")).toContain(message);
        expect(r.stderr.startsWith("practice:preview: ") || r.stderr.startsWith("warning: "), argv.join(" ")).toBe(true);
      }
      const scan = await run("--content", content, "--exam", "CLD-100", "--report", file("scan.pdf", await drawingOnlyPdf()));
      expect(scan).toMatchObject({ code: 1, stdout: "" });
      expect(scan.stderr).toContain("no text layer");

      const missing = await run("--content", path.join(tree.root, "nowhere"), "--exam", "CLD-100", "--report", txt);
      expect(missing).toMatchObject({ code: 1, stdout: "" });
      expect(missing.stderr).toContain("content folder not found");

      const invalid = await run("--content", broken.root, "--exam", "CLD-100", "--report", txt);
      expect(invalid).toMatchObject({ code: 1, stdout: "" });
      expect(invalid.stderr).toContain("the content of CLD-100 has 1 error(s)");
      expect(invalid.stderr).toContain("cld100-storage-900.md");

      const invalidExam = await run("--content", badYaml.root, "--exam", "CLD-100", "--report", txt);
      expect(invalidExam).toMatchObject({ code: 1, stdout: "" });
      expect(invalidExam.stderr).toContain("the exam definition of CLD-100 is invalid");
      expect(invalidExam.stderr).toContain("exam.yaml");
    } finally {
      broken.cleanup();
      badYaml.cleanup();
    }
    const help = await run("--help");
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Usage: npm run practice:preview");
  });

  it("previews the repository's own content by default", async () => {
    const report = file(
      "az104.txt",
      [
        "Exam: AZ-104",
        "Implement and manage storage: Needs improvement",
        "Manage Azure identities and governance: Above baseline",
        "Deploy and manage Azure compute resources: Above baseline",
        "Implement and manage virtual networking: Near baseline",
        "Monitor and maintain Azure resources: Above baseline",
      ].join("\n"),
    );
    const r = await run("--exam", "AZ-104", "--report", report, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.json!.items.length).toBeGreaterThan(0);
    expect(r.json!.items.every((i) => i.id.startsWith("az104-"))).toBe(true);
  });

  it("runs when invoked directly with tsx", async () => {
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const exec = promisify(execFile);
    const { stdout } = await exec(tsx, ["scripts/practice-preview.ts", "--content", content, "--exam", "CLD-100", "--report", WEAK_STORAGE, "--json", "--count", "5"], { cwd: ROOT });
    expect(JSON.parse(stdout).items).toHaveLength(5);
    await expect(exec(tsx, ["scripts/practice-preview.ts", "--content", content, "--exam", "ZZ-1", "--report", WEAK_STORAGE], { cwd: ROOT })).rejects.toMatchObject({ code: 1 });
  });
});
