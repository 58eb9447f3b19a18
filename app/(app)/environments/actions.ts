"use server";

// Environment settings changed from the Environments page. Server actions are public POST
// endpoints: the role is checked first (ADMIN), then the input is parsed with zod whatever the
// browser sent. Every outcome is an ActionResult value (lib/flows/action-result.ts), refusals by
// the guard included, so the page's React Query mutation can show the message.
import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { requireRole } from "../../../lib/auth/guard.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import { isAppError } from "../../../lib/errors.ts";
import { appErrorToResult, zodIssuesToFields, type ActionResult } from "../../../lib/flows/action-result.ts";
import { logger } from "../../../lib/log.ts";
import { setPrivateNetwork, ZSetPrivateNetwork } from "./private-network.server.ts";

/** { environmentId, allow }: let HTTP steps of this environment call private network addresses, or not. */
export async function setPrivateNetworkAction(input: unknown): Promise<ActionResult<{ allowPrivateNetwork: boolean }>> {
  let actorId: string | undefined;
  try {
    const actor = await requireRole("ADMIN");
    actorId = actor.id;
    const parsed = ZSetPrivateNetwork.safeParse(input);
    if (!parsed.success) return { ok: false, code: "VALIDATION", message: "This request was not understood. Reload the page and try again.", fields: zodIssuesToFields(parsed.error.issues) };
    const data = await setPrivateNetwork(getDb(), actor, parsed.data);
    revalidatePath("/environments");
    return { ok: true, data };
  } catch (error) {
    if (isAppError(error)) return appErrorToResult(error);
    const eventId = randomUUID().slice(0, 8);
    logger.error({ err: error, eventId, action: "setPrivateNetwork", actorId }, "environment action failed");
    return { ok: false, code: "INTERNAL", message: `Something went wrong on our side. Try again in a moment (reference ${eventId}).` };
  }
}
