// Approve: creates a human task in the approvers' inbox and waits (without holding a job) for a
// decision. Leaves on "approved" or "rejected"; with a deadline whose policy is "continue on
// Expired", also on "expired".
import { z } from "zod";
import { ROLES, ROLE_LABELS } from "../../lib/auth/roles.ts";
import { defineNode } from "../define.ts";
import { ODOO_MODEL, connectionField, durationField, pathField, templateField } from "../fields.ts";
import type { PortSpec } from "../types.ts";

const FORM_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const ZAssignees = z
  .object({
    users: z
      .array(z.email("Users are e-mail addresses"))
      .max(50, "At most 50 users")
      .default([])
      .meta({ title: "Users", widget: "tags", placeholder: "name@company.com" }),
    roles: z
      .array(z.enum(ROLES))
      .default([])
      .meta({ title: "Roles", enumLabels: { ...ROLE_LABELS }, description: "Everyone with one of these roles sees the task." }),
    groups: z
      .array(z.string().min(1).max(100))
      .max(20, "At most 20 groups")
      .default([])
      .meta({ title: "Groups", widget: "tags", placeholder: "Purchasing" }),
    expression: templateField({
      title: "From the data",
      placeholder: "{{ input.approverEmail }}",
      description: "E-mail address(es) or group name(s) computed from the input, e.g. the requester's manager.",
    }).optional(),
  })
  .superRefine((assignees, ctx) => {
    const any = assignees.users.length + assignees.roles.length + assignees.groups.length > 0 || Boolean(assignees.expression?.trim());
    if (!any) ctx.addIssue({ code: "custom", path: ["users"], message: "Choose who decides: at least one user, role, group or an address from the data" });
  })
  .meta({ title: "Assignees" });

const ZQuorum = z
  .object({
    mode: z
      .enum(["any", "count"])
      .default("any")
      .meta({ title: "Decided by", enumLabels: { any: "The first decision", count: "A number of approvals" } }),
    count: z
      .number()
      .int()
      .min(1, "At least 1 approval")
      .max(20, "At most 20 approvals")
      .default(2)
      .meta({ title: "Approvals needed", showWhen: { field: "mode", equals: ["count"] }, description: "Distinct people; one rejection rejects." }),
  })
  .meta({ title: "Quorum" });

const ZFormField = z
  .object({
    key: z.string().regex(FORM_KEY, "Keys are identifiers such as reason or cost_center").meta({ title: "Key" }),
    label: z.string().min(1, "Each form field needs a label").max(120).meta({ title: "Label" }),
    type: z
      .enum(["text", "number", "boolean", "select"])
      .default("text")
      .meta({ title: "Type", enumLabels: { text: "Text", number: "Number", boolean: "Yes/no", select: "Choice" } }),
    required: z.boolean().default(false).meta({ title: "Required" }),
    options: z
      .array(z.string().min(1).max(120))
      .max(50)
      .optional()
      .meta({ title: "Options", widget: "tags", showWhen: { field: "type", equals: ["select"] } }),
  })
  .superRefine((field, ctx) => {
    if (field.type === "select" && (field.options?.length ?? 0) === 0)
      ctx.addIssue({ code: "custom", path: ["options"], message: `"${field.label}" is a choice: add its options` });
    if (field.options && new Set(field.options).size !== field.options.length)
      ctx.addIssue({ code: "custom", path: ["options"], message: `"${field.label}" lists an option twice` });
  });

const ZDue = z
  .object({
    after: durationField({ title: "Due after", placeholder: "PT4H", description: "An ISO 8601 duration (PT4H, P2D) or a number of minutes." }, "minutes"),
    onExpiry: z
      .enum(["route", "escalate", "approve", "reject", "fail"])
      .default("route")
      .meta({
        title: "When it is overdue",
        enumLabels: {
          route: "Continue on the Expired output",
          escalate: "Reassign to a group and keep waiting",
          approve: "Approve automatically",
          reject: "Reject automatically",
          fail: "Fail the run",
        },
      }),
    escalateToGroup: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ title: "Escalate to group", placeholder: "Plant managers", showWhen: { field: "onExpiry", equals: ["escalate"] } }),
  })
  .superRefine((due, ctx) => {
    if (due.onExpiry === "escalate" && !due.escalateToGroup) ctx.addIssue({ code: "custom", path: ["escalateToGroup"], message: "Choose the group to escalate to" });
  })
  .meta({ title: "Deadline" });

const ZRecordRef = z
  .object({
    connection: connectionField("odoo", { description: "The Odoo database holding the record." }).optional(),
    model: z.string().regex(ODOO_MODEL, "Use the technical model name, e.g. purchase.order").optional().meta({ title: "Model", placeholder: "purchase.order" }),
    idTemplate: templateField({ title: "Record id", placeholder: "{{ input.orderId }}" }).optional(),
  })
  .superRefine((ref, ctx) => {
    const set = [ref.connection, ref.model, ref.idTemplate].filter(Boolean).length;
    if (set === 0 || set === 3) return;
    if (!ref.connection) ctx.addIssue({ code: "custom", path: ["connection"], message: "Choose the Odoo connection of the record" });
    if (!ref.model) ctx.addIssue({ code: "custom", path: ["model"], message: "Enter the model of the record" });
    if (!ref.idTemplate) ctx.addIssue({ code: "custom", path: ["idTemplate"], message: "Enter the record id" });
  })
  .meta({ title: "Odoo record", description: "Shown beside the task, so the approver decides with the business record in view." });

export const ZApproveConfig = z.object({
  title: templateField({ title: "Task title", placeholder: "Approve PO {{ input.name }}" }, { required: "Task title is required", max: 200 }).default("Approval needed"),
  description: templateField({ title: "Description", widget: "template", description: "What the approver should check. Placeholders are filled from the input." }, { max: 5000 }).default(""),
  priority: z.enum(["low", "normal", "high"]).default("normal").meta({ title: "Priority", enumLabels: { low: "Low", normal: "Normal", high: "High" } }),
  assignees: ZAssignees,
  quorum: ZQuorum.prefault({}),
  forbidSelfApproval: z.boolean().default(true).meta({ title: "Requester may not approve", description: "Four eyes: the person who asked cannot decide." }),
  requesterTemplate: templateField({
    title: "Requester",
    placeholder: "{{ input.requestedBy }}",
    description: "E-mail of whoever asked (for the four-eyes rule); a manual start uses the person who started the run.",
    showWhen: { field: "forbidSelfApproval", equals: [true] },
  }).optional(),
  form: z
    .array(ZFormField)
    .max(30, "At most 30 form fields")
    .superRefine((fields, ctx) => {
      const seen = new Set<string>();
      fields.forEach((field, index) => {
        if (seen.has(field.key)) ctx.addIssue({ code: "custom", path: [index, "key"], message: `Form field key "${field.key}" is used twice` });
        seen.add(field.key);
      });
    })
    .default([])
    .meta({ title: "Form fields", description: "Extra answers the approver gives with the decision (output `form`)." }),
  correctableFields: z
    .array(pathField({ title: "Field" }))
    .max(50)
    .default([])
    .meta({ title: "Correctable fields", widget: "tags", description: "Input fields the approver may correct before deciding, e.g. quantity." }),
  rejectionCommentRequired: z.boolean().default(true).meta({ title: "Rejection needs a comment" }),
  due: ZDue.optional(),
  record: ZRecordRef.optional(),
});

export const ZApproveOutput = z.object({
  decision: z.enum(["approved", "rejected", "expired"]),
  decidedBy: z.string().optional(),
  decidedAt: z.string(),
  comment: z.string().optional(),
  form: z.record(z.string(), z.unknown()),
  /** The step input, with the approver's corrections applied. */
  input: z.unknown(),
  /** Every person's decision, in order (a quorum collects several). */
  approvals: z.array(z.object({ by: z.string(), at: z.string(), decision: z.string(), comment: z.string().optional(), onBehalfOf: z.string().optional() })),
  /** Decided by the deadline rule, not a person. */
  automatic: z.boolean().optional(),
});

export const approveNode = defineNode({
  kind: "approve",
  kindVersion: 1,
  label: "Approve",
  category: "people",
  icon: "user-check",
  description: "Asks people to approve or reject in their inbox, and waits for the decision.",
  keywords: ["human", "task", "approval", "review", "decision", "four eyes", "inbox", "sign off"],
  trigger: false,
  config: ZApproveConfig,
  output: ZApproveOutput,
  defaults: (): z.input<typeof ZApproveConfig> => ({ title: "Approval needed", description: "", assignees: { roles: ["APPROVER"] }, quorum: { mode: "any" }, forbidSelfApproval: true, rejectionCommentRequired: true }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: (config) => {
    const ports: PortSpec[] = [
      { id: "approved", label: "Approved" },
      { id: "rejected", label: "Rejected" },
    ];
    if (config?.due?.onExpiry === "route") ports.push({ id: "expired", label: "Expired", description: "When nobody decided before the deadline." });
    return ports;
  },
  connections: (config) => (config.record?.connection ? [config.record.connection] : []),
});
