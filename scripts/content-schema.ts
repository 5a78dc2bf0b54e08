/**
 * npm run content:schema [-- --out <dir>] [--check]
 * Writes the JSON Schemas generated from app/core/content/schema.ts to content/schema/
 * (exam.schema.json, item.schema.json). --check only reports whether they are up to date.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { jsonSchemaFiles } from "../app/core/content/json-schema";
import { displayPath, processIo, runIfMain, type Io } from "../app/core/content/cli";

const USAGE = "usage: npm run content:schema -- [--out <folder>] [--check]   (default: content/schema)\n";

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let out: string;
  let check: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { out: { type: "string" }, check: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    out = values.out ?? path.join("content", "schema");
    check = values.check ?? false;
  } catch (e) {
    io.err(`content:schema: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const cwd = io.cwd ?? process.cwd();
  const dir = path.resolve(cwd, out);
  const files = jsonSchemaFiles();
  let stale = 0;
  if (!check) await fs.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    const shown = displayPath(cwd, file);
    const current = await fs.readFile(file, "utf8").catch(() => undefined);
    if (check) {
      if (current !== text) {
        stale++;
        io.out(`${shown}: out of date; run npm run content:schema\n`);
      } else io.out(`${shown}: up to date\n`);
      continue;
    }
    if (current === text) io.out(`${shown}: unchanged\n`);
    else {
      await fs.writeFile(file, text);
      io.out(`${shown}: written\n`);
    }
  }
  return stale ? 1 : 0;
}

runIfMain(import.meta.url, (argv) => main(argv));
