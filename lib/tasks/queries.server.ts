// Reads for the inbox: my open tasks (addressed to me, my roles, my groups, or to colleagues who
// delegated to me), the count in the navigation, the history of what I decided or voted on, and
// one task's detail with its run's context. Visibility uses the same rule as the decision
// (lib/tasks/access.server.ts), so the inbox never shows what cannot be decided. Callers check the
// role first (SECTION_ROLES.inbox).
import type { Db } from "../db/client.ts";
import { actingAs, addressedToSql, taskActors, type Sql, type TaskActor } from "./access.server.ts";
import type { ApproveOutput, TaskAssignees, TaskFormField, TaskRecordRef } from "./types.ts";

export const INBOX_LIMIT = 200;

export type InboxSort = "due" | "newest";
export type InboxFilter = {
  flowId?: string;
  priority?: string;
  overdue?: boolean;
  /** "me": addressed to me (or a delegator) by name; "shared": through a role or group. */
  via?: "me" | "shared";
  claimedByMe?: boolean;
  sort?: InboxSort;
};

export type InboxTask = {
  id: string;
  title: string;
  priority: string;
  flowId: string;
  flowName: string;
  nodeId: string;
  /** Same kind = same flow and node: what bulk decisions may group. */
  kind: string;
  runId: string;
  environmentKey: string | null;
  versionNumber: number | null;
  businessKey: string | null;
  testRun: boolean;
  createdAt: Date;
  dueAt: Date | null;
  claimedBy: { id: string; name: string } | null;
  /** Set when the task is mine only through a colleague's delegation: their name. */
  onBehalfOf: string | null;
  /** Addressed to me (or the delegator) by name, not through a role or group (nothing to claim). */
  direct: boolean;
  assigneeLabels: string[];
  quorum: number;
  approvals: number;
  /** Required form fields (other than checkboxes) rule out bulk decisions: each needs its own answers. */
  hasRequiredForm: boolean;
};

export type DecidedTask = {
  id: string;
  title: string;
  flowName: string;
  environmentKey: string | null;
  businessKey: string | null;
  testRun: boolean;
  status: "OPEN" | "APPROVED" | "REJECTED" | "EXPIRED" | "CANCELLED";
  /** What I said (my vote), and when. */
  myDecision: string;
  myComment: string | null;
  decidedAt: Date;
  onBehalfOf: string | null;
};

export type TaskVoteView = { by: string; email: string; decision: string; comment: string | null; at: Date; onBehalfOf: string | null };

export type TaskDetail = InboxTask & {
  description: string;
  status: DecidedTask["status"];
  form: TaskFormField[];
  correctable: string[];
  rejectionCommentRequired: boolean;
  record: TaskRecordRef | null;
  environmentId: string | null;
  requester: string | null;
  votes: TaskVoteView[];
  decision: ApproveOutput | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  triggerPayload: unknown;
  /** The step input the approver reviews (and may correct). */
  input: unknown;
  /** Why this person cannot decide it now (null: they can). */
  blocked: string | null;
};

export function sqlOfDb(db: Db): Sql {
  return { query: <T>(text: string, params: unknown[] = []) => db.$queryRawUnsafe<T[]>(text, ...params) };
}

/** flow + node, as lib/tasks/decide.server.ts taskKind. */
function kindOf(flowId: string, nodeId: string): string {
  return `${flowId}:${nodeId}`;
}

type TaskRow = {
  id: string; title: string; priority: string; flowId: string; flowName: string; nodeId: string; runId: string;
  environmentKey: string | null; versionNumber: number | null; businessKey: string | null; mode: string;
  createdAt: Date; dueAt: Date | null; claimedById: string | null; claimedByName: string | null;
  assignees: TaskAssignees; quorum: number; approvals: number; form: TaskFormField[];
};

const TASK_COLUMNS = `t.id, t.title, t.priority, t."flowId", f.name AS "flowName", t."nodeId", t."runId", e.key AS "environmentKey",
  v.number AS "versionNumber", r."businessKey", r.mode::text AS mode, t."createdAt", t."dueAt", t."claimedById", cu.name AS "claimedByName",
  t.assignees, t.quorum, t.form,
  (SELECT count(*)::int FROM "HumanTaskVote" av WHERE av."taskId" = t.id AND av.decision = 'approved') AS approvals`;

const TASK_JOINS = `FROM "HumanTask" t JOIN "Run" r ON r.id = t."runId" JOIN "Flow" f ON f.id = t."flowId"
  LEFT JOIN "Environment" e ON e.id = r."environmentId" LEFT JOIN "FlowVersion" v ON v.id = r."versionId"
  LEFT JOIN "User" cu ON cu.id = t."claimedById"`;

function toInboxTask(row: TaskRow, actors: TaskActor[]): InboxTask {
  const assignees = normaliseAssignees(row.assignees);
  const actor = actingAs(assignees, actors);
  return {
    id: row.id, title: row.title, priority: row.priority, flowId: row.flowId, flowName: row.flowName, nodeId: row.nodeId,
    kind: kindOf(row.flowId, row.nodeId), runId: row.runId, environmentKey: row.environmentKey, versionNumber: row.versionNumber,
    businessKey: row.businessKey, testRun: row.mode === "TEST", createdAt: row.createdAt, dueAt: row.dueAt,
    claimedBy: row.claimedById ? { id: row.claimedById, name: row.claimedByName ?? "someone" } : null,
    onBehalfOf: actor?.onBehalfOf ? actor.name : null,
    direct: actor !== null && assignees.userIds.includes(actor.userId),
    assigneeLabels: assignees.labels, quorum: row.quorum, approvals: row.approvals,
    hasRequiredForm: (row.form ?? []).some((field) => field.required && field.type !== "boolean"),
  };
}

function normaliseAssignees(raw: Partial<TaskAssignees> | null): TaskAssignees {
  return { userIds: raw?.userIds ?? [], roles: raw?.roles ?? [], groupIds: raw?.groupIds ?? [], labels: raw?.labels ?? [] };
}

/**
 * The WHERE clause of "open and waiting for me": addressed to one of my actors, not already voted
 * on by me (quorum tasks wait for others then), and not a request of mine that forbids self-approval.
 */
function openWhere(actors: TaskActor[], userId: string, params: unknown[]): string {
  const addressed = addressedToSql("t", actors, params);
  params.push(userId, actors.find((actor) => actor.userId === userId)?.email ?? "");
  const me = `$${params.length - 1}::uuid`;
  const myEmail = `$${params.length}`;
  return `t.status = 'OPEN' AND ${addressed}
    AND NOT EXISTS (SELECT 1 FROM "HumanTaskVote" mv WHERE mv."taskId" = t.id AND mv."userId" = ${me})
    AND NOT (t."forbidSelfApproval" AND (t."requesterId" IS NOT DISTINCT FROM ${me} OR coalesce(lower(t."requesterEmail") = lower(${myEmail}), false)))`;
}

function filterWhere(filter: InboxFilter, actors: TaskActor[], userId: string, now: Date, params: unknown[]): string[] {
  const parts: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.flowId) parts.push(`t."flowId" = ${param(filter.flowId)}::uuid`);
  if (filter.priority) parts.push(`t.priority = ${param(filter.priority)}`);
  if (filter.overdue) parts.push(`t."dueAt" < ${param(now)}`);
  if (filter.claimedByMe) parts.push(`t."claimedById" = ${param(userId)}::uuid`);
  if (filter.via) {
    const direct = `t.assignees->'userIds' ?| ${param(actors.map((actor) => actor.userId))}::text[]`;
    parts.push(filter.via === "me" ? direct : `NOT (${direct})`);
  }
  return parts;
}

const ORDER: Record<InboxSort, string> = {
  due: `t."dueAt" ASC NULLS LAST, CASE t.priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, t."createdAt" ASC, t.id`,
  newest: `t."createdAt" DESC, t.id DESC`,
};

/** My open tasks, the most urgent first (or newest), at most INBOX_LIMIT; `more` when there are others. */
export async function listOpenTasks(db: Db, userId: string, filter: InboxFilter = {}, now: Date = new Date()): Promise<{ tasks: InboxTask[]; more: boolean }> {
  const sql = sqlOfDb(db);
  const actors = await taskActors(sql, userId, now);
  if (actors.length === 0) return { tasks: [], more: false };
  const params: unknown[] = [];
  const where = [openWhere(actors, userId, params), ...filterWhere(filter, actors, userId, now, params)].join(" AND ");
  const rows = await sql.query<TaskRow>(`SELECT ${TASK_COLUMNS} ${TASK_JOINS} WHERE ${where} ORDER BY ${ORDER[filter.sort ?? "due"]} LIMIT ${INBOX_LIMIT + 1}`, params);
  return { tasks: rows.slice(0, INBOX_LIMIT).map((row) => toInboxTask(row, actors)), more: rows.length > INBOX_LIMIT };
}

/** How many tasks wait for me (the navigation's badge). */
export async function countOpenTasks(db: Db, userId: string, now: Date = new Date()): Promise<number> {
  const sql = sqlOfDb(db);
  const actors = await taskActors(sql, userId, now);
  if (actors.length === 0) return 0;
  const params: unknown[] = [];
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "HumanTask" t WHERE ${openWhere(actors, userId, params)}`, params);
  return row?.n ?? 0;
}

/** The flows my open tasks come from, for the filter. */
export async function openTaskFlows(db: Db, userId: string, now: Date = new Date()): Promise<{ id: string; name: string }[]> {
  const sql = sqlOfDb(db);
  const actors = await taskActors(sql, userId, now);
  if (actors.length === 0) return [];
  const params: unknown[] = [];
  return sql.query<{ id: string; name: string }>(
    `SELECT DISTINCT f.id, f.name FROM "HumanTask" t JOIN "Flow" f ON f.id = t."flowId" WHERE ${openWhere(actors, userId, params)} ORDER BY f.name`,
    params,
  );
}

/** Tasks I decided or voted on (for myself or a colleague), newest first. */
export async function listDecidedTasks(db: Db, userId: string, limit = INBOX_LIMIT): Promise<DecidedTask[]> {
  return sqlOfDb(db).query<DecidedTask>(
    `SELECT t.id, t.title, f.name AS "flowName", e.key AS "environmentKey", r."businessKey", r.mode = 'TEST' AS "testRun", t.status::text AS status,
            hv.decision AS "myDecision", hv.comment AS "myComment", hv."createdAt" AS "decidedAt", ob.name AS "onBehalfOf"
       FROM "HumanTaskVote" hv JOIN "HumanTask" t ON t.id = hv."taskId" JOIN "Run" r ON r.id = t."runId" JOIN "Flow" f ON f.id = t."flowId"
       LEFT JOIN "Environment" e ON e.id = r."environmentId" LEFT JOIN "User" ob ON ob.id = hv."onBehalfOfId"
      WHERE hv."userId" = $1::uuid
      ORDER BY hv."createdAt" DESC, t.id
      LIMIT ${Math.max(1, Math.min(limit, INBOX_LIMIT))}`,
    [userId],
  );
}

type DetailRow = TaskRow & {
  description: string; status: DecidedTask["status"]; correctable: string[]; rejectionCommentRequired: boolean; record: TaskRecordRef | null;
  environmentId: string | null; requesterName: string | null; requesterEmail: string | null; requesterId: string | null; forbidSelfApproval: boolean;
  decision: ApproveOutput | null; decidedByName: string | null; decidedAt: Date | null; triggerPayload: unknown; input: unknown; generation: number;
};

/**
 * One task as its detail page shows it, or null when this person may not see it: it is neither
 * addressed to them (or a delegator) nor decided or voted on by them.
 */
export async function taskDetail(db: Db, userId: string, taskId: string, now: Date = new Date()): Promise<TaskDetail | null> {
  const sql = sqlOfDb(db);
  const [row] = await sql.query<DetailRow>(
    `SELECT ${TASK_COLUMNS}, t.description, t.status::text AS status, t.correctable, t."rejectionCommentRequired", t.record, r."environmentId",
            t."requesterId", t."forbidSelfApproval", t."requesterEmail", ru.name AS "requesterName", t.decision, du.name AS "decidedByName", t."decidedAt",
            r."triggerPayload", s.input, t.generation
       ${TASK_JOINS}
       LEFT JOIN "User" ru ON ru.id = t."requesterId" LEFT JOIN "User" du ON du.id = t."decidedById"
       LEFT JOIN "StepRun" s ON s."runId" = t."runId" AND s."nodeId" = t."nodeId" AND s.generation = t.generation
      WHERE t.id = $1::uuid`,
    [taskId],
  );
  if (!row) return null;
  const actors = await taskActors(sql, userId, now);
  const votes = await sql.query<TaskVoteView & { userId: string }>(
    `SELECT hv."userId", u.name AS by, u.email, hv.decision, hv.comment, hv."createdAt" AS at, ob.name AS "onBehalfOf"
       FROM "HumanTaskVote" hv JOIN "User" u ON u.id = hv."userId" LEFT JOIN "User" ob ON ob.id = hv."onBehalfOfId"
      WHERE hv."taskId" = $1::uuid ORDER BY hv."createdAt"`,
    [taskId],
  );
  const addressed = actingAs(normaliseAssignees(row.assignees), actors) !== null;
  const voted = votes.some((vote) => vote.userId === userId);
  if (!addressed && !voted) return null;
  return {
    ...toInboxTask(row, actors),
    description: row.description, status: row.status, form: row.form ?? [], correctable: row.correctable ?? [],
    rejectionCommentRequired: row.rejectionCommentRequired, record: row.record, environmentId: row.environmentId,
    requester: row.requesterName ?? row.requesterEmail, votes: votes.map(({ userId: _userId, ...vote }) => vote),
    decision: row.decision, decidedBy: row.decidedByName, decidedAt: row.decidedAt, triggerPayload: row.triggerPayload, input: row.input,
    blocked: blockedReason(row, userId, actors.find((actor) => actor.userId === userId)?.email ?? "", voted, addressed),
  };
}

/** Mirrors decideTask's refusals so the page can say them before anyone clicks. */
function blockedReason(row: DetailRow, userId: string, email: string, voted: boolean, addressed: boolean): string | null {
  if (row.status !== "OPEN") return null;
  if (!addressed) return "This task is not addressed to you.";
  if (voted) return `You already voted: waiting for ${Math.max(1, row.quorum - row.approvals)} more approval${row.quorum - row.approvals === 1 ? "" : "s"}.`;
  if (row.forbidSelfApproval && (row.requesterId === userId || (row.requesterEmail !== null && row.requesterEmail.toLowerCase() === email.toLowerCase()))) return "You asked for this: someone else must decide (four eyes).";
  if (row.claimedById && row.claimedById !== userId) return `Claimed by ${row.claimedByName ?? "someone else"}: they decide it unless they release it.`;
  return null;
}
