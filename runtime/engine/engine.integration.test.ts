// The durable runtime end to end on a real PostgreSQL and a real graphile-worker: accept, steps,
// successors, retries with backoff, dead letters, replay, cancel, delays, concurrency gates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowDefinition, flowNode, releaseFlow, waitForRun, type ReleasedFlow } from "../../test/flow-fixtures.ts";
import { startHttpSink, type HttpSink } from "../../test/http-sink.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { startWorker } from "../worker.ts";
import { acceptRun, type AcceptInput } from "./accept.ts";
import { cancelRuns, discardRuns, replayRuns } from "./control.server.ts";

let t: TestDatabase;
let worker: Awaited<ReturnType<typeof startWorker>>;
let sink: HttpSink;

beforeAll(async () => {
  t = await createTestDatabase();
  sink = await startHttpSink();
  worker = await startWorker(t.url);
});
afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await t?.drop();
});

function webhookPayload(body: unknown) {
  return { body, headers: {}, query: {}, receivedAt: new Date().toISOString() };
}

async function accept(flow: ReleasedFlow, body: unknown, extra: Partial<AcceptInput> = {}) {
  return t.db.$transaction((tx) =>
    acceptRun(tx, {
      flowId: flow.flowId,
      versionId: flow.versionId,
      environmentId: flow.environmentId,
      mode: "LIVE",
      triggerNodeId: "trigger",
      triggerKind: "webhook",
      payload: webhookPayload(body),
      ...extra,
    }),
  );
}

async function release(definition: TFlowDefinition, allowPrivate = true): Promise<ReleasedFlow> {
  const flow = await releaseFlow(t.db, definition);
  await t.db.environment.update({ where: { id: flow.environmentId }, data: { allowPrivateNetwork: allowPrivate } });
  return flow;
}

const actor = async () => {
  const user = await t.db.user.findUniqueOrThrow({ where: { email: "analyst@millwright.local" } });
  return { id: user.id, email: user.email };
};

const httpCall = (config: Record<string, unknown> = {}) =>
  flowNode("call", "http-request", { method: "POST", url: `${sink.url}/orders`, body: { type: "json", json: { qty: "{{ input.qty }}" } }, ...config });

describe("the engine", () => {
  it("runs webhook -> map -> branch -> end, recording each step's input, output and port", async () => {
    const flow = await release(
      flowDefinition(
        [
          flowNode("trigger", "webhook-trigger"),
          flowNode("map", "map", { script: "return { qty: input.body.qty * 2, asset: input.body.asset };" }),
          flowNode("branch", "branch", { mode: "if", condition: "input.qty > 10" }),
          flowNode("big", "end", { response: { status: 201, body: { type: "json", json: { size: "big", qty: "{{ input.qty }}" } }, headers: {} } }),
          flowNode("small", "end"),
        ],
        [["trigger", "map"], ["map", "branch"], ["branch", "big", "true"], ["branch", "small", "false"]],
      ),
    );
    const { runId, duplicate } = await accept(flow, { qty: 7, asset: "P-7" });
    expect(duplicate).toBe(false);
    const run = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(run.status).toBe("SUCCEEDED");
    const steps = Object.fromEntries(run.steps.map((step) => [step.nodeId, step]));
    expect(steps.map?.output).toEqual({ qty: 14, asset: "P-7" });
    expect(steps.branch?.port).toBe("true");
    expect(steps.small).toBeUndefined();
    expect(run.response).toMatchObject({ status: 201, body: { size: "big", qty: 14 } });
    expect(run.pending).toBe(0);
    expect(run.finishedAt).not.toBeNull();
  });

  it("answers a repeated idempotency key with the original run and starts nothing", async () => {
    const flow = await release(flowDefinition([flowNode("trigger", "webhook-trigger"), flowNode("end", "end")], [["trigger", "end"]]));
    const first = await accept(flow, { n: 1 }, { idempotencyKey: "WO-1001" });
    const second = await accept(flow, { n: 2 }, { idempotencyKey: "WO-1001" });
    expect(second).toEqual({ runId: first.runId, duplicate: true, gated: false });
    expect(await t.db.run.count({ where: { flowId: flow.flowId } })).toBe(1);
  });

  it("retries a transient failure with backoff and succeeds, keeping the failed attempts", async () => {
    sink.setBehaviour({ failFirst: 2, failStatus: 503 });
    const flow = await release(
      flowDefinition([flowNode("trigger", "webhook-trigger"), httpCall({ retry: { maxAttempts: 3, initialDelayMs: 100 } })], [["trigger", "call"]]),
    );
    const { runId } = await accept(flow, { qty: 3 });
    const run = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(run.status).toBe("SUCCEEDED");
    const call = run.steps.find((step) => step.nodeId === "call");
    expect(call?.attempt).toBe(3);
    expect(call?.attempts as unknown[]).toHaveLength(2);
    expect((call?.attempts as { error: { class: string } }[])[0]?.error.class).toBe("transient");
  });

  it("dead-letters a step out of attempts, and a replay from the failed step completes the run once", async () => {
    sink.setBehaviour({ failFirst: 2, failStatus: 502 });
    const flow = await release(
      flowDefinition([flowNode("trigger", "webhook-trigger"), httpCall({ retry: { maxAttempts: 2, initialDelayMs: 100 } }), flowNode("end", "end")], [
        ["trigger", "call"],
        ["call", "end"],
      ]),
    );
    const { runId } = await accept(flow, { qty: 5 });
    const failed = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(failed.status).toBe("FAILED");
    expect(failed.failedNodeId).toBe("call");
    expect(failed.deadLetteredAt).not.toBeNull();
    expect(failed.error).toMatchObject({ class: "transient", nodeId: "call" });

    const effectsBefore = sink.effects.length;
    const result = await replayRuns(t.db, { runIds: [runId], from: "failed", actor: await actor() });
    expect(result).toEqual({ done: [runId], skipped: [] });
    const replayed = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(replayed.status).toBe("SUCCEEDED");
    expect(replayed.generation).toBe(1);
    expect(replayed.deadLetteredAt).toBeNull();
    expect(sink.effects.length).toBe(effectsBefore + 1);
    const audit = await t.db.auditEvent.findFirst({ where: { action: "run.replayed", subjectId: runId } });
    expect(audit?.actorLabel).toBe("analyst@millwright.local");
  });

  it("fails a script error at once with its line, and a replay with an edited input succeeds", async () => {
    const flow = await release(
      flowDefinition(
        [flowNode("trigger", "webhook-trigger"), flowNode("map", "map", { script: "const qty = input.body.qty;\nif (qty < 0) throw new Error('negative quantity');\nreturn { qty };" })],
        [["trigger", "map"]],
      ),
    );
    const { runId } = await accept(flow, { qty: -1 });
    const failed = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(failed.status).toBe("FAILED");
    const step = failed.steps.find((s) => s.nodeId === "map");
    expect(step?.attempt).toBe(1);
    expect(step?.error).toMatchObject({ class: "business", line: 2 });
    expect(String((step?.error as { message: string }).message)).toContain("negative quantity");

    await replayRuns(t.db, { runIds: [runId], from: "failed", input: webhookPayload({ qty: 4 }), actor: await actor() });
    const replayed = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(replayed.status).toBe("SUCCEEDED");
    const latest = replayed.steps.filter((s) => s.nodeId === "map").sort((a, b) => b.generation - a.generation)[0];
    expect(latest?.output).toEqual({ qty: 4 });
  });

  it("replays from the start, refuses to replay a running run, and discards dead letters", async () => {
    const flow = await release(flowDefinition([flowNode("trigger", "webhook-trigger"), flowNode("end", "end", { outcome: "failure", failureMessage: "nope" })], [["trigger", "end"]]));
    const { runId } = await accept(flow, {});
    const ended = await waitForRun(t.db, runId, ["FAILED"]);
    expect(ended.deadLetteredAt).toBeNull(); // an End step's failure is intended, not a dead letter
    const who = await actor();
    expect((await replayRuns(t.db, { runIds: [runId], from: "failed", actor: who })).done).toEqual([runId]);
    await waitForRun(t.db, runId, ["FAILED"]);
    expect((await discardRuns(t.db, { runIds: [runId, "00000000-0000-0000-0000-000000000000"], actor: who })).skipped).toEqual([
      { runId: "00000000-0000-0000-0000-000000000000", reason: "The run does not exist" },
    ]);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("DISCARDED");
  });

  it("holds a delayed run as a timer, not a job, and cancelling it stops it", async () => {
    const flow = await release(
      flowDefinition([flowNode("trigger", "webhook-trigger"), flowNode("wait", "delay", { mode: "duration", duration: "PT1H" }), flowNode("end", "end")], [
        ["trigger", "wait"],
        ["wait", "end"],
      ]),
    );
    const { runId } = await accept(flow, {});
    const waiting = await waitForRun(t.db, runId, ["WAITING"]);
    expect(waiting.steps.find((s) => s.nodeId === "wait")?.status).toBe("WAITING");
    expect(await t.db.timer.count({ where: { runId } })).toBe(1);
    const jobs = await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE payload->>'runId' = ${runId}`;
    expect(jobs[0]?.n).toBe(0n);

    const result = await cancelRuns(t.db, { runIds: [runId], actor: await actor() });
    expect(result.done).toEqual([runId]);
    const cancelled = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    expect(cancelled.status).toBe("CANCELLED");
    expect(await t.db.timer.count({ where: { runId } })).toBe(0);
    expect((await cancelRuns(t.db, { runIds: [runId], actor: await actor() })).skipped[0]?.reason).toMatch(/already/);
  });

  it("continues a short delay through the queue", async () => {
    const flow = await release(
      flowDefinition([flowNode("trigger", "webhook-trigger"), flowNode("wait", "delay", { mode: "duration", duration: 1 }), flowNode("end", "end")], [
        ["trigger", "wait"],
        ["wait", "end"],
      ]),
    );
    const { runId } = await accept(flow, {});
    const run = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(run.status).toBe("SUCCEEDED");
    const wait = run.steps.find((s) => s.nodeId === "wait");
    expect(wait!.finishedAt!.getTime() - wait!.startedAt!.getTime()).toBeGreaterThanOrEqual(900);
  });

  it("runs one at a time per business key and starts the next when one ends", async () => {
    const flow = await release(
      flowDefinition([flowNode("trigger", "webhook-trigger"), flowNode("wait", "delay", { mode: "duration", duration: "PT1H" }), flowNode("end", "end")], [
        ["trigger", "wait"],
        ["wait", "end"],
      ], { oneAtATimePerBusinessKey: true }),
    );
    const a1 = await accept(flow, {}, { businessKey: "P-7" });
    const a2 = await accept(flow, {}, { businessKey: "P-7" });
    const b1 = await accept(flow, {}, { businessKey: "P-8" });
    expect([a1.gated, a2.gated, b1.gated]).toEqual([false, true, false]);
    await waitForRun(t.db, a1.runId, ["WAITING"]);
    await waitForRun(t.db, b1.runId, ["WAITING"]);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: a2.runId } })).status).toBe("QUEUED");
    await cancelRuns(t.db, { runIds: [a1.runId], actor: await actor() });
    await waitForRun(t.db, a2.runId, ["WAITING"]);
    await cancelRuns(t.db, { runIds: [a2.runId, b1.runId], actor: await actor() });
  });

  it("fails a run that outlives its flow's deadline as a dead letter at the step it was stuck on", async () => {
    const flow = await release(
      flowDefinition([flowNode("trigger", "webhook-trigger"), flowNode("wait", "delay", { mode: "duration", duration: 30 }), flowNode("end", "end")], [
        ["trigger", "wait"],
        ["wait", "end"],
      ], { timeoutMs: 1500 }),
    );
    const { runId } = await accept(flow, {});
    const run = await waitForRun(t.db, runId, ["FAILED", "SUCCEEDED"]);
    expect(run.status).toBe("FAILED");
    expect(run.failedNodeId).toBe("wait");
    expect(run.deadLetteredAt).not.toBeNull();
    expect(run.error).toMatchObject({ code: "run-deadline" });
    expect(await t.db.timer.count({ where: { runId } })).toBe(0);
  });
});
