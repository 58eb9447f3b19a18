"use server";

// The flow page's trigger actions (components/flows/triggers-panel.tsx). Server actions are public
// POST endpoints: each checks the role first, then parses its input with zod, then calls
// lib/triggers. Every outcome is an ActionResult value (lib/flows/action-result.ts).
//   rotateTriggerSecretAction  ADMIN: a new webhook secret, returned this once (never again)
//   runNowAction               ANALYST or ADMIN: a LIVE run of a manually started flow
import { z } from "zod";
import { guardedAction } from "../../../../lib/actions/guarded-action.server.ts";
import type { SessionUser } from "../../../../lib/auth/sign-in.server.ts";
import type { Role } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import type { ActionResult } from "../../../../lib/flows/action-result.ts";
import { startManualRun } from "../../../../lib/triggers/manual-start.server.ts";
import type { RotatedSecret } from "../../../../lib/triggers/panel-types.ts";
import { rotateWebhookSecret } from "../../../../lib/triggers/trigger-secrets.server.ts";
import { requestOrigin } from "../../../../lib/triggers/triggers-panel.server.ts";

const ZTriggerRef = z.object({ flowId: z.uuid("Unknown flow"), environmentId: z.uuid("Unknown environment") });
const ZRunNow = ZTriggerRef.extend({ input: z.unknown() });

/** { flowId, environmentId } -> the new secret and how to call the webhook with it. */
export async function rotateTriggerSecretAction(input: unknown): Promise<ActionResult<RotatedSecret>> {
  return act("rotateTriggerSecret", ["ADMIN"], ZTriggerRef, input, async (actor, data) =>
    rotateWebhookSecret(getDb(), actor, { ...data, origin: await requestOrigin() }),
  );
}

/** { flowId, environmentId, input } -> the started run's id. Input not matching the schema: VALIDATION with fields. */
export async function runNowAction(input: unknown): Promise<ActionResult<{ runId: string }>> {
  return act("runNow", ["ANALYST", "ADMIN"], ZRunNow, input, (actor, data) => startManualRun(getDb(), actor, data));
}

// Guard, parse and run (lib/actions/guarded-action.server.ts).
function act<S extends z.ZodType, T>(name: string, roles: readonly Role[], schema: S, input: unknown, body: (actor: SessionUser, data: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  return guardedAction({ name, roles, schema }, input, body);
}
