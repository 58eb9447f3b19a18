"use server";

// Group changes from /admin/groups, admins only. Server actions are public POST endpoints:
// guardedAction checks the role first, then parses the input with zod whatever the browser sent.
import { revalidatePath } from "next/cache";
import { guardedAction } from "../../../../lib/actions/guarded-action.server.ts";
import { getDb } from "../../../../lib/db/client.ts";
import type { ActionResult } from "../../../../lib/flows/action-result.ts";
import { ZCreateGroup, ZGroupId, ZGroupMember, ZUpdateGroup } from "../../../../lib/groups/group-schemas.ts";
import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from "../../../../lib/groups/groups.server.ts";

const ADMIN = ["ADMIN"] as const;

function changed<T>(result: T): T {
  revalidatePath("/admin/groups");
  revalidatePath("/admin");
  return result;
}

export async function createGroupAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return guardedAction({ name: "createGroup", roles: ADMIN, schema: ZCreateGroup }, input, async (actor, data) => changed(await createGroup(getDb(), actor, data)));
}

export async function updateGroupAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "updateGroup", roles: ADMIN, schema: ZUpdateGroup }, input, async (actor, data) => {
    await updateGroup(getDb(), actor, data);
    return changed(null);
  });
}

export async function deleteGroupAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "deleteGroup", roles: ADMIN, schema: ZGroupId }, input, async (actor, data) => {
    await deleteGroup(getDb(), actor, data.groupId);
    return changed(null);
  });
}

export async function addGroupMemberAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "addGroupMember", roles: ADMIN, schema: ZGroupMember }, input, async (actor, data) => {
    await addGroupMember(getDb(), actor, data);
    return changed(null);
  });
}

export async function removeGroupMemberAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "removeGroupMember", roles: ADMIN, schema: ZGroupMember }, input, async (actor, data) => {
    await removeGroupMember(getDb(), actor, data);
    return changed(null);
  });
}
