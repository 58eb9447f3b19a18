// The production web app for benchmarks that need it: built once into its own dist folder (the dev
// server would measure the compiler), then served with `next start`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../scripts/support/environment.ts";
import { startService, waitForHttp, type Service } from "../scripts/support/processes.ts";

export const BENCH_DIST = ".next-bench";

export function benchEnv(databaseUrl: string, base: string, secrets: { NEXTAUTH_SECRET: string; MILLWRIGHT_SECRET_KEY: string }): NodeJS.ProcessEnv {
  return {
    ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: BENCH_DIST, DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
    NEXTAUTH_URL: base, MILLWRIGHT_SECRET_KEY: secrets.MILLWRIGHT_SECRET_KEY, LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** Builds into BENCH_DIST when it holds no build yet (or when `force`). */
export async function ensureBuild(env: NodeJS.ProcessEnv, force = false): Promise<void> {
  if (!force && existsSync(join(ROOT, BENCH_DIST, "BUILD_ID"))) return;
  console.log(`building into ${BENCH_DIST} …`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}

/** `next start` on 127.0.0.1:port, resolved once `path` answers. */
export async function startWebApp(env: NodeJS.ProcessEnv, port: number, path = "/signin"): Promise<Service> {
  const web = startService("web", process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: ROOT, env, quiet: true });
  if (!(await waitForHttp(`http://127.0.0.1:${port}${path}`, 120_000))) throw new Error("the web app did not start");
  return web;
}
