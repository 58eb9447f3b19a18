// What the REST API (app/api/v1/tasks) answers about human tasks. Which tasks a person sees, and in
// what order, comes from the inbox's own queries (lib/tasks/queries.server.ts), so a chat or mobile
// client shows exactly what the inbox shows; this module only pages them and shapes the JSON.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { listDecidedTasks, listOpenTasks, sqlOfDb, taskDetail, type TaskVoteView } from "../tasks/queries.server.ts";
import type { ApproveOutput, TaskFormField, TaskRecordRef } from "../tasks/types.ts";

export const API_LIST_MAX = 200;

export const ZTaskListQuery = z.object({
  status: z.enum(["open", "decided"], "Use open or decided").default("open"),
  limit: z.coerce.number("Use a number").int("Use a whole number").min(1, "At least 1").max(API_LIST_MAX, `At most ${API_LIST_MAX}`).default(50),
  cursor: z.string().max(200).optional(),
});
export type TaskListQuery = z.infer<typeof ZTaskListQuery>;

export type ApiTask = {
  id: string;
  title: string;
  description: string;
  priority: string;
  status: "OPEN" | "APPROVED" | "REJECTED" | "EXPIRED" | "CANCELLED";
  dueAt: string | null;
  createdAt: string;
  flow: { id: string; name: string };
  run: { id: string; businessKey: string | null; environment: string | null };
  form: TaskFormField[];
  correctable: string[];
  quorum: { needed: number; approvals: number };
  claimedBy: { id: string; name: string; email: string } | null;
  /** Set when the task reaches you through a colleague's delegation: their name. */
  onBehalfOf: string | null;
  /** In the "decided" list: what you decided, and when. */
  myDecision?: { decision: string; comment: string | null; at: string };
  links: { self: string; decision: string; claim: string; release: string; web: string };
};

export type ApiTaskDetail = ApiTask & {
  assignees: string[];
  requester: string | null;
  record: TaskRecordRef | null;
  rejectionCommentRequired: boolean;
  /** The Approve step's input: what the approver reviews and may correct (the `correctable` paths). */
  input: unknown;
  triggerPayload: unknown;
  votes: (Omit<TaskVoteView, "at"> & { at: string })[];
  /** The step output once decided (null while open). */
  decision: ApproveOutput | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Whether you can decide it now, and if not, why. */
  canDecide: boolean;
  blockedReason: string | null;
};

/** ?status=&limit=&cursor= -> the parsed query; 400 naming each bad parameter. */
export function parseTaskListQuery(params: URLSearchParams): TaskListQuery {
  const parsed = ZTaskListQuery.safeParse(Object.fromEntries([...params.entries()].filter(([, value]) => value !== "")));
  if (!parsed.success) {
    throw new AppError("VALIDATION", "Some query parameters are invalid.", parsed.error.issues.map((issue) => ({ path: issue.path.join(".") || "(query)", message: issue.message })));
  }
  return parsed.data;
}

/** One page of my open tasks (most urgent first, as in the inbox) or of those I decided (newest first). */
export async function listApiTasks(db: Db, userId: string, query: TaskListQuery): Promise<{ tasks: ApiTask[]; nextCursor: string | null }> {
  const entries: { id: string; onBehalfOf: string | null; myDecision?: ApiTask["myDecision"] }[] =
    query.status === "open"
      ? (await listOpenTasks(db, userId)).tasks.map((task) => ({ id: task.id, onBehalfOf: task.onBehalfOf }))
      : (await listDecidedTasks(db, userId, API_LIST_MAX)).map((task) => ({
          id: task.id, onBehalfOf: task.onBehalfOf, myDecision: { decision: task.myDecision, comment: task.myComment, at: new Date(task.decidedAt).toISOString() },
        }));
  const start = startOf(entries, query.cursor);
  const page = entries.slice(start, start + query.limit);
  const rows = new Map((await taskRows(db, page.map((entry) => entry.id))).map((row) => [row.id, row]));
  const tasks = page.flatMap((entry) => {
    const row = rows.get(entry.id);
    return row ? [{ ...toApiTask(row, entry.onBehalfOf), ...(entry.myDecision ? { myDecision: entry.myDecision } : {}) }] : [];
  });
  const last = page.at(-1);
  const nextCursor = last && start + page.length < entries.length ? encodeCursor({ after: last.id, offset: start + page.length }) : null;
  return { tasks, nextCursor };
}

/** One task with its step input and trigger payload, or null when it is not visible to this person. */
export async function getApiTask(db: Db, userId: string, taskId: string): Promise<ApiTaskDetail | null> {
  const detail = await taskDetail(db, userId, taskId);
  const [row] = detail ? await taskRows(db, [taskId]) : [];
  if (!detail || !row) return null;
  return {
    ...toApiTask(row, detail.onBehalfOf),
    assignees: detail.assigneeLabels,
    requester: detail.requester,
    record: detail.record,
    rejectionCommentRequired: detail.rejectionCommentRequired,
    input: detail.input,
    triggerPayload: detail.triggerPayload,
    votes: detail.votes.map((vote) => ({ ...vote, at: new Date(vote.at).toISOString() })),
    decision: detail.decision,
    decidedBy: detail.decidedBy,
    decidedAt: iso(detail.decidedAt),
    canDecide: detail.status === "OPEN" && detail.blocked === null,
    blockedReason: detail.blocked,
  };
}

type TaskRow = {
  id: string; title: string; description: string; priority: string; status: ApiTask["status"]; dueAt: Date | null; createdAt: Date;
  flowId: string; flowName: string; runId: string; businessKey: string | null; environmentKey: string | null;
  form: TaskFormField[] | null; correctable: string[] | null; quorum: number; approvals: number;
  claimedById: string | null; claimedByName: string | null; claimedByEmail: string | null;
};

async function taskRows(db: Db, ids: string[]): Promise<TaskRow[]> {
  if (ids.length === 0) return [];
  return sqlOfDb(db).query<TaskRow>(
    `SELECT t.id, t.title, t.description, t.priority, t.status::text AS status, t."dueAt", t."createdAt", t."flowId", f.name AS "flowName",
            t."runId", r."businessKey", e.key AS "environmentKey", t.form, t.correctable, t.quorum,
            (SELECT count(*)::int FROM "HumanTaskVote" v WHERE v."taskId" = t.id AND v.decision = 'approved') AS approvals,
            t."claimedById", cu.name AS "claimedByName", cu.email AS "claimedByEmail"
       FROM "HumanTask" t JOIN "Flow" f ON f.id = t."flowId" JOIN "Run" r ON r.id = t."runId"
       LEFT JOIN "Environment" e ON e.id = r."environmentId" LEFT JOIN "User" cu ON cu.id = t."claimedById"
      WHERE t.id = ANY($1::uuid[])`,
    [ids],
  );
}

function toApiTask(row: TaskRow, onBehalfOf: string | null): ApiTask {
  const self = `/api/v1/tasks/${row.id}`;
  return {
    id: row.id, title: row.title, description: row.description, priority: row.priority, status: row.status,
    dueAt: iso(row.dueAt), createdAt: new Date(row.createdAt).toISOString(),
    flow: { id: row.flowId, name: row.flowName },
    run: { id: row.runId, businessKey: row.businessKey, environment: row.environmentKey },
    form: row.form ?? [], correctable: row.correctable ?? [],
    quorum: { needed: row.quorum, approvals: row.approvals },
    claimedBy: row.claimedById ? { id: row.claimedById, name: row.claimedByName ?? "", email: row.claimedByEmail ?? "" } : null,
    onBehalfOf,
    links: { self, decision: `${self}/decision`, claim: `${self}/claim`, release: `${self}/release`, web: `/inbox/${row.id}` },
  };
}

function iso(date: Date | string | null): string | null {
  return date ? new Date(date).toISOString() : null;
}

// The cursor names the last task of the page and its position: the list moves as tasks are decided,
// so the next page starts after that task when it is still listed, else at the same position.
type Cursor = { after: string; offset: number };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function startOf(entries: { id: string }[], raw: string | undefined): number {
  if (!raw) return 0;
  let cursor: Cursor;
  try {
    cursor = z.object({ after: z.string(), offset: z.number().int().min(0) }).parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new AppError("VALIDATION", "Some query parameters are invalid.", [{ path: "cursor", message: "Not a cursor from a previous page" }]);
  }
  const index = entries.findIndex((entry) => entry.id === cursor.after);
  return index >= 0 ? index + 1 : Math.min(cursor.offset, entries.length);
}

/** A task id from the path; anything that is not a uuid names no task (404, not a database error). */
export function taskIdOf(raw: string): string {
  if (!z.uuid().safeParse(raw).success) throw new AppError("NOT_FOUND", "This task does not exist, or it is not addressed to you.");
  return raw;
}
