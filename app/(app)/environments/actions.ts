"use server";

// Environment settings changed from the Environments page. Server actions are public POST
// endpoints: the role is checked first (ADMIN), then the input is parsed with zod whatever the
// browser sent. Every outcome is an ActionResult value (lib/flows/action-result.ts), refusals by
// the guard included, so the page's React Query mutation can show the message.
import { revalidatePath } from "next/cache";
import { guardedAction } from "../../../lib/actions/guarded-action.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";
import { setPrivateNetwork, ZSetPrivateNetwork } from "./private-network.server.ts";

/** { environmentId, allow }: let HTTP steps of this environment call private network addresses, or not. */
export async function setPrivateNetworkAction(input: unknown): Promise<ActionResult<{ allowPrivateNetwork: boolean }>> {
  return guardedAction({ name: "setPrivateNetwork", roles: ["ADMIN"], schema: ZSetPrivateNetwork }, input, async (actor, data) => {
    const result = await setPrivateNetwork(getDb(), actor, data);
    revalidatePath("/environments");
    return result;
  });
}
