/**
 * Helpers for the thin content:* scripts: an injectable output (tests capture it instead of
 * the console) and "run main when invoked directly".
 */
import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Io = {
  /** Normal output (stdout). */
  out: (text: string) => void;
  /** Diagnostics and usage errors (stderr). */
  err: (text: string) => void;
  /** Directory relative paths are resolved against; default process.cwd(). */
  cwd?: string;
};

/** The repository's content/ folder (the default of the scripts that read exams from it). */
export const REPO_CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../content");

export const processIo = (): Io => ({
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
});

/** An Io that records everything, for tests. */
export function memoryIo(cwd?: string): Io & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cwd,
    stdout: () => out,
    stderr: () => err,
  };
}

/** True when the module with this `import.meta.url` is the script node/tsx was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(fileURLToPath(metaUrl)) === realpathSync(path.resolve(entry));
  } catch {
    return false;
  }
}

/** Run `main(argv)` if this module is the entry point; sets the process exit code. */
export function runIfMain(metaUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (!isMain(metaUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

/** `abs` relative to `cwd` when it is inside it, else absolute; "." for cwd itself. */
export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  if (!rel) return ".";
  return rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel;
}

/** Plain-text table: columns padded to their widest cell. */
export function table(rows: string[][], alignRight: boolean[] = []): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (alignRight[i] ? c.padStart(widths[i]) : i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
