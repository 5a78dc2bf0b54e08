import { memoryIo } from "~/core/content/cli";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { main } from "../../../scripts/report-parse";
import { drawingOnlyPdf, encryptedPdf, reportPdf } from "./pdf-fixtures";
import { GARDEN } from "./test-exams";

const dir = mkdtempSync(path.join(tmpdir(), "report-parse-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Uint8Array) => {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
};

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  const [stdout, stderr] = [io.stdout(), io.stderr()];
  return { code, stdout, stderr, json: code === 0 && stdout.startsWith("{") ? JSON.parse(stdout) : null };
}

const TEXT = `Exam: AZ-204
Exam date: 2026-11-03
Score: 689
Compute Solutions - Below Target
Develop for Azure storage: Near Target
Implement Azure security\tAbove Target
Monitor and troubleshoot Azure solutions: Near Target
Connect to and consume Azure services and third-party services: Below Target
Cloud concepts: Above Target
`;

describe("report:parse CLI", () => {
  it("prints exactly the documented JSON for a .txt report", async () => {
    const r = await run("--exam", "AZ-204", file("report.txt", TEXT));
    expect(r.code).toBe(0);
    expect(Object.keys(r.json)).toEqual(["exam", "score", "passed", "date", "domains", "unmatched"]);
    expect(r.json).toEqual({
      exam: "AZ-204",
      score: 689,
      passed: false,
      date: "2026-11-03",
      domains: [
        { id: "compute", name: "Develop Azure compute solutions", band: "Below Target", level: "weak" },
        { id: "storage", name: "Develop for Azure storage", band: "Near Target", level: "near" },
        { id: "security", name: "Implement Azure security", band: "Above Target", level: "strong" },
        { id: "monitor-troubleshoot", name: "Monitor and troubleshoot Azure solutions", band: "Near Target", level: "near" },
        {
          id: "connect-services",
          name: "Connect to and consume Azure services and third-party services",
          band: "Below Target",
          level: "weak",
        },
      ],
      unmatched: ["Cloud concepts: Above Target"],
    });
    expect(r.stderr).toBe("");
  });

  it("reads a .pdf report, detects the exam, accepts --exam=lowercase", async () => {
    const pdf = file(
      "report.pdf",
      await reportPdf([
        "Exam: AZ-104",
        "Score: 720",
        ["Implement and manage storage", "15-20%", "Needs improvement"],
        ["Implement and manage virtual networking", "15-20%", "Above baseline"],
      ]),
    );
    for (const argv of [[pdf], ["--exam=az-104", pdf]]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ exam: "AZ-104", score: 720, passed: true, unmatched: [] });
      expect(r.json.domains.map((d: { id: string }) => d.id)).toEqual(["storage", "networking"]);
      expect(r.stderr).toContain("warning: No band found for:");
    }
  });

  it("decodes UTF-16 text files with a BOM", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("AZ-104\nStorage: Near baseline\n", "utf16le")]);
    const r = await run(file("notepad.txt", utf16));
    expect(r.json.domains).toEqual([{ id: "storage", name: "Implement and manage storage", band: "Near baseline", level: "near" }]);
  });

  it("reads exam definitions from --content", async () => {
    const content = path.join(dir, "content");
    mkdirSync(path.join(content, "GX-900"), { recursive: true });
    writeFileSync(path.join(content, "GX-900", "exam.yaml"), stringify(GARDEN));
    const r = await run("--content", content, "--exam", "GX-900", file("garden.txt", "Watering: in bloom\nSoil: dry\n"));
    expect(r.code).toBe(0);
    expect(r.json.domains.map((d: { id: string; level: string }) => `${d.id}=${d.level}`)).toEqual(["soil=weak", "water=strong"]);
  });

  it.each([
    [["report.docx"], "Only PDF (.pdf) and text (.txt) files can be read"],
    [["empty.txt"], "The file is empty"],
  ])("fails on a bad file: %s", async ([name], message) => {
    const r = await run("--exam", "AZ-104", file(name, name === "empty.txt" ? "" : "data"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
  });

  it("fails on unreadable PDFs with the reason", async () => {
    const cases: [string, Uint8Array | string, string][] = [
      ["corrupt.pdf", "this is not a pdf", "can't be read as a PDF"],
      ["scan.pdf", await drawingOnlyPdf(), "no text layer"],
      ["locked.pdf", await encryptedPdf(), "password-protected"],
    ];
    for (const [name, data, message] of cases) {
      const r = await run("--exam", "AZ-104", file(name, data));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(message);
    }
  });

  it("fails on usage errors and unknown exams", async () => {
    const txt = file("ok.txt", "AZ-104\nStorage: near\n");
    for (const [argv, message] of [
      [[], "no report file given"],
      [["--exam"], "--exam needs a value"],
      [["--bogus", txt], "unknown option --bogus"],
      [[txt, txt], "give one report file"],
      [["--exam", "ZZ-999", txt], "no exam definition for ZZ-999"],
      [["--exam", "../etc", txt], "not an exam code"],
      [["--content", path.join(dir, "nowhere"), txt], "content folder not found"],
      [[path.join(dir, "missing.txt")], "file not found"],
    ] as [string[], string][]) {
      const r = await run(...argv);
      expect(r.code, argv.join(" ")).toBe(1);
      expect(r.stderr).toContain(message);
    }
    const help = await run("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: npm run report:parse");
  });

  it("runs when invoked directly with tsx", async () => {
    const root = path.resolve(__dirname, "../../..");
    const tsx = path.join(root, "node_modules", ".bin", "tsx");
    const { stdout } = await promisify(execFile)(tsx, ["scripts/report-parse.ts", "--exam", "AZ-204", file("direct.txt", TEXT)], { cwd: root });
    expect(JSON.parse(stdout).exam).toBe("AZ-204");
    await expect(promisify(execFile)(tsx, ["scripts/report-parse.ts", file("x.docx", "x")], { cwd: root })).rejects.toMatchObject({ code: 1 });
  });
});
