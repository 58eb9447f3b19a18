"use server";

// Personal settings: API tokens (anyone signed in, their own) and "while I'm away" delegations
// (approvers and admins; admins for anyone). guardedAction checks the role on the first line.
import { revalidatePath } from "next/cache";
import { guardedAction } from "../../../lib/actions/guarded-action.server.ts";
import { ZApiTokenId, ZCreateApiToken, type CreatedApiToken } from "../../../lib/api-tokens/api-token-schemas.ts";
import { createApiToken, revokeApiToken } from "../../../lib/api-tokens/api-tokens.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { ZCreateDelegation, ZDelegationId } from "../../../lib/delegations/delegation-schemas.ts";
import { createDelegation, revokeDelegation } from "../../../lib/delegations/delegations.server.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";

const ANYONE = [] as const;

export async function createApiTokenAction(input: unknown): Promise<ActionResult<CreatedApiToken>> {
  return guardedAction({ name: "createApiToken", roles: ANYONE, schema: ZCreateApiToken }, input, async (actor, data) => {
    const created = await createApiToken(getDb(), actor, data);
    revalidatePath("/settings");
    return created;
  });
}

export async function revokeApiTokenAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "revokeApiToken", roles: ANYONE, schema: ZApiTokenId }, input, async (actor, data) => {
    await revokeApiToken(getDb(), actor, data.tokenId);
    revalidatePath("/settings");
    return null;
  });
}

export async function createDelegationAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return guardedAction({ name: "createDelegation", roles: SECTION_ROLES.inbox, schema: ZCreateDelegation }, input, async (actor, data) => {
    const created = await createDelegation(getDb(), actor, data);
    revalidatePath("/settings");
    return created;
  });
}

export async function revokeDelegationAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "revokeDelegation", roles: SECTION_ROLES.inbox, schema: ZDelegationId }, input, async (actor, data) => {
    await revokeDelegation(getDb(), actor, data.delegationId);
    revalidatePath("/settings");
    return null;
  });
}
