// Browser-safe shapes of human tasks: who may decide (resolved at creation), the approver's form,
// and what a decision carries. The engine creates tasks (runtime/engine/human-task.ts); people
// decide them through lib/tasks/decide.server.ts (inbox, REST API, bulk).
import { z } from "zod";
import type { Role } from "../auth/roles.ts";

/** Resolved when the task is created; `labels` say it in words ("Purchasing (group)", an e-mail). */
export type TaskAssignees = { userIds: string[]; roles: Role[]; groupIds: string[]; labels: string[] };

export type TaskFormField = {
  key: string;
  label: string;
  type: "text" | "number" | "boolean" | "select";
  required: boolean;
  options?: string[];
};

/** An Odoo record shown beside the decision, read live through the flow's connection. */
export type TaskRecordRef = { connection: string; model: string; id: number };

export type ExpiryPolicy = "route" | "escalate" | "approve" | "reject" | "fail";

export const ZDecision = z.object({
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().trim().max(5000, "The comment is longer than 5,000 characters").optional(),
  /** Answers to the task's form fields, by key. */
  form: z.record(z.string(), z.unknown()).default({}),
  /** New values for the task's correctable input fields, by path (e.g. "quantity", "lines.0.qty"). */
  corrections: z.record(z.string(), z.unknown()).default({}),
});
export type Decision = z.infer<typeof ZDecision>;

export const ZDecideTask = ZDecision.extend({ taskId: z.uuid("Not a task id") });
export type DecideTaskInput = z.input<typeof ZDecideTask>;

export const ZBulkDecide = z.object({
  taskIds: z.array(z.uuid()).min(1, "Choose at least one task").max(200, "At most 200 tasks at once"),
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().trim().max(5000).optional(),
});

/** "decided": the task is closed and the run continues. "vote-recorded": a quorum task needs more approvals. */
export type DecideResult =
  | { outcome: "decided"; taskId: string; status: "APPROVED" | "REJECTED" }
  | { outcome: "vote-recorded"; taskId: string; approvals: number; needed: number };

/** The step output an Approve node continues with (ZApproveOutput). */
export type ApproveOutput = {
  decision: "approved" | "rejected" | "expired";
  decidedBy?: string;
  decidedAt: string;
  comment?: string;
  form: Record<string, unknown>;
  input: unknown;
  approvals: { by: string; at: string; decision: string; comment?: string; onBehalfOf?: string }[];
  automatic?: boolean;
};
