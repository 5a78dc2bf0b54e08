import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { memoryIo } from "../app/core/content/cli";
import { tempContentTree, writeGeneratedItems, writeItem } from "../tests/fixtures/content-tree";
import { main } from "./mock-preview";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// CLD-100 (tests/fixtures/content/valid: 1 item per domain, mock 40 questions in 60 minutes) with enough
// generated items for a full mock, plus one without an objective: 13 / 15 / 11 / 10 per domain.
const tree = tempContentTree();
writeGeneratedItems(tree.root, { storage: 12, compute: 14, networking: 10, operations: 8 });
writeItem(tree.root, { id: "gen-operations-noobj", domain: "operations" });
const content = tree.root;
// 7 per domain: too few for 40 questions.
const small = tempContentTree();
writeGeneratedItems(small.root, 6);
afterAll(() => {
  tree.cleanup();
  small.cleanup();
});

type JsonItem = { id: string; domain: string; objective: string | null; difficulty: number };
type JsonMock = { minutes: number; items: JsonItem[] };

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  const [stdout, stderr] = [io.stdout(), io.stderr()];
  let json: JsonMock | undefined;
  if (argv.includes("--json") && code === 0) json = JSON.parse(stdout) as JsonMock;
  return { code, stdout, stderr, json };
}

const preview = (...extra: string[]) => run("--content", content, "--exam", "CLD-100", "--json", ...extra);

const perDomain = (items: JsonItem[]) => {
  const out: Record<string, number> = {};
  for (const i of items) out[i.domain] = (out[i.domain] ?? 0) + 1;
  return out;
};

describe("mock:preview", () => {
  it("prints exactly { minutes, items: [ { id, domain, objective, difficulty } ] } with --json", async () => {
    const r = await preview();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(Object.keys(r.json!)).toEqual(["minutes", "items"]);
    expect(r.json!.minutes).toBe(60);
    const items = r.json!.items;
    expect(items).toHaveLength(40);
    expect(new Set(items.map((i) => i.id)).size).toBe(40);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(["id", "domain", "objective", "difficulty"]);
      expect(item.objective === null || typeof item.objective === "string").toBe(true);
      expect(Number.isInteger(item.difficulty)).toBe(true);
    }
    // Midpoints 27.5 / 32.5 / 22.5 / 17.5 of 100, x40 = 11 / 13 / 9 / 7 exactly.
    expect(perDomain(items)).toEqual({ storage: 11, compute: 13, networking: 9, operations: 7 });
    // Operations has three groups (monitoring, recovery, no objective): the one without an objective is used.
    expect(items.find((i) => i.id === "gen-operations-noobj")).toEqual({
      id: "gen-operations-noobj",
      domain: "operations",
      objective: null,
      difficulty: 3,
    });
    expect(r.stdout.endsWith("}\n")).toBe(true);
  });

  it("is deterministic for a seed, and the seed changes the mock", async () => {
    const a = await preview("--seed", "42");
    expect((await preview("--seed", "42")).stdout).toBe(a.stdout);
    const text = () => run("--content", content, "--exam", "CLD-100", "--seed", "42");
    expect((await text()).stdout).toBe((await text()).stdout);
    const others = await Promise.all(["1", "2", "3"].map((s) => preview("--seed", s)));
    expect(new Set([a, ...others].map((r) => JSON.stringify(r.json!.items.map((i) => i.id)))).size).toBeGreaterThan(1);
    expect((await preview()).stdout).toBe(others[0].stdout); // the default seed is 1
  });

  it("assembles shorter mocks and chosen domains with the time scaled", async () => {
    // 20 questions: 5.5 / 6.5 / 4.5 / 3.5, every remainder .5, so the heavier domains (compute, storage) get them.
    const short = await preview("--questions", "20");
    expect(short.json!.minutes).toBe(30);
    expect(perDomain(short.json!.items)).toEqual({ storage: 6, compute: 7, networking: 4, operations: 3 });
    // Storage and networking only: 27.5 and 22.5 over 50, x10 = 5.5 / 4.5; the tie goes to storage (heavier).
    const two = await preview("--questions", "10", "--domains", "networking,storage");
    expect(two.json!.minutes).toBe(15);
    expect(perDomain(two.json!.items)).toEqual({ storage: 6, networking: 4 });
  });

  it("prints a readable table, the count per domain and the difficulty mix", async () => {
    const r = await run("--content", content, "--exam", "cld-100", "--questions", "20", "--seed", "3");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("Mock exam for a new CLD-100 candidate: 20 questions, 30 minutes (every domain, seed 3)");
    expect(r.stdout).toMatch(/^ *#\s+id\s+domain\s+objective\s+difficulty\s+options$/m);
    expect(
      r.stdout.match(/^ *\d+ {2}\S+ {2,}(storage|compute|networking|operations) .* [1-5] {2}[a-d]( [a-d]){3}$/gm),
    ).toHaveLength(20);
    expect(r.stdout).toContain("Questions per domain");
    expect(lines.find((l) => l.startsWith("compute "))).toMatch(/^compute\s+30-35%\s+32\.5%\s+7\s+15$/);
    expect(r.stdout).toContain("Difficulty mix (1 easy - 5 hard) against the target:");
    expect(lines.find((l) => /^ +3 +\d+ +\d+\.\d% +40\.0%$/.test(l))).toBeDefined();
    const domains = await run("--content", content, "--exam", "CLD-100", "--questions", "4", "--domains", "operations");
    expect(domains.stdout.split("\n")[0]).toBe(
      "Mock exam for a new CLD-100 candidate: 4 questions, 6 minutes (domains operations, seed 1)",
    );
  });

  it("says when the bank is too small, and the largest mock it can fill", async () => {
    const r = await run("--content", small.root, "--exam", "CLD-100");
    expect(r).toMatchObject({ code: 1, stdout: "" });
    // 7 per domain. At 22 questions: 6.05 / 7.15 / 4.95 / 3.85 -> 6 / 7 / 5 / 4 fits; at 23 and 24 compute needs 8.
    expect(r.stderr).toBe(
      "mock:preview: The bank is too small for a 40-question mock: Storage needs 11 questions and has 7; " +
        "Compute needs 13 questions and has 7; " +
        "Networking needs 9 questions and has 7. The largest mock with the same proportions is 22 questions.\n",
    );
    expect((await run("--content", small.root, "--exam", "CLD-100", "--json", "--questions", "22")).json!.items).toHaveLength(22);
    expect((await run("--content", small.root, "--exam", "CLD-100", "--questions", "23")).code).toBe(1);
  });

  it("fails with a message on stderr and exit code 1 for bad input", async () => {
    const broken = tempContentTree();
    writeItem(broken.root, { id: "cld100-storage-900", domain: "storage", objective: "no-such-objective" });
    const badYaml = tempContentTree();
    const yaml = path.join(badYaml.root, "CLD-100", "exam.yaml");
    writeFileSync(yaml, readFileSync(yaml, "utf8").replace("passing: 700", "passing: lots"));
    try {
      const cases: [string[], string][] = [
        [[], "--exam is required"],
        [["--exam"], "--exam needs a value"],
        [["--exam", "--json"], "--exam needs a value"],
        [["--exam", "ZZ-999"], "unknown exam ZZ-999"],
        [["--exam", "CLD-100", "--questions", "0"], "--questions must be a whole number from 1 to 500"],
        [["--exam", "CLD-100", "--questions", "ten"], "--questions must be a whole number"],
        [["--exam", "CLD-100", "--questions", "501"], "--questions must be a whole number"],
        [["--exam", "CLD-100", "--domains", "storage,,compute"], "--domains must be domain ids separated by commas"],
        [
          ["--exam", "CLD-100", "--domains", "storage,kubernetes"],
          "CLD-100 has no domain kubernetes; its domains are storage, compute, networking, operations.",
        ],
        [["--exam", "CLD-100", "--seed", "1.5"], "--seed must be a whole number"],
        [["--exam", "CLD-100", "--bogus"], "unknown option --bogus"],
        [["--exam", "CLD-100", "extra"], "unexpected argument extra"],
        [["--exam", "CLD-100", "--exam", "CLD-100"], "--exam given twice"],
        [["--exam", "CLD-100", "--json=yes"], "--json takes no value"],
      ];
      for (const [argv, message] of cases) {
        const r = await run("--content", content, ...argv);
        expect(r.code, argv.join(" ")).toBe(1);
        expect(r.stdout, argv.join(" ")).toBe("");
        expect(r.stderr, argv.join(" ")).toContain(message);
        expect(r.stderr.startsWith("mock:preview: "), argv.join(" ")).toBe(true);
      }
      const missing = await run("--content", path.join(tree.root, "nowhere"), "--exam", "CLD-100");
      expect(missing).toMatchObject({ code: 1, stdout: "" });
      expect(missing.stderr).toContain("content folder not found");

      const invalid = await run("--content", broken.root, "--exam", "CLD-100");
      expect(invalid).toMatchObject({ code: 1, stdout: "" });
      expect(invalid.stderr).toContain("the content of CLD-100 has 1 error(s)");
      expect(invalid.stderr).toContain("cld100-storage-900.md");

      const invalidExam = await run("--content", badYaml.root, "--exam", "CLD-100");
      expect(invalidExam).toMatchObject({ code: 1, stdout: "" });
      expect(invalidExam.stderr).toContain("the exam definition of CLD-100 is invalid");
      expect(invalidExam.stderr).toContain("exam.yaml");
    } finally {
      broken.cleanup();
      badYaml.cleanup();
    }
    const help = await run("--help");
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Usage: npm run mock:preview");
  });

  it("previews the repository's own content by default", async () => {
    const az104 = await run("--exam", "AZ-104", "--json");
    expect(az104.code, az104.stderr).toBe(0);
    expect(az104.json!.minutes).toBe(100);
    expect(perDomain(az104.json!.items)).toEqual({
      "identity-governance": 12,
      storage: 10,
      compute: 12,
      networking: 9,
      "monitor-maintain": 7,
    });
    expect(az104.json!.items.every((i) => i.id.startsWith("az104-"))).toBe(true);
    // AZ-204's bank (13 per domain) cannot fill compute's 15 of a 50-question mock.
    const az204 = await run("--exam", "AZ-204", "--json");
    expect(az204).toMatchObject({ code: 1, stdout: "" });
    expect(az204.stderr).toMatch(
      /needs 15 questions and has 13\. The largest mock with the same proportions is \d+ questions\.\n$/,
    );
  });

  it("runs when invoked directly with tsx", async () => {
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const exec = promisify(execFile);
    const { stdout } = await exec(
      tsx,
      ["scripts/mock-preview.ts", "--content", content, "--exam", "CLD-100", "--json", "--questions", "5"],
      { cwd: ROOT },
    );
    expect((JSON.parse(stdout) as JsonMock).items).toHaveLength(5);
    await expect(
      exec(tsx, ["scripts/mock-preview.ts", "--content", small.root, "--exam", "CLD-100"], { cwd: ROOT }),
    ).rejects.toMatchObject({ code: 1 });
  });
});
