"use server";

// The flow page's trigger actions (components/flows/triggers-panel.tsx). Server actions are public
// POST endpoints: each checks the role first, then parses its input with zod, then calls
// lib/triggers. Every outcome is an ActionResult value (lib/flows/action-result.ts).
//   rotateTriggerSecretAction  ADMIN: a new webhook secret, returned this once (never again)
//   runNowAction               ANALYST or ADMIN: a LIVE run of a manually started flow
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireRole } from "../../../../lib/auth/guard.server.ts";
import type { Role } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { isAppError } from "../../../../lib/errors.ts";
import { appErrorToResult, zodIssuesToFields, type ActionResult } from "../../../../lib/flows/action-result.ts";
import { isDatabaseUnavailable } from "../../../../lib/http/route.server.ts";
import { logger } from "../../../../lib/log.ts";
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

async function act<S extends z.ZodType, T>(
  name: string,
  roles: Role[],
  schema: S,
  input: unknown,
  body: (actor: { id: string; email: string }, data: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  let actorId: string | undefined;
  try {
    const actor = await requireRole(...roles);
    actorId = actor.id;
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { ok: false, code: "VALIDATION", message: "Check the highlighted fields.", fields: zodIssuesToFields(parsed.error.issues) };
    return { ok: true, data: await body(actor, parsed.data) };
  } catch (error) {
    if (isAppError(error)) return appErrorToResult(error);
    if (isDatabaseUnavailable(error)) return { ok: false, code: "UNAVAILABLE", message: "The database cannot be reached right now. Try again in a moment." };
    const eventId = randomUUID().slice(0, 8);
    logger.error({ err: error, eventId, action: name, actorId }, "trigger action failed");
    return { ok: false, code: "INTERNAL", message: `Something went wrong on our side. Try again in a moment (reference ${eventId}).` };
  }
}
