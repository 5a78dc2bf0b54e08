import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Generate the Prisma client when it is missing or the schema changed since it was generated. */
export function ensurePrismaClient(root: string): void {
  const schema = fs.readFileSync(path.join(root, "prisma", "schema.prisma"));
  const hash = crypto.createHash("sha256").update(schema).digest("hex");
  const marker = path.join(root, "app", "generated", "prisma", ".schema-hash");
  if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === hash) return;
  process.stdout.write("• Generating the Prisma client…\n");
  const r = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", cwd: root });
  if (r.status !== 0) throw new Error("prisma generate failed; see the output above");
  fs.writeFileSync(marker, hash);
}
