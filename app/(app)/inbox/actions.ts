"use server";

// The inbox's server actions: decide one task, decide several of one kind, claim and release.
// Server actions are public POST endpoints: each checks the role first (APPROVER or ADMIN, the inbox
// section) and parses its input with zod; lib/tasks/decide.server.ts then checks the addressing,
// claims and four eyes, locks the task and continues the run in one transaction.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardedAction } from "../../../lib/actions/guarded-action.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import type { SessionUser } from "../../../lib/auth/sign-in.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";
import { bulkDecide, claimTask, decideTask, releaseTask } from "../../../lib/tasks/decide.server.ts";
import { ZBulkDecide, ZDecideTask, type DecideResult } from "../../../lib/tasks/types.ts";
import type { BulkDecideOutcome } from "../../../components/inbox/inbox-types.ts";

const ZTaskId = z.object({ taskId: z.uuid("Not a task id") });

/** { taskId, decision, comment?, form, corrections } -> decided, or a vote recorded toward the quorum. */
export async function decideTaskAction(input: unknown): Promise<ActionResult<DecideResult>> {
  return guardedAction({ name: "decideTask", roles: SECTION_ROLES.inbox, schema: ZDecideTask }, input, async (actor, data) =>
    refreshed(await decideTask(getDb(), person(actor), data)),
  );
}

/** { taskIds, decision, comment? } -> per task: decided, or why not. */
export async function bulkDecideAction(input: unknown): Promise<ActionResult<BulkDecideOutcome>> {
  return guardedAction({ name: "bulkDecide", roles: SECTION_ROLES.inbox, schema: ZBulkDecide }, input, async (actor, data) =>
    refreshed(await bulkDecide(getDb(), person(actor), data)),
  );
}

/** { taskId } -> the task is mine to decide; colleagues see who has it. */
export async function claimTaskAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "claimTask", roles: SECTION_ROLES.inbox, schema: ZTaskId }, input, async (actor, data) => {
    await claimTask(getDb(), person(actor), data.taskId);
    return refreshed(null);
  });
}

/** { taskId } -> back to the group (the claimant, or an admin). */
export async function releaseTaskAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "releaseTask", roles: SECTION_ROLES.inbox, schema: ZTaskId }, input, async (actor, data) => {
    await releaseTask(getDb(), { ...person(actor), isAdmin: actor.roles.includes("ADMIN") }, data.taskId);
    return refreshed(null);
  });
}

function person(actor: SessionUser) {
  return { id: actor.id, email: actor.email, name: actor.name };
}

// The navigation's count and the lists change with every decision.
function refreshed<T>(value: T): T {
  revalidatePath("/inbox", "layout");
  return value;
}
