// The runs console's server actions: the role matrix (public POST endpoints, so each must refuse
// callers outside the runs section whatever the UI shows), input validation, and that replay,
// discard and cancel reach the engine, change the run and leave an audit event naming who did it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import type { Role } from "../../../lib/auth/roles.ts";
import { verifyAuditChain } from "../../../lib/audit/audit.server.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";
import type { BulkOutcome } from "../../../lib/runs/run-actions.ts";
import { countDeadLetters } from "../../../lib/runs/queries.server.ts";
import { insertRun, type FixtureRun } from "../../../lib/runs/test-fixtures.ts";
import { seedDemo } from "../../../prisma/seed.ts";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDatabase;
let actions: typeof import("./actions.ts");
const ids: Record<string, string> = {};
let base: Pick<FixtureRun, "flowId" | "versionId" | "environmentId">;

const scriptError = { class: "business", message: "input.parts is undefined", code: "script-error", line: 3 };
const payload = { body: { workOrder: { number: "WO-1" }, parts: [] }, headers: {}, query: {} };

/** A dead letter as the engine leaves it: the trigger succeeded, "Collect part codes" failed. */
function deadLetter(businessKey: string) {
  return insertRun(t.db, {
    ...base, status: "FAILED", createdAt: new Date(), businessKey, failedNodeId: "n2", error: scriptError, deadLetteredAt: new Date(), triggerPayload: payload,
    steps: [
      { nodeId: "n1", status: "SUCCEEDED", input: payload, output: payload, port: "out" },
      { nodeId: "n2", status: "FAILED", input: payload, error: scriptError },
    ],
  });
}

async function expectOk(result: Promise<ActionResult<BulkOutcome>>): Promise<BulkOutcome> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled)}`);
  return settled.data;
}

async function auditOf(runId: string) {
  return t.db.auditEvent.findMany({ where: { subjectType: "run", subjectId: runId }, orderBy: { seq: "asc" } });
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  await seedDemo(t.db);
  const users: [string, Role[]][] = [["analyst", ["ANALYST"]], ["approver", ["APPROVER"]], ["admin", ["ADMIN"]], ["nobody", []]];
  for (const [name, roles] of users) ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name, roles, passwordHash: "x" } })).id;
  const flow = await t.db.flow.findFirstOrThrow({ include: { versions: true } });
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  base = { flowId: flow.id, versionId: flow.versions[0]!.id, environmentId: dev.id };
  ids.succeeded = await insertRun(t.db, { ...base, status: "SUCCEEDED", createdAt: new Date(), businessKey: "WO-OK" });
});
afterAll(async () => {
  await t.drop();
});

describe("who may act on runs", () => {
  // Calls that change nothing (the run cannot take the action), so the matrix can repeat them.
  const calls: Record<string, () => Promise<ActionResult<BulkOutcome>>> = {
    replay: () => actions.replayRunsAction({ runIds: [ids.succeeded], from: "failed" }),
    discard: () => actions.discardRunsAction({ runIds: [ids.succeeded] }),
    cancel: () => actions.cancelRunsAction({ runIds: [ids.succeeded] }),
  };
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: anonymous and no-role callers and approvers are refused; analysts and admins get through`, async () => {
      signInAs(null);
      expect(await call()).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
      for (const who of ["nobody", "approver"]) {
        signInAs(ids[who]!);
        expect(await call(), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
      }
      for (const who of ["analyst", "admin"]) {
        signInAs(ids[who]!);
        const outcome = await expectOk(call());
        expect(outcome.done).toEqual([]);
        expect(outcome.skipped).toEqual([{ runId: ids.succeeded, reason: expect.any(String) }]);
      }
    });
  }
});

describe("what the actions accept", () => {
  it("names malformed input field by field", async () => {
    signInAs(ids.analyst!);
    const bad = await actions.discardRunsAction({ runIds: ["not-a-run"] });
    expect(bad).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "runIds[0]" }] });
    expect(await actions.cancelRunsAction({ runIds: [] })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "runIds", message: "Pick at least one run" }] });
    const two = await actions.replayRunsAction({ runIds: [ids.succeeded, ids.succeeded], from: "failed", input: { a: 1 } });
    expect(two).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "input", message: "An edited input replays one run at a time" }] });
    expect(await actions.replayRunsAction({ runIds: [ids.succeeded], from: "middle" })).toMatchObject({ ok: false, code: "VALIDATION", fields: [{ path: "from" }] });
  });
});

describe("replay, discard and cancel", () => {
  it("replays a dead letter from its failed step with an edited input, and audits who did it", async () => {
    const runId = await deadLetter("WO-REPLAY");
    signInAs(ids.analyst!);
    const outcome = await expectOk(actions.replayRunsAction({ runIds: [runId], from: "failed", input: { body: { workOrder: { number: "WO-REPLAY" }, parts: [{ code: "X" }] } } }));
    expect(outcome).toEqual({ done: [runId], skipped: [] });
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "QUEUED", generation: 1, deadLetteredAt: null, failedNodeId: null });
    const step = await t.db.stepRun.findUniqueOrThrow({ where: { runId_nodeId_generation: { runId, nodeId: "n2", generation: 1 } } });
    expect(step).toMatchObject({ status: "QUEUED", input: { body: { parts: [{ code: "X" }] } } });
    const jobs = await t.db.$queryRawUnsafe<{ key: string }[]>(`SELECT key FROM graphile_worker.jobs WHERE key LIKE $1`, `%${runId}%`);
    expect(jobs).toHaveLength(1);
    expect(await auditOf(runId)).toMatchObject([{ action: "run.replayed", actorId: ids.analyst, after: { from: "failed", inputEdited: true } }]);
  });

  it("replays from the start with the trigger's payload", async () => {
    const runId = await deadLetter("WO-FROM-START");
    signInAs(ids.admin!);
    await expectOk(actions.replayRunsAction({ runIds: [runId], from: "start" }));
    const step = await t.db.stepRun.findUniqueOrThrow({ where: { runId_nodeId_generation: { runId, nodeId: "n1", generation: 1 } } });
    expect(step.input).toEqual(payload);
    expect(await auditOf(runId)).toMatchObject([{ action: "run.replayed", actorId: ids.admin, after: { from: "start", inputEdited: false } }]);
  });

  it("discards dead letters in bulk; they leave the dead letters, and a run that cannot be discarded is skipped with the reason", async () => {
    const a = await deadLetter("WO-DISCARD-A");
    const b = await deadLetter("WO-DISCARD-B");
    const before = await countDeadLetters(t.db);
    signInAs(ids.analyst!);
    const outcome = await expectOk(actions.discardRunsAction({ runIds: [a, b, ids.succeeded] }));
    expect(outcome.done.sort()).toEqual([a, b].sort());
    expect(outcome.skipped).toEqual([{ runId: ids.succeeded, reason: "Only a failed run can be discarded" }]);
    expect(await countDeadLetters(t.db)).toBe(before - 2);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: a } })).status).toBe("DISCARDED");
    expect(await auditOf(b)).toMatchObject([{ action: "run.discarded", actorId: ids.analyst }]);
  });

  it("cancels a running run and audits it", async () => {
    const runId = await insertRun(t.db, { ...base, status: "RUNNING", createdAt: new Date(), businessKey: "WO-CANCEL", steps: [{ nodeId: "n1", status: "SUCCEEDED", port: "out" }, { nodeId: "n2", status: "RUNNING" }] });
    signInAs(ids.admin!);
    expect(await expectOk(actions.cancelRunsAction({ runIds: [runId] }))).toEqual({ done: [runId], skipped: [] });
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("CANCELLED");
    expect(run.finishedAt).not.toBeNull();
    expect((await t.db.stepRun.findFirstOrThrow({ where: { runId, nodeId: "n2" } })).status).toBe("SKIPPED");
    expect(await auditOf(runId)).toMatchObject([{ action: "run.cancelled", actorId: ids.admin }]);
  });

  it("keeps the audit chain intact", async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
