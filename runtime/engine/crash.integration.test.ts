// The promise plants buy: a worker killed with SIGKILL in the middle of runs loses nothing and
// does nothing twice. A real worker process is killed while steps call a local HTTP sink; a second
// worker takes over (releasing the dead one's job locks) and every run completes, with each step's
// side effect performed exactly once at a receiver that honours the Idempotency-Key the engine sends.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { flowDefinition, flowNode, releaseFlow, waitForRun } from "../../test/flow-fixtures.ts";
import { startHttpSink, type HttpSink } from "../../test/http-sink.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { acceptRun } from "./accept.ts";

let t: TestDatabase;
let sink: HttpSink;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  sink = await startHttpSink({ delayMs: 150 });
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await sink?.close();
  await t?.drop();
});

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ["--no-node-snapshot", fileURLToPath(new URL("../worker.ts", import.meta.url))], {
    env: { ...process.env, DATABASE_URL: t.url, WORKER_CONCURRENCY: "4", WORKER_STALE_AFTER_MS: "3000", WORKER_HOUSEKEEPING_MS: "500", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

it("completes every run after a worker is killed mid-run, each side effect exactly once", { timeout: 120_000 }, async () => {
  const flow = await releaseFlow(
    t.db,
    flowDefinition(
      [
        flowNode("trigger", "webhook-trigger"),
        flowNode("reserve", "http-request", { method: "POST", url: `${sink.url}/reserve`, body: { type: "json", json: { order: "{{ input.body.order }}" } } }),
        flowNode("shape", "map", { script: "return { order: input.body.call };" }),
        flowNode("confirm", "http-request", { method: "POST", url: `${sink.url}/confirm`, body: { type: "json", json: { call: "{{ input.order }}" } } }),
        flowNode("end", "end"),
      ],
      [["trigger", "reserve"], ["reserve", "shape"], ["shape", "confirm"], ["confirm", "end"]],
    ),
  );
  await t.db.environment.update({ where: { id: flow.environmentId }, data: { allowPrivateNetwork: true } });

  const runIds: string[] = [];
  for (let order = 0; order < 12; order++) {
    const { runId } = await t.db.$transaction((tx) =>
      acceptRun(tx, {
        flowId: flow.flowId, versionId: flow.versionId, environmentId: flow.environmentId, mode: "LIVE",
        triggerNodeId: "trigger", triggerKind: "webhook", payload: { body: { order }, headers: {}, query: {}, receivedAt: new Date().toISOString() },
      }),
    );
    runIds.push(runId);
  }

  const first = startWorkerProcess();
  // Kill it while requests are in flight: some steps are mid-call, some committed, some queued.
  const deadline = Date.now() + 30_000;
  while (sink.calls.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  first.kill("SIGKILL");
  expect(sink.calls.length).toBeGreaterThanOrEqual(5);
  const succeededBeforeRestart = await t.db.run.count({ where: { id: { in: runIds }, status: "SUCCEEDED" } });
  expect(succeededBeforeRestart).toBeLessThan(runIds.length);

  startWorkerProcess();
  for (const runId of runIds) expect((await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"], 60_000)).status).toBe("SUCCEEDED");

  // Two side-effecting steps per run, each performed once; the sink may have seen a retried request.
  expect(new Set(sink.effects).size).toBe(runIds.length * 2);
  expect(sink.effects.length).toBe(runIds.length * 2);
  const steps = await t.db.stepRun.findMany({ where: { runId: { in: runIds } } });
  expect(steps).toHaveLength(runIds.length * 5);
  expect(steps.every((step) => step.status === "SUCCEEDED")).toBe(true);
});
