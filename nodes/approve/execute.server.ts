// Approve: fills the task's texts from the input, resolves who may decide (users by e-mail, roles,
// groups by name, or addresses/group names computed from the data) and answers "wait"; the engine
// stores the task and parks the step (runtime/engine/human-task.ts). Nothing here holds a job.
import type { z } from "zod";
import { ROLE_LABELS, type Role } from "../../lib/auth/roles.ts";
import type { TaskAssignees } from "../../lib/tasks/types.ts";
import { BusinessError } from "../../runtime/engine/errors.ts";
import type { ExecutorContext, ExecutorFor } from "../../runtime/engine/executor.ts";
import { durationMs } from "../fields.ts";
import type { ZApproveConfig } from "./definition.ts";

type Config = z.output<typeof ZApproveConfig>;
type Ctx = ExecutorContext<Config>;

export const executeApprove: ExecutorFor<typeof ZApproveConfig> = async (ctx) => {
  const config = ctx.config;
  const render = (text: string) => ctx.sandbox.renderTemplate(text);
  const requester = await requesterOf(ctx);
  const assignees = await resolveAssignees(ctx, requester.id);
  const due = config.due;
  const dueMs = due ? durationMs(due.after, "minutes") : null;
  return {
    type: "wait",
    task: {
      title: (await render(config.title)).trim().slice(0, 200) || "Approval needed",
      description: (await render(config.description)).slice(0, 5000),
      priority: config.priority,
      assignees,
      quorum: config.quorum.mode === "count" ? config.quorum.count : 1,
      forbidSelfApproval: config.forbidSelfApproval,
      requesterId: requester.id,
      requesterEmail: requester.email,
      form: config.form.map((field) => ({ key: field.key, label: field.label, type: field.type, required: field.required, ...(field.options ? { options: field.options } : {}) })),
      correctable: config.correctableFields,
      rejectionCommentRequired: config.rejectionCommentRequired,
      record: await recordOf(ctx, render),
      dueAt: dueMs ? new Date(ctx.now().getTime() + dueMs) : null,
      onExpiry: due ? due.onExpiry : null,
      escalateToGroupId: due?.onExpiry === "escalate" && due.escalateToGroup ? await groupIdOf(ctx, due.escalateToGroup) : null,
    },
  };
};

/** Whoever asked: the requester template's e-mail, else the person who started the run. */
async function requesterOf(ctx: Ctx): Promise<{ id: string | null; email: string | null }> {
  const template = ctx.config.requesterTemplate?.trim();
  if (template) {
    const email = (await ctx.sandbox.renderTemplate(template)).trim().toLowerCase() || null;
    if (!email) return { id: null, email: null };
    const user = await ctx.db.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { id: true } });
    return { id: user?.id ?? null, email };
  }
  const run = await ctx.db.run.findUnique({ where: { id: ctx.run.id }, select: { startedById: true } });
  if (!run?.startedById) return { id: null, email: null };
  const user = await ctx.db.user.findUnique({ where: { id: run.startedById }, select: { id: true, email: true } });
  return { id: user?.id ?? null, email: user?.email ?? null };
}

async function resolveAssignees(ctx: Ctx, requesterId: string | null): Promise<TaskAssignees> {
  const config = ctx.config.assignees;
  const computed = config.expression?.trim() ? splitNames(await ctx.sandbox.renderTemplate(config.expression)) : [];
  const emails = unique([...config.users, ...computed.filter((name) => name.includes("@"))].map((email) => email.toLowerCase()));
  const groupNames = unique([...config.groups, ...computed.filter((name) => !name.includes("@"))]);
  const [users, groups] = await Promise.all([
    emails.length ? ctx.db.user.findMany({ where: { active: true, OR: emails.map((email) => ({ email: { equals: email, mode: "insensitive" as const } })) }, select: { id: true, name: true, email: true } }) : [],
    groupNames.length ? ctx.db.group.findMany({ where: { name: { in: groupNames } }, select: { id: true, name: true } }) : [],
  ]);
  const unknown = [
    ...emails.filter((email) => !users.some((user) => user.email.toLowerCase() === email)).map((email) => `no active user ${email}`),
    ...groupNames.filter((name) => !groups.some((group) => group.name === name)).map((name) => `no group named "${name}"`),
  ];
  if (unknown.length > 0) ctx.log.warn({ unknown }, "approve: some assignees were not found");
  const assignees: TaskAssignees = {
    userIds: users.map((user) => user.id),
    roles: [...config.roles],
    groupIds: groups.map((group) => group.id),
    labels: [
      ...users.map((user) => `${user.name} <${user.email}>`),
      ...config.roles.map((role: Role) => `${ROLE_LABELS[role]} (role)`),
      ...groups.map((group) => `${group.name} (group)`),
    ],
  };
  if ((await deciders(ctx, assignees, ctx.config.forbidSelfApproval ? requesterId : null)) === 0) {
    const why = unknown.length ? `: ${unknown.join("; ")}` : "";
    throw new BusinessError(`Nobody can decide this approval: no active approver or administrator is among its assignees${why}`, { code: "no-assignees" });
  }
  return assignees;
}

/** Active people with a deciding role the task reaches (the requester excluded under four eyes). */
function deciders(ctx: Ctx, assignees: TaskAssignees, requesterId: string | null): Promise<number> {
  return ctx.db.user.count({
    where: {
      active: true,
      roles: { hasSome: ["APPROVER", "ADMIN"] },
      ...(requesterId ? { id: { not: requesterId } } : {}),
      OR: [{ id: { in: assignees.userIds } }, { roles: { hasSome: assignees.roles } }, { groups: { some: { groupId: { in: assignees.groupIds } } } }],
    },
  });
}

async function recordOf(ctx: Ctx, render: (text: string) => Promise<string>) {
  const ref = ctx.config.record;
  if (!ref?.connection || !ref.model || !ref.idTemplate) return null;
  const text = (await render(ref.idTemplate)).trim();
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new BusinessError(`Odoo record: "${text}" is not a record id (a positive whole number)`, { code: "invalid-record-id" });
  return { connection: ref.connection, model: ref.model, id };
}

async function groupIdOf(ctx: Ctx, name: string): Promise<string> {
  const group = await ctx.db.group.findUnique({ where: { name }, select: { id: true } });
  if (!group) throw new BusinessError(`Deadline: there is no group named "${name}" to escalate to`, { code: "no-assignees" });
  return group.id;
}

function splitNames(text: string): string[] {
  return text.split(/[,;\n]+/).map((part) => part.trim()).filter(Boolean);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
