// Deciding a human task (inbox, bulk, REST API). DESIGN.md runtime contract 4: the task row is
// locked, a decision is accepted only while it is OPEN, and the run's continuation (the Approve
// step's job) is queued in the same transaction. A second decision learns who decided and when.
import type { z } from "zod";
import { appendAudit } from "../audit/audit.server.ts";
import type { Db, DbTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { notify } from "../notifications/notify.server.ts";
import { enqueueStepJob } from "../../runtime/engine/queue.ts";
import { json, sqlOfTx, type Sql } from "../../runtime/engine/sql.ts";
import { actingAs, taskActors, type TaskActor } from "./access.server.ts";
import { approveOutput, checkDecision, type Vote } from "./decision-rules.ts";
import { ZBulkDecide, ZDecideTask, type DecideResult, type DecideTaskInput, type TaskAssignees, type TaskFormField } from "./types.ts";

export type TaskPerson = { id: string; email: string; name: string };

export type LockedTask = {
  id: string;
  runId: string;
  nodeId: string;
  generation: number;
  flowId: string;
  title: string;
  status: string;
  assignees: TaskAssignees;
  quorum: number;
  forbidSelfApproval: boolean;
  requesterId: string | null;
  requesterEmail: string | null;
  form: TaskFormField[];
  correctable: string[];
  rejectionCommentRequired: boolean;
  claimedById: string | null;
  decidedById: string | null;
  decidedAt: Date | null;
};

export class TaskAlreadyDecidedError extends AppError {
  readonly taskStatus: string;
  readonly decidedBy: string | null;
  readonly decidedAt: Date;

  constructor(taskStatus: string, decidedBy: string | null, decidedAt: Date) {
    super("CONFLICT", `Already ${taskStatus.toLowerCase()}${decidedBy ? ` by ${decidedBy}` : ""} on ${formatWhen(decidedAt)}`);
    this.taskStatus = taskStatus;
    this.decidedBy = decidedBy;
    this.decidedAt = decidedAt;
  }
}

function formatWhen(date: Date): string {
  return `${date.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC`;
}

export function taskKind(task: { flowId: string; nodeId: string }): string {
  return `${task.flowId}:${task.nodeId}`;
}

/** The task row, locked for this transaction. */
export async function lockTask(sql: Sql, taskId: string): Promise<LockedTask | null> {
  const rows = await sql.query<LockedTask>(
    `SELECT id, "runId", "nodeId", generation, "flowId", title, status::text AS status, assignees, quorum, "forbidSelfApproval", "requesterId",
            "requesterEmail", form, correctable, "rejectionCommentRequired", "claimedById", "decidedById", "decidedAt"
       FROM "HumanTask" WHERE id = $1::uuid FOR UPDATE`,
    [taskId],
  );
  return rows[0] ?? null;
}

export function decideTask(db: Db, person: TaskPerson, raw: DecideTaskInput): Promise<DecideResult> {
  const parsed = ZDecideTask.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION", "Check the decision", parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
  const input = parsed.data;
  return db.$transaction(async (tx) => {
    const sql = sqlOfTx(tx);
    const task = await openTaskFor(sql, person, input.taskId);
    const actor = await decidingActor(sql, task, person);
    const stepInput = await taskInput(sql, task);
    const checked = checkDecision(task, stepInput, input);
    if (checked.issues.length > 0) {
      const first = checked.issues[0] as { message: string };
      throw new AppError("VALIDATION", checked.issues.length === 1 ? first.message : "Check the highlighted fields", checked.issues);
    }
    const voted = await sql.query<{ id: string }>(
      `INSERT INTO "HumanTaskVote" (id, "taskId", "userId", "onBehalfOfId", decision, comment, form, corrections)
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4, $5, $6::jsonb, $7::jsonb) ON CONFLICT ("taskId", "userId") DO NOTHING RETURNING id`,
      [task.id, person.id, actor.onBehalfOf ? actor.userId : null, input.decision, input.comment || null, json(checked.form), json(checked.corrections)],
    );
    const votes = await taskVotes(sql, task.id);
    const approvals = votes.filter((vote) => vote.decision === "approved").length;
    if (voted.length === 0) throw new AppError("CONFLICT", `You already decided this task: waiting for ${task.quorum - approvals} more approval(s)`);
    const audit = { actorId: person.id, actorLabel: person.email, subjectType: "HumanTask", subjectId: task.id };
    const onBehalfOf = actor.onBehalfOf ? actor.email : undefined;
    if (input.decision === "approved" && approvals < task.quorum) {
      await appendAudit(tx, { ...audit, action: "task.vote", after: { decision: input.decision, approvals, needed: task.quorum, onBehalfOf, corrections: checked.corrections } });
      return { outcome: "vote-recorded", taskId: task.id, approvals, needed: task.quorum };
    }
    const status = input.decision === "approved" ? "APPROVED" : "REJECTED";
    await closeTask(sql, task, { status, output: approveOutput(input.decision, stepInput, votes, new Date()), decidedById: person.id, comment: input.comment ?? null });
    await continueTask(sql, task);
    await appendAudit(tx, { ...audit, action: `task.${input.decision}`, before: { status: "OPEN" }, after: { status, onBehalfOf, form: checked.form, corrections: checked.corrections, comment: input.comment } });
    if (task.requesterId && task.requesterId !== person.id)
      await notify(sql, { userIds: [task.requesterId] }, { kind: "task.decided", title: `${task.title}: ${input.decision}`, body: `${person.name} ${input.decision} your request.`, link: `/inbox/${task.id}`, taskId: task.id });
    return { outcome: "decided", taskId: task.id, status };
  });
}

/** The OPEN task, locked; NOT_FOUND or TaskAlreadyDecidedError otherwise. */
async function openTaskFor(sql: Sql, person: TaskPerson, taskId: string): Promise<LockedTask> {
  const task = await lockTask(sql, taskId);
  if (!task) throw new AppError("NOT_FOUND", "This task does not exist (any more)");
  if (task.status === "OPEN") return task;
  if (task.status === "CANCELLED") throw new AppError("CONFLICT", "This task was cancelled: its run ended or was replayed");
  throw new TaskAlreadyDecidedError(task.status, task.decidedById ? await personName(sql, task.decidedById) : task.status === "EXPIRED" ? null : "the deadline rule", task.decidedAt ?? new Date());
}

async function personName(sql: Sql, userId: string): Promise<string> {
  const rows = await sql.query<{ name: string; email: string }>(`SELECT name, email FROM "User" WHERE id = $1::uuid`, [userId]);
  return rows[0] ? `${rows[0].name} (${rows[0].email})` : "a former user";
}

/** Who the person decides as (themselves or a delegating colleague), after the addressing, claim and four-eyes rules. */
async function decidingActor(sql: Sql, task: LockedTask, person: TaskPerson): Promise<TaskActor> {
  const actor = actingAs(task.assignees, await taskActors(sql, person.id));
  if (!actor) throw new AppError("FORBIDDEN", "This task is not addressed to you");
  if (task.claimedById && task.claimedById !== person.id) throw new AppError("FORBIDDEN", `Claimed by ${await personName(sql, task.claimedById)}: they decide it unless they release it`);
  if (task.forbidSelfApproval && (isRequester(task, person.id, person.email) || isRequester(task, actor.userId, actor.email)))
    throw new AppError("FORBIDDEN", "You asked for this, so someone else must decide it (four eyes)");
  return actor;
}

function isRequester(task: LockedTask, userId: string, email: string): boolean {
  return task.requesterId === userId || (task.requesterEmail !== null && task.requesterEmail.toLowerCase() === email.toLowerCase());
}

/** What the approver reviews: the Approve step's input. */
export async function taskInput(sql: Sql, task: Pick<LockedTask, "runId" | "nodeId" | "generation">): Promise<unknown> {
  const rows = await sql.query<{ input: unknown }>(`SELECT input FROM "StepRun" WHERE "runId" = $1::uuid AND "nodeId" = $2 AND generation = $3`, [task.runId, task.nodeId, task.generation]);
  return rows[0]?.input ?? null;
}

export async function taskVotes(sql: Sql, taskId: string): Promise<Vote[]> {
  return sql.query<Vote>(
    `SELECT u.email AS by, b.email AS "onBehalfOf", v.decision, v.comment, v.form, v.corrections, v."createdAt" AS at
       FROM "HumanTaskVote" v JOIN "User" u ON u.id = v."userId" LEFT JOIN "User" b ON b.id = v."onBehalfOfId"
      WHERE v."taskId" = $1::uuid ORDER BY v."createdAt", v.id`,
    [taskId],
  );
}

export type Closing = { status: "APPROVED" | "REJECTED" | "EXPIRED"; output: unknown; decidedById: string | null; comment: string | null };

/** Closes an OPEN task with its final output (the conditional update: only while OPEN). */
export async function closeTask(sql: Sql, task: Pick<LockedTask, "id">, closing: Closing): Promise<void> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE "HumanTask" SET status = $2::"HumanTaskStatus", decision = $3::jsonb, "decidedById" = $4::uuid, "decidedAt" = now(), comment = $5
      WHERE id = $1::uuid AND status = 'OPEN' RETURNING id`,
    [task.id, closing.status, json(closing.output), closing.decidedById, closing.comment],
  );
  if (rows.length === 0) throw new AppError("CONFLICT", "This task was decided meanwhile");
}

/**
 * Queues the Approve step's job, which continues the run with the task's output. The step's
 * due-time job, if queued, is replaced (same job key); a far one waiting as a Timer is dropped.
 */
export async function continueTask(sql: Sql, task: Pick<LockedTask, "runId" | "nodeId" | "generation">): Promise<void> {
  const step = { runId: task.runId, nodeId: task.nodeId, generation: task.generation };
  await sql.query(`DELETE FROM "Timer" WHERE "jobKey" = $1`, [`step:${step.runId}:${step.nodeId}:${step.generation}`]);
  await enqueueStepJob(sql, step);
}

/** Approves or rejects several tasks of one kind; each in its own transaction, each result reported. */
export async function bulkDecide(db: Db, person: TaskPerson, raw: z.input<typeof ZBulkDecide>) {
  const input = ZBulkDecide.parse(raw);
  const tasks = await db.humanTask.findMany({ where: { id: { in: input.taskIds } }, select: { id: true, flowId: true, nodeId: true, form: true } });
  const kind = tasks[0] ? taskKind(tasks[0]) : null;
  const results: ({ taskId: string; ok: true; result: DecideResult } | { taskId: string; ok: false; message: string })[] = [];
  for (const taskId of input.taskIds) {
    const task = tasks.find((candidate) => candidate.id === taskId);
    const refusal = !task
      ? "This task does not exist (any more)"
      : taskKind(task) !== kind
        ? "Only tasks of the same kind (same flow and step) can be decided together"
        : (task.form as TaskFormField[]).some((field) => field.required && field.type !== "boolean")
          ? "This task has required form fields: decide it on its own"
          : null;
    if (refusal) {
      results.push({ taskId, ok: false, message: refusal });
      continue;
    }
    try {
      results.push({ taskId, ok: true, result: await decideTask(db, person, { taskId, decision: input.decision, comment: input.comment }) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ taskId, ok: false, message: error.userMessage });
    }
  }
  return { results };
}

/** Takes a group or role task for oneself, so colleagues see it is being handled. */
export function claimTask(db: Db, person: TaskPerson, taskId: string): Promise<void> {
  return db.$transaction(async (tx) => {
    const sql = sqlOfTx(tx);
    const task = await openTaskFor(sql, person, taskId);
    await decidingActor(sql, { ...task, claimedById: task.claimedById === person.id ? null : task.claimedById }, person);
    if (task.claimedById === person.id) return;
    await sql.query(`UPDATE "HumanTask" SET "claimedById" = $2::uuid, "claimedAt" = now() WHERE id = $1::uuid`, [taskId, person.id]);
    await auditClaim(tx, person, taskId, "task.claimed");
  });
}

/** Gives a claimed task back to the group (the claimant, or an admin). */
export function releaseTask(db: Db, person: TaskPerson & { isAdmin?: boolean }, taskId: string): Promise<void> {
  return db.$transaction(async (tx) => {
    const sql = sqlOfTx(tx);
    const task = await openTaskFor(sql, person, taskId);
    if (!task.claimedById) return;
    if (task.claimedById !== person.id && !person.isAdmin) throw new AppError("FORBIDDEN", `Claimed by ${await personName(sql, task.claimedById)}: only they (or an admin) can release it`);
    await sql.query(`UPDATE "HumanTask" SET "claimedById" = NULL, "claimedAt" = NULL WHERE id = $1::uuid`, [taskId]);
    await auditClaim(tx, person, taskId, "task.released");
  });
}

function auditClaim(tx: DbTx, person: TaskPerson, taskId: string, action: string) {
  return appendAudit(tx, { actorId: person.id, actorLabel: person.email, action, subjectType: "HumanTask", subjectId: taskId });
}
