// Decides whether `next build` must run: a fingerprint of every file the web build reads
// (path, size, mtime), stored beside the build output. A warm start with no changes skips the build.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const INPUTS = ["app", "components", "lib", "nodes", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json", "proxy.ts", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", "generated"]);

export function buildFingerprint(root: string): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) walk(join(root, input), hash);
  return hash.digest("hex");
}

const distDir = () => process.env.NEXT_DIST_DIR ?? ".next";

export function buildIsCurrent(root: string): boolean {
  const stamp = join(root, distDir(), "millwright-build");
  return existsSync(join(root, distDir(), "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === buildFingerprint(root);
}

export function markBuilt(root: string): void {
  writeFileSync(join(root, distDir(), "millwright-build"), buildFingerprint(root));
}

function walk(path: string, hash: ReturnType<typeof createHash>): void {
  if (!existsSync(path)) return;
  const info = statSync(path);
  if (info.isDirectory()) {
    for (const name of readdirSync(path).sort()) if (!SKIP.has(name) && !name.startsWith(".next")) walk(join(path, name), hash);
    return;
  }
  hash.update(`${path}\0${info.size}\0${info.mtimeMs}\n`);
}
