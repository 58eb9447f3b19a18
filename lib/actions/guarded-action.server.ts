// The one way JSON server actions run: check the caller's role first, parse the input with zod
// whatever the browser sent, run the body, and turn every outcome into an ActionResult value the UI
// shows (validation fields, AppError messages, "database unavailable", or a generic message with
// a reference that is logged with the error). Server actions are public POST endpoints, so this is
// called on the first line of each one.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { requireRole } from "../auth/guard.server.ts";
import type { Role } from "../auth/roles.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import { isAppError } from "../errors.ts";
import { appErrorToResult, zodIssuesToFields, type ActionResult } from "../flows/action-result.ts";
import { isDatabaseUnavailable } from "../http/route.server.ts";
import { logger } from "../log.ts";

export type GuardedAction<S extends z.ZodType> = { name: string; roles: readonly Role[]; schema: S };

export async function guardedAction<S extends z.ZodType, T>(
  action: GuardedAction<S>,
  input: unknown,
  body: (actor: SessionUser, data: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  let actorId: string | undefined;
  try {
    const actor = await requireRole(...action.roles);
    actorId = actor.id;
    const parsed = action.schema.safeParse(input);
    if (!parsed.success) {
      const fields = zodIssuesToFields(parsed.error.issues);
      const message = fields.length === 1 && fields[0] ? `${fields[0].message} (${fields[0].path}).` : "Check the highlighted fields.";
      return { ok: false, code: "VALIDATION", message, fields };
    }
    return { ok: true, data: await body(actor, parsed.data) };
  } catch (error) {
    if (isAppError(error)) return appErrorToResult(error);
    if (isDatabaseUnavailable(error)) return { ok: false, code: "UNAVAILABLE", message: "The database cannot be reached right now. Try again in a moment." };
    const eventId = randomUUID().slice(0, 8);
    logger.error({ err: error, eventId, action: action.name, actorId }, "server action failed");
    return { ok: false, code: "INTERNAL", message: `Something went wrong on our side. Try again in a moment (reference ${eventId}).` };
  }
}
