// `./millwright test` (or `npm test`): the whole suite, the same on a laptop and in CI.
//   lint -> typecheck -> unit + integration (Vitest, real PostgreSQL + graphile-worker) -> e2e (Playwright,
//   Chromium) -> smoke (the start command itself: first start, Ctrl-C, second start)
// `./millwright test unit|integration|e2e|lint|typecheck|smoke` runs those stages. Tests use DATABASE_URL's
// server when set, otherwise an embedded PostgreSQL in .data/test-postgres.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildIsCurrent, markBuilt } from "./support/build-fingerprint.ts";
import { DATA_DIR, loadDotEnv, ROOT } from "./support/environment.ts";

type Stage = { name: string; run: () => number };
const RESULTS = join(DATA_DIR, "test-results");
const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);

function exec(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function build(): number {
  if (buildIsCurrent(ROOT)) return 0;
  const status = exec(bin("next"), ["build"], { NODE_ENV: "production" });
  if (status === 0) markBuilt(ROOT);
  return status;
}

const stages: Record<string, Stage[]> = {
  lint: [{ name: "lint", run: () => exec(bin("eslint"), [".", "--max-warnings=0"]) }],
  typecheck: [{ name: "typecheck", run: () => exec(bin("tsc"), ["--noEmit"]) }],
  unit: [{ name: "unit", run: () => exec(bin("vitest"), ["run", "--project", "unit", ...vitestReport("unit")]) }],
  integration: [{ name: "integration", run: () => exec(bin("vitest"), ["run", "--project", "integration", ...vitestReport("integration")]) }],
  e2e: [
    { name: "build", run: build },
    { name: "e2e", run: () => exec(bin("playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: join(RESULTS, "e2e.json") }) },
  ],
  smoke: [
    { name: "build", run: build },
    { name: "smoke (start + Ctrl-C)", run: () => exec(process.execPath, [join(ROOT, "scripts/smoke-start.ts")]) },
  ],
};

function vitestReport(project: string): string[] {
  return ["--reporter=default", "--reporter=json", `--outputFile.json=${join(RESULTS, `${project}.json`)}`];
}

function main(): void {
  loadDotEnv();
  const wanted = process.argv.slice(2);
  const order = ["lint", "typecheck", "unit", "integration", "e2e", "smoke"];
  const unknown = wanted.filter((w) => !order.includes(w));
  if (unknown.length) {
    console.error(`unknown test stage(s): ${unknown.join(", ")} (stages: ${order.join(", ")})`);
    process.exit(2);
  }
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const failed: string[] = [];
  for (const key of wanted.length ? wanted : order) {
    for (const stage of stages[key]!) {
      console.log(`\n=== ${stage.name} ===`);
      if (stage.run() !== 0) failed.push(stage.name);
      if (stage.name === "build" && failed.includes("build")) break;
    }
  }
  printSummary(failed);
  process.exit(failed.length ? 1 : 0);
}

// One closing line over all runners: "tests: N passed, N failed".
function printSummary(failedStages: string[]): void {
  let passed = 0, failed = 0, skipped = 0;
  for (const project of ["unit", "integration"]) {
    const file = join(RESULTS, `${project}.json`);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    passed += report.numPassedTests; failed += report.numFailedTests; skipped += report.numPendingTests + report.numTodoTests;
  }
  const smoke = join(RESULTS, "smoke.json");
  if (existsSync(smoke)) {
    const counts = JSON.parse(readFileSync(smoke, "utf8")) as { passed: number; failed: number };
    passed += counts.passed; failed += counts.failed;
  }
  const e2e = join(RESULTS, "e2e.json");
  if (existsSync(e2e)) {
    const stats = (JSON.parse(readFileSync(e2e, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }).stats;
    passed += stats.expected + stats.flaky; failed += stats.unexpected; skipped += stats.skipped;
  }
  console.log(failedStages.length ? `\nfailed stages: ${failedStages.join(", ")}` : "\nall stages passed");
  console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
}

main();
