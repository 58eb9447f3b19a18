"use server";

// Connection changes from the Environments page, admins only. Server actions are public POST
// endpoints: guardedAction checks the role first, then parses the input with zod. No answer ever
// carries a secret: views say whether one is set, tests say what the server answered.
import { revalidatePath } from "next/cache";
import { guardedAction } from "../../../../lib/actions/guarded-action.server.ts";
import { ZConnectionId, ZCreateConnection, ZUpdateConnection, type ConnectionTestResult, type ConnectionView } from "../../../../lib/connections/connection-types.ts";
import { createConnection, deleteConnection, updateConnection } from "../../../../lib/connections/connections.server.ts";
import { testConnection } from "../../../../lib/connections/test-connection.server.ts";
import { getDb } from "../../../../lib/db/client.ts";
import type { ActionResult } from "../../../../lib/flows/action-result.ts";

const ADMIN = ["ADMIN"] as const;

export async function createConnectionAction(input: unknown): Promise<ActionResult<ConnectionView>> {
  return guardedAction({ name: "createConnection", roles: ADMIN, schema: ZCreateConnection }, input, async (actor, data) => {
    const view = await createConnection(getDb(), actor, data);
    revalidatePath("/environments");
    return view;
  });
}

export async function updateConnectionAction(input: unknown): Promise<ActionResult<ConnectionView>> {
  return guardedAction({ name: "updateConnection", roles: ADMIN, schema: ZUpdateConnection }, input, async (actor, data) => {
    const view = await updateConnection(getDb(), actor, data);
    revalidatePath("/environments");
    return view;
  });
}

export async function deleteConnectionAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return guardedAction({ name: "deleteConnection", roles: ADMIN, schema: ZConnectionId }, input, async (actor, data) => {
    const result = await deleteConnection(getDb(), actor, data);
    revalidatePath("/environments");
    return result;
  });
}

export async function testConnectionAction(input: unknown): Promise<ActionResult<ConnectionTestResult>> {
  return guardedAction({ name: "testConnection", roles: ADMIN, schema: ZConnectionId }, input, async (actor, data) => {
    const result = await testConnection(getDb(), actor, data);
    revalidatePath("/environments");
    return result;
  });
}
