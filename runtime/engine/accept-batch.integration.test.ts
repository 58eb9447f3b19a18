// Accepting a batch of runs (message triggers) against a real PostgreSQL: each new key is a run
// with its trigger step and job, as acceptRun makes them; a key seen before (in the batch or in the
// database) starts nothing; flows with a run deadline or concurrency limits take the one-by-one
// path, so their timers and gates still apply.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowDefinition, flowNode, releaseFlow, type ReleasedFlow } from "../../test/flow-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { acceptBatch } from "./accept-batch.ts";
import { engineIoOfPrisma } from "./io.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const release = (settings = {}) =>
  releaseFlow(t.db, flowDefinition([flowNode("trigger", "mqtt-trigger", { connection: "broker", topic: "plant/#" }), flowNode("end", "end")], [["trigger", "end"]], settings));
const target = (flow: ReleasedFlow) => ({ flowId: flow.flowId, versionId: flow.versionId, environmentId: flow.environmentId, triggerNodeId: "trigger", triggerKind: "mqtt" });
const message = (key: string) => ({ idempotencyKey: key, payload: { topic: "plant/p7", payload: { key }, qos: 1, retain: false, receivedAt: "2026-11-22T12:00:00.000Z" } });

describe("acceptBatch", () => {
  it("starts one run per new key, with its trigger step and job, in the caller's transaction", async () => {
    const flow = await release();
    const io = engineIoOfPrisma(t.db);
    await io.transaction((sql) => acceptBatch(sql, target(flow), [message("a")]));
    const result = await io.transaction((sql) => acceptBatch(sql, target(flow), [message("a"), message("b"), message("c"), message("b")]));
    expect({ accepted: result.accepted, duplicates: result.duplicates, keys: [...result.runIds.keys()].sort() }).toEqual({ accepted: 2, duplicates: 2, keys: ["b", "c"] });

    const runs = await t.db.run.findMany({ where: { flowId: flow.flowId }, include: { steps: true } });
    expect(runs).toHaveLength(3);
    const b = runs.find((run) => run.idempotencyKey === "b");
    expect(b).toMatchObject({ status: "QUEUED", mode: "LIVE", pending: 1, triggerKind: "mqtt", triggerNodeId: "trigger", triggerPayload: message("b").payload });
    expect(b?.steps).toEqual([expect.objectContaining({ nodeId: "trigger", generation: 0, status: "QUEUED", maxAttempts: 1, input: message("b").payload })]);
    const jobs = await t.db.$queryRaw<{ key: string; payload: unknown }[]>`SELECT key, payload FROM graphile_worker._private_jobs WHERE key = ${`step:${b?.id}:trigger:0`}`;
    expect(jobs).toEqual([{ key: `step:${b?.id}:trigger:0`, payload: { runId: b?.id, nodeId: "trigger", generation: 0 } }]);
  });

  it("rolls back with the caller's transaction", async () => {
    const flow = await release();
    const io = engineIoOfPrisma(t.db);
    await expect(
      io.transaction(async (sql) => {
        await acceptBatch(sql, target(flow), [message("x"), message("y")]);
        throw new Error("crash before the commit");
      }),
    ).rejects.toThrow("crash before the commit");
    expect(await t.db.run.count({ where: { flowId: flow.flowId } })).toBe(0);
  });

  it("schedules each run's deadline when the flow has one (one by one)", async () => {
    const flow = await release({ timeoutMs: 3_600_000 });
    const result = await engineIoOfPrisma(t.db).transaction((sql) => acceptBatch(sql, target(flow), [message("d1"), message("d2")]));
    expect(result.accepted).toBe(2);
    const timers = await t.db.timer.findMany({ where: { runId: { in: [...result.runIds.values()] } } });
    expect(timers.map((timer) => timer.task)).toEqual(["run-deadline", "run-deadline"]);
  });
});
