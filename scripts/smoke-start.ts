// Smoke test of the README's start command, as a user runs it: first start on an empty data folder
// (embedded PostgreSQL, migrations, seed), the sign-in page served, Ctrl-C leaves no process behind,
// and a second start reuses the data. Run by `./millwright test` (stage `smoke`).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR, ROOT } from "./support/environment.ts";

const port = Number(process.env.SMOKE_PORT ?? 3220);
const dataDir = mkdtempSync(join(DATA_DIR, "smoke-"));
chmodSync(dataDir, 0o755); // the embedded Postgres runs as `postgres` when we are root and must reach its folder

function startMillwright(): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), MILLWRIGHT_DATA_DIR: dataDir, MILLWRIGHT_PG_PORT: String(port + 30000) };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(ROOT, "scripts/start.ts")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout?.on("data", (d: Buffer) => { text += d.toString(); });
  child.stderr?.on("data", (d: Buffer) => { text += d.toString(); });
  return { child, output: () => text };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return Date.now() - started;
}

async function stopWithCtrlC(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000));
  const result = await Promise.race([exited, timeout]);
  if (result === "timeout") throw new Error("start did not stop within 30 s of Ctrl-C");
  return result;
}

function leftovers(): string {
  const found = spawnSync("pgrep", ["-af", dataDir], { encoding: "utf8" }).stdout.trim();
  const listening = spawnSync("bash", ["-c", `(echo > /dev/tcp/127.0.0.1/${port}) 2>/dev/null && echo "port ${port} still open"`], { encoding: "utf8" }).stdout.trim();
  return [found, listening].filter(Boolean).join("\n");
}

async function runOnce(label: string, expectText: RegExp): Promise<void> {
  const { child, output } = startMillwright();
  try {
    const ms = await until(() => output().includes("Millwright is running on") || child.exitCode !== null, 240_000, "the start banner");
    if (child.exitCode !== null) throw new Error(`start exited early:\n${output()}`);
    if (!expectText.test(output())) throw new Error(`${label}: expected ${expectText} in the output:\n${output()}`);
    const page = await fetch(`http://127.0.0.1:${port}/signin`);
    const html = await page.text();
    if (page.status !== 200 || !html.includes("Sign in")) throw new Error(`${label}: /signin answered ${page.status}`);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    if (health.status !== 200) throw new Error(`${label}: /api/health answered ${health.status}: ${await health.text()}`);
    console.log(`smoke: ${label} ready in ${(ms / 1000).toFixed(1)} s`);
  } catch (error) {
    await stopWithCtrlC(child).catch(() => child.kill("SIGKILL"));
    throw error;
  }
  const code = await stopWithCtrlC(child);
  if (code !== 0) throw new Error(`${label}: start exited with ${code} after Ctrl-C:\n${output()}`);
  await new Promise((r) => setTimeout(r, 500));
  const left = leftovers();
  if (left) throw new Error(`${label}: processes left behind after Ctrl-C:\n${left}`);
}

const checks: [string, RegExp][] = [
  ["first start", /applied \d+ migration\(s\)[\s\S]*seeded 4 demo user\(s\)/],
  ["second start", /database schema is up to date/],
];
let passed = 0;
try {
  for (const [label, expected] of checks) {
    await runOnce(label, expected);
    passed += 1;
  }
  console.log("smoke: start and Ctrl-C behave");
} catch (error) {
  console.error(`smoke: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  const results = join(DATA_DIR, "test-results");
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, "smoke.json"), JSON.stringify({ passed, failed: checks.length - passed }));
  rmSync(dataDir, { recursive: true, force: true });
}
