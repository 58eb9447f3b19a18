// The engine's side of human tasks (DESIGN.md runtime contract 4). An Approve step that answers
// "wait" gets its task row in the step's commit and the step turns WAITING without a job; only a
// due time puts a job (or a Timer row, beyond the queue horizon) on the queue, so open tasks cost
// the queue nothing. The step's job runs again when a decision queues it (lib/tasks/decide.server.ts)
// or its due time comes; resumeTask() then turns the task's state into the step's outcome.
import { appendAuditSql } from "../../lib/audit/audit.server.ts";
import { notify } from "../../lib/notifications/notify.server.ts";
import { closeTask, lockTask, taskVotes, type LockedTask } from "../../lib/tasks/decide.server.ts";
import { approveOutput } from "../../lib/tasks/decision-rules.ts";
import type { ApproveOutput } from "../../lib/tasks/types.ts";
import { BusinessError } from "./errors.ts";
import type { NewHumanTask } from "./executor.ts";
import { enqueueStepJob, type StepJobPayload } from "./queue.ts";
import { json, type Sql } from "./sql.ts";

type WaitingStep = { id: string; input: unknown; startedAt: Date };

/** Records the task and parks the step; notifies the people it is addressed to. */
export async function openTask(sql: Sql, job: StepJobPayload, flowId: string, step: WaitingStep, pendingSteps: number, task: NewHumanTask): Promise<void> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO "HumanTask" (id, "runId", "nodeId", generation, "flowId", title, description, priority, assignees, quorum, "forbidSelfApproval",
            "requesterId", "requesterEmail", form, correctable, "rejectionCommentRequired", record, "dueAt", "onExpiry", "escalateToGroupId")
     VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4::uuid, $5, $6, $7, $8::jsonb, $9, $10, $11::uuid, $12, $13::jsonb, $14::jsonb, $15, $16::jsonb, $17, $18, $19::uuid)
     ON CONFLICT ("runId", "nodeId", generation) DO NOTHING RETURNING id`,
    [
      job.runId, job.nodeId, job.generation, flowId, task.title, task.description, task.priority, json(task.assignees), task.quorum, task.forbidSelfApproval,
      task.requesterId, task.requesterEmail, json(task.form), json(task.correctable), task.rejectionCommentRequired, task.record ? json(task.record) : null,
      task.dueAt, task.onExpiry, task.escalateToGroupId,
    ],
  );
  await sql.query(
    `UPDATE "StepRun" SET status = 'WAITING', output = NULL, port = NULL, "nextAttemptAt" = $2, "startedAt" = coalesce("startedAt", $3), inline = false WHERE id = $1::uuid`,
    [step.id, task.dueAt, step.startedAt],
  );
  if (pendingSteps <= 1) await sql.query(`UPDATE "Run" SET status = 'WAITING', "updatedAt" = now() WHERE id = $1::uuid`, [job.runId]);
  if (task.dueAt) await enqueueStepJob(sql, job, task.dueAt);
  const taskId = rows[0]?.id;
  if (!taskId) return; // a redelivered job: the task exists and its people were told
  await notify(
    sql,
    { userIds: task.assignees.userIds, roles: task.assignees.roles, groupIds: task.assignees.groupIds, exceptUserIds: task.forbidSelfApproval && task.requesterId ? [task.requesterId] : [] },
    { kind: "task.assigned", title: task.title, body: task.description.slice(0, 500), link: `/inbox/${taskId}`, taskId },
  );
}

export type Resumed = { type: "next"; port: string; output: ApproveOutput } | { type: "error"; error: unknown } | null;

/**
 * What a waiting Approve step does when its job runs: continue with the decision, apply the
 * deadline rule when the task is overdue, or keep waiting (null). Runs in the step's commit
 * transaction with the run locked.
 */
export async function resumeTask(sql: Sql, job: StepJobPayload, step: WaitingStep, now: Date): Promise<Resumed> {
  const task = await sql
    .query<{ id: string }>(`SELECT id FROM "HumanTask" WHERE "runId" = $1::uuid AND "nodeId" = $2 AND generation = $3`, [job.runId, job.nodeId, job.generation])
    .then((rows) => (rows[0] ? lockTask(sql, rows[0].id) : null));
  if (!task) return { type: "error", error: new BusinessError("The step's approval task is missing", { code: "task-missing" }) };
  if (task.status === "APPROVED" || task.status === "REJECTED" || task.status === "EXPIRED") return decided(sql, task);
  if (task.status !== "OPEN") return null;
  const due = await dueState(sql, task.id);
  if (!due.dueAt) return null;
  if (due.dueAt.getTime() > now.getTime() + 1000) {
    await enqueueStepJob(sql, job, due.dueAt); // the due time moved (escalation): wait for it
    return null;
  }
  return expire(sql, task, due, step.input, now);
}

async function decided(sql: Sql, task: LockedTask): Promise<Resumed> {
  const rows = await sql.query<{ decision: ApproveOutput }>(`SELECT decision FROM "HumanTask" WHERE id = $1::uuid`, [task.id]);
  const output = rows[0]?.decision;
  if (!output) return { type: "error", error: new BusinessError("The task was closed without a decision", { code: "task-missing" }) };
  return { type: "next", port: output.decision, output };
}

type Due = { dueAt: Date | null; onExpiry: string | null; escalateToGroupId: string | null; groupName: string | null };

async function dueState(sql: Sql, taskId: string): Promise<Due> {
  const rows = await sql.query<Due>(
    `SELECT t."dueAt", t."onExpiry", t."escalateToGroupId", g.name AS "groupName" FROM "HumanTask" t LEFT JOIN "Group" g ON g.id = t."escalateToGroupId" WHERE t.id = $1::uuid`,
    [taskId],
  );
  return rows[0] as Due;
}

const SYSTEM = { actorId: null, actorLabel: "system (deadline)", subjectType: "HumanTask" };

/** The deadline passed with the task still open: the node's rule decides. */
async function expire(sql: Sql, task: LockedTask, due: Due, input: unknown, now: Date): Promise<Resumed> {
  const rule = due.onExpiry ?? "route";
  if (rule === "escalate" && due.escalateToGroupId) return escalate(sql, task, due, now);
  const votes = await taskVotes(sql, task.id);
  const decision = rule === "approve" ? "approved" : rule === "reject" ? "rejected" : "expired";
  const output = approveOutput(decision, input, votes, now, true);
  const status = decision === "approved" ? "APPROVED" : decision === "rejected" ? "REJECTED" : "EXPIRED";
  await closeTask(sql, task, { status, output, decidedById: null, comment: null });
  await appendAuditSql(sql, { ...SYSTEM, subjectId: task.id, action: decision === "expired" ? "task.expired" : `task.auto_${decision}`, after: { rule, dueAt: due.dueAt } });
  if (rule === "fail") return { type: "error", error: new BusinessError(`Nobody decided "${task.title}" before its deadline`, { code: "task-expired" }) };
  return { type: "next", port: decision, output };
}

/** Reassigns the task to the escalation group (once); it keeps waiting, without a further deadline. */
async function escalate(sql: Sql, task: LockedTask, due: Due, now: Date): Promise<null> {
  const groupId = due.escalateToGroupId as string;
  const assignees = { userIds: [], roles: [], groupIds: [groupId], labels: [`${due.groupName ?? "Escalation group"} (group, escalated)`] };
  await sql.query(
    `UPDATE "HumanTask" SET assignees = $2::jsonb, "escalatedAt" = $3, "dueAt" = NULL, "onExpiry" = NULL, "claimedById" = NULL, "claimedAt" = NULL WHERE id = $1::uuid`,
    [task.id, json(assignees), now],
  );
  await sql.query(`UPDATE "StepRun" SET "nextAttemptAt" = NULL WHERE "runId" = $1::uuid AND "nodeId" = $2 AND generation = $3`, [task.runId, task.nodeId, task.generation]);
  await appendAuditSql(sql, { ...SYSTEM, subjectId: task.id, action: "task.escalated", before: { assignees: task.assignees }, after: { assignees } });
  await notify(sql, { groupIds: [groupId] }, { kind: "task.escalated", title: `Escalated: ${task.title}`, body: "Nobody decided it in time; it is now yours.", link: `/inbox/${task.id}`, taskId: task.id });
  return null;
}
