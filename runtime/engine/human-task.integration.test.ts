// Human tasks on a real PostgreSQL and graphile-worker: an Approve step parks its run without a job,
// people decide (corrections, quorum, four eyes, delegation, races), and deadlines escalate,
// expire or fail the run. "Time passes" by moving a task's due time into the past and re-queuing
// its step job with the same key, exactly what the due-time job would do when the clock gets there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowDefinition, flowNode, releaseFlow, waitForRun, type ReleasedFlow } from "../../test/flow-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { decideTask, claimTask, releaseTask, TaskAlreadyDecidedError, type TaskPerson } from "../../lib/tasks/decide.server.ts";
import type { TFlowNode } from "../../lib/flows/definition.ts";
import { startWorker } from "../worker.ts";
import { acceptRun } from "./accept.ts";
import { cancelRuns } from "./control.server.ts";
import { enqueueStepJob } from "./queue.ts";
import { sqlOfTx } from "./sql.ts";

let t: TestDatabase;
let worker: Awaited<ReturnType<typeof startWorker>>;
const people: Record<string, TaskPerson> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await releaseFlow(t.db, flowDefinition([flowNode("trigger", "webhook-trigger")], [])); // seeds users
  for (const [key, email, roles] of [
    ["approver", "approver@millwright.local", null],
    ["admin", "admin@millwright.local", null],
    ["analyst", "analyst@millwright.local", null],
    ["second", "second.approver@millwright.local", ["APPROVER"]],
    ["manager", "plant.manager@millwright.local", ["APPROVER"]],
  ] as const) {
    const user = roles
      ? await t.db.user.create({ data: { email, name: key === "manager" ? "Pat Manager" : "Sam Second", passwordHash: "x", roles: [...roles] } })
      : await t.db.user.findUniqueOrThrow({ where: { email } });
    people[key] = { id: user.id, email: user.email, name: user.name };
  }
  const group = await t.db.group.upsert({ where: { name: "Plant managers" }, create: { name: "Plant managers" }, update: {} });
  await t.db.groupMember.create({ data: { groupId: group.id, userId: people.manager!.id } });
  worker = await startWorker(t.url);
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
});

const person = (key: string) => people[key] as TaskPerson;

function approveFlow(approve: Record<string, unknown>, extraNodes: TFlowNode[] = [], extraEdges: [string, string, string?][] = []) {
  return releaseFlow(
    t.db,
    flowDefinition(
      [
        flowNode("trigger", "webhook-trigger"),
        flowNode("approve", "approve", { title: "Buy {{ input.body.qty }} x {{ input.body.part }}", assignees: { roles: ["APPROVER"] }, ...approve }),
        flowNode("after", "map", { script: "return { decision: input.decision, qty: input.input.body.qty, form: input.form };" }),
        flowNode("no", "end", { outcome: "success" }),
        ...extraNodes,
      ],
      [["trigger", "approve"], ["approve", "after", "approved"], ["approve", "no", "rejected"], ...(extraEdges as [string, string, string][])],
    ),
  );
}

async function start(flow: ReleasedFlow, body: unknown, startedById?: string) {
  const { runId } = await t.db.$transaction((tx) =>
    acceptRun(tx, {
      flowId: flow.flowId, versionId: flow.versionId, environmentId: flow.environmentId, mode: "LIVE", triggerNodeId: "trigger",
      triggerKind: startedById ? "manual" : "webhook", payload: { body, headers: {}, query: {}, receivedAt: new Date().toISOString() }, ...(startedById ? { startedById } : {}),
    }),
  );
  await waitForRun(t.db, runId, ["WAITING", "FAILED"]);
  const task = await t.db.humanTask.findFirstOrThrow({ where: { runId } });
  return { runId, task };
}

async function jobsOf(runId: string): Promise<number> {
  const [jobs] = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE payload->>'runId' = ${runId}`;
  const [timers] = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Timer" WHERE "runId" = ${runId}::uuid`;
  return (jobs?.n ?? 0) + (timers?.n ?? 0);
}

/** The clock reaches the task's due time: what its due-time job does when it gets there. */
async function passDueTime(taskId: string) {
  const task = await t.db.humanTask.update({ where: { id: taskId }, data: { dueAt: new Date(Date.now() - 1000) } });
  await t.db.$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM "Timer" WHERE "runId" = ${task.runId}::uuid`;
    await enqueueStepJob(sqlOfTx(tx), { runId: task.runId, nodeId: task.nodeId, generation: task.generation });
  });
}

async function waitForTask(taskId: string, check: (task: { status: string; escalatedAt: Date | null }) => boolean) {
  for (let i = 0; i < 200; i++) {
    const task = await t.db.humanTask.findUniqueOrThrow({ where: { id: taskId } });
    if (check(task)) return task;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the task did not change");
}

describe("human tasks", () => {
  it("parks the run without a job, then an approval with a corrected quantity continues it", async () => {
    const flow = await approveFlow({ correctableFields: ["body.qty"], form: [{ key: "costCentre", label: "Cost centre", type: "text", required: true }] });
    const { runId, task } = await start(flow, { qty: 5, part: "bearing 6204" });
    expect(task).toMatchObject({ title: "Buy 5 x bearing 6204", status: "OPEN", quorum: 1, correctable: ["body.qty"] });
    expect(task.assignees).toMatchObject({ roles: ["APPROVER"], labels: ["Approver (role)"] });
    expect(await jobsOf(runId)).toBe(0);
    const notified = await t.db.notification.findMany({ where: { taskId: task.id }, select: { userId: true } });
    expect(notified.map((n) => n.userId)).toEqual(expect.arrayContaining([person("approver").id, person("second").id]));

    await expect(decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved", corrections: { "body.qty": 3 } })).rejects.toMatchObject({
      code: "VALIDATION", fields: [{ path: "form.costCentre", message: "Cost centre is required" }],
    });
    await expect(decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved", corrections: { "body.part": "x" } })).rejects.toMatchObject({ code: "VALIDATION" });
    const result = await decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved", form: { costCentre: "CC-100" }, corrections: { "body.qty": "3" } });
    expect(result).toEqual({ outcome: "decided", taskId: task.id, status: "APPROVED" });

    const run = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(run.status).toBe("SUCCEEDED");
    expect(run.steps.find((step) => step.nodeId === "after")?.output).toEqual({ decision: "approved", qty: 3, form: { costCentre: "CC-100" } });
    expect(run.steps.find((step) => step.nodeId === "approve")).toMatchObject({ status: "SUCCEEDED", port: "approved" });
    const audit = await t.db.auditEvent.findFirst({ where: { subjectId: task.id, action: "task.approved" } });
    expect(audit?.actorLabel).toBe("approver@millwright.local");
  });

  it("a rejection needs a comment and leaves on the rejected port", async () => {
    const { runId, task } = await start(await approveFlow({}), { qty: 1, part: "belt" });
    await expect(decideTask(t.db, person("approver"), { taskId: task.id, decision: "rejected" })).rejects.toMatchObject({ fields: [{ path: "comment" }] });
    await decideTask(t.db, person("approver"), { taskId: task.id, decision: "rejected", comment: "Use the spare in store B" });
    const run = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    expect(run.steps.find((step) => step.nodeId === "approve")).toMatchObject({ port: "rejected", output: expect.objectContaining({ decision: "rejected", comment: "Use the spare in store B" }) });
  });

  it("a quorum of two needs two different people; the run waits until the second", async () => {
    const { runId, task } = await start(await approveFlow({ quorum: { mode: "count", count: 2 } }), { qty: 2, part: "pump" });
    expect(await decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved" })).toEqual({ outcome: "vote-recorded", taskId: task.id, approvals: 1, needed: 2 });
    await expect(decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("WAITING");
    expect(await decideTask(t.db, person("second"), { taskId: task.id, decision: "approved" })).toMatchObject({ outcome: "decided", status: "APPROVED" });
    const run = await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"]);
    const output = run.steps.find((step) => step.nodeId === "approve")?.output as { approvals: { by: string }[] };
    expect(output.approvals.map((vote) => vote.by)).toEqual(["approver@millwright.local", "second.approver@millwright.local"]);
  });

  it("refuses the requester (four eyes) and people the task is not addressed to", async () => {
    const { task } = await start(await approveFlow({ assignees: { roles: ["APPROVER", "ADMIN"] } }), { qty: 1, part: "seal" }, person("admin").id);
    expect(task.requesterId).toBe(person("admin").id);
    await expect(decideTask(t.db, person("admin"), { taskId: task.id, decision: "approved" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("four eyes") });
    await expect(decideTask(t.db, person("analyst"), { taskId: task.id, decision: "approved" })).rejects.toMatchObject({ code: "FORBIDDEN", message: "This task is not addressed to you" });
    const notified = await t.db.notification.findMany({ where: { taskId: task.id, userId: person("admin").id } });
    expect(notified).toHaveLength(0);
    const byTemplate = await start(await approveFlow({ requesterTemplate: "{{ input.body.requestedBy }}" }), { qty: 1, part: "seal", requestedBy: "Approver@Millwright.local" });
    await expect(decideTask(t.db, person("approver"), { taskId: byTemplate.task.id, decision: "approved" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("two people deciding at once: one wins, the other is told who decided and when", async () => {
    const { runId, task } = await start(await approveFlow({}), { qty: 4, part: "motor" });
    const results = await Promise.allSettled([
      decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved" }),
      decideTask(t.db, person("second"), { taskId: task.id, decision: "rejected", comment: "no" }),
    ]);
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result) => result.status === "rejected").map((result) => (result as PromiseRejectedResult).reason);
    expect(won).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(TaskAlreadyDecidedError);
    expect(lost[0].message).toMatch(/^Already (approved|rejected) by (Sam Second|.*approver@millwright\.local.*) on \d+ \w+ \d{4}/);
    await waitForRun(t.db, runId, ["SUCCEEDED"]);
    expect(await t.db.humanTaskVote.count({ where: { taskId: task.id } })).toBe(1);
  });

  it("claims: a claimed group task is decided by the claimant only, until released", async () => {
    const { task } = await start(await approveFlow({}), { qty: 1, part: "gear" });
    await claimTask(t.db, person("second"), task.id);
    await expect(decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Claimed by Sam Second") });
    await expect(releaseTask(t.db, person("approver"), task.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await releaseTask(t.db, person("second"), task.id);
    await expect(decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved" })).resolves.toMatchObject({ outcome: "decided" });
  });

  it("a delegate decides for a colleague who is away, and the vote says so", async () => {
    const { task } = await start(await approveFlow({ assignees: { users: ["plant.manager@millwright.local"] } }), { qty: 1, part: "valve" });
    await expect(decideTask(t.db, person("second"), { taskId: task.id, decision: "approved" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await t.db.delegation.create({ data: { fromUserId: person("manager").id, toUserId: person("second").id, startsAt: new Date(Date.now() - 60_000) } });
    await decideTask(t.db, person("second"), { taskId: task.id, decision: "approved" });
    const vote = await t.db.humanTaskVote.findFirstOrThrow({ where: { taskId: task.id } });
    expect(vote).toMatchObject({ userId: person("second").id, onBehalfOfId: person("manager").id });
    await t.db.delegation.deleteMany({});
  });

  it("escalates to a group when the deadline passes, and the group decides", async () => {
    const flow = await approveFlow({ due: { after: 240, onExpiry: "escalate", escalateToGroup: "Plant managers" } });
    const { runId, task } = await start(flow, { qty: 9, part: "compressor" });
    expect(task.dueAt!.getTime()).toBeGreaterThan(Date.now() + 3 * 3600_000);
    // Four hours away: the due time waits in the Timer table, not in graphile's queue.
    expect(await t.db.timer.count({ where: { runId } })).toBe(1);
    await passDueTime(task.id);
    const escalated = await waitForTask(task.id, (row) => row.escalatedAt !== null);
    expect(escalated).toMatchObject({ status: "OPEN", dueAt: null });
    expect((escalated as unknown as { assignees: { labels: string[] } }).assignees.labels).toEqual(["Plant managers (group, escalated)"]);
    expect(await t.db.auditEvent.count({ where: { subjectId: task.id, action: "task.escalated" } })).toBe(1);
    expect(await t.db.notification.count({ where: { taskId: task.id, userId: person("manager").id, kind: "task.escalated" } })).toBe(1);
    await expect(decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await decideTask(t.db, person("manager"), { taskId: task.id, decision: "approved" });
    expect((await waitForRun(t.db, runId, ["SUCCEEDED", "FAILED"])).status).toBe("SUCCEEDED");
  });

  it("an overdue task leaves on Expired, or fails the run, as the node says", async () => {
    const routed = await start(
      await approveFlow({ due: { after: 30, onExpiry: "route" } }, [flowNode("late", "end", { outcome: "success" })], [["approve", "late", "expired"]]),
      { qty: 1, part: "fan" },
    );
    await passDueTime(routed.task.id);
    const run = await waitForRun(t.db, routed.runId, ["SUCCEEDED", "FAILED"]);
    expect(run.steps.find((step) => step.nodeId === "approve")).toMatchObject({ port: "expired", output: expect.objectContaining({ decision: "expired", automatic: true }) });
    await expect(decideTask(t.db, person("approver"), { taskId: routed.task.id, decision: "approved" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^Already expired/) });

    const failing = await start(await approveFlow({ due: { after: 30, onExpiry: "fail" } }), { qty: 1, part: "fan" });
    await passDueTime(failing.task.id);
    const failed = await waitForRun(t.db, failing.runId, ["SUCCEEDED", "FAILED"]);
    expect(failed).toMatchObject({ status: "FAILED", failedNodeId: "approve" });
    expect((failed.error as { message: string }).message).toContain("before its deadline");
  });

  it("cancelling the run cancels its open task", async () => {
    const { runId, task } = await start(await approveFlow({}), { qty: 1, part: "chain" });
    await cancelRuns(t.db, { runIds: [runId], actor: { id: person("admin").id, email: person("admin").email } });
    expect((await t.db.humanTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("CANCELLED");
    await expect(decideTask(t.db, person("approver"), { taskId: task.id, decision: "approved" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("cancelled") });
  });

  it("fails the step when nobody could decide", async () => {
    const flow = await approveFlow({ assignees: { users: ["nobody@millwright.local"] } });
    const { runId } = await t.db.$transaction((tx) =>
      acceptRun(tx, { flowId: flow.flowId, versionId: flow.versionId, environmentId: flow.environmentId, mode: "LIVE", triggerNodeId: "trigger", triggerKind: "webhook", payload: { body: {} } }),
    );
    const run = await waitForRun(t.db, runId, ["FAILED", "WAITING"]);
    expect(run.status).toBe("FAILED");
    expect((run.error as { message: string }).message).toContain("no active user nobody@millwright.local");
  });
});
