/**
 * The layers stay honest (docs/decisions and CONTRIBUTING describe them):
 *  - app/core/** is plain TypeScript: nothing from app/server, app/routes, app/components, Remix,
 *    React or Prisma;
 *  - app/routes/** never reaches the database directly (no Prisma client, no db.server, no
 *    sqlite connection): that work lives in app/server/*.server.ts;
 *  - no import cycles anywhere in app/ (type-only imports count: they couple the files too).
 * Imports are read from the source text (static, re-exports and dynamic import()).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const appDir = path.join(root, "app");
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];
const rel = (f: string) => path.relative(root, f);

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|(?:^|[\s;(])import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/** Import specifiers of a source file (comments stripped first). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const out: string[] = [];
  for (const m of code.matchAll(IMPORT)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The app file an import points at, or null for a package. */
function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = path.join(appDir, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  if (fs.existsSync(base) && fs.statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (fs.existsSync(base + ext)) return base + ext;
  return null;
}

// app/generated is Prisma's generated client: not ours to layer.
const files = walk(appDir).filter((f) => !/\.test\.tsx?$/.test(f) && !rel(f).startsWith("app/generated/"));
const graph = new Map<string, { spec: string; target: string | null }[]>(
  files.map((f) => [f, importsOf(fs.readFileSync(f, "utf8")).map((spec) => ({ spec, target: resolve(f, spec) }))]),
);

describe("layer rules", () => {
  it("reads imports of every form", () => {
    const src = `import a from "x";\nimport type { B } from '~/y';\nexport { c } from "./z";\nimport "side";\nconst d = await import("./w");\n// import e from "commented";\nimport {\n  f,\n} from "multi";`;
    expect(importsOf(src).sort()).toEqual(["./w", "./z", "multi", "side", "x", "~/y"].sort());
  });

  it("app/core imports nothing from the server, routes, components, Remix, React or Prisma", () => {
    const banned = /^(@remix-run\/|react($|\/|-dom)|@prisma\/|prisma$|better-sqlite3$)/;
    const violations: string[] = [];
    for (const [file, imports] of graph) {
      if (!rel(file).startsWith("app/core/")) continue;
      for (const { spec, target } of imports) {
        const t = target ? rel(target) : null;
        if (banned.test(spec) || (t && !t.startsWith("app/core/"))) violations.push(`${rel(file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("app/routes never reaches the database directly", () => {
    const direct = /^(@prisma\/|better-sqlite3$)|(^|\/)(db|sqlite-connection|sqlite-writer)\.server$/;
    const violations: string[] = [];
    for (const [file, imports] of graph) {
      if (!rel(file).startsWith("app/routes/")) continue;
      for (const { spec } of imports) if (direct.test(spec.replace(/\.tsx?$/, ""))) violations.push(`${rel(file)} imports ${spec}`);
    }
    expect(violations).toEqual(KNOWN_ROUTE_DB_IMPORTS.filter((v) => violations.includes(v)));
    expect(violations.filter((v) => !KNOWN_ROUTE_DB_IMPORTS.includes(v)), "a route imports the database: move the query into app/server/*.server.ts").toEqual([]);
  });

  it("no import cycles in app/", () => {
    const cycles: string[] = [];
    const state = new Map<string, "active" | "done">();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, "active");
      stack.push(f);
      for (const { target } of graph.get(f) ?? []) {
        if (!target || !graph.has(target)) continue;
        if (state.get(target) === "active") cycles.push([...stack.slice(stack.indexOf(target)), target].map(rel).join(" -> "));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(f, "done");
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});

/** Routes allowed to reach the database directly: none. Keep it so (move queries into app/server/*.server.ts). */
const KNOWN_ROUTE_DB_IMPORTS: string[] = [];
