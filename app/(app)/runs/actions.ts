"use server";

// The runs console's server actions: replay, cancel and discard, one run or many. Server actions are
// public POST endpoints: each checks the role first (ANALYST or ADMIN, the runs section), parses its
// input with zod whatever the browser sent, then calls the engine's control functions, which lock
// each run, act on it and audit it in one transaction. Runs that cannot take the action (a
// succeeded run cannot be discarded...) come back as `skipped` with the reason, never as a failure
// of the whole batch.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { requireRole } from "../../../lib/auth/guard.server.ts";
import type { SessionUser } from "../../../lib/auth/sign-in.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import { isAppError } from "../../../lib/errors.ts";
import { appErrorToResult, zodIssuesToFields, type ActionResult } from "../../../lib/flows/action-result.ts";
import { logger } from "../../../lib/log.ts";
import { ZReplayRuns, ZRunIds, type BulkOutcome } from "../../../lib/runs/run-actions.ts";
import { cancelRuns, discardRuns, replayRuns } from "../../../runtime/engine/control.server.ts";

/** { runIds, from: "failed" | "start", input? } -> which runs were replayed (input: one run only). */
export async function replayRunsAction(input: unknown): Promise<ActionResult<BulkOutcome>> {
  return act("replayRuns", ZReplayRuns, input, (actor, data) =>
    replayRuns(getDb(), { runIds: data.runIds, from: data.from, ...(data.input !== undefined ? { input: data.input } : {}), actor }),
  );
}

/** { runIds } -> which queued, running or waiting runs were cancelled. */
export async function cancelRunsAction(input: unknown): Promise<ActionResult<BulkOutcome>> {
  return act("cancelRuns", ZRunIds, input, (actor, data) => cancelRuns(getDb(), { runIds: data.runIds, actor }));
}

/** { runIds } -> which failed runs were discarded (they leave the dead letters). */
export async function discardRunsAction(input: unknown): Promise<ActionResult<BulkOutcome>> {
  return act("discardRuns", ZRunIds, input, (actor, data) => discardRuns(getDb(), { runIds: data.runIds, actor }));
}

// Guard, parse, run, and turn every outcome into an ActionResult.
async function act<S extends z.ZodType, T>(name: string, schema: S, input: unknown, body: (actor: SessionUser, data: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  let actorId: string | undefined;
  try {
    const actor = await requireRole("ANALYST", "ADMIN");
    actorId = actor.id;
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fields = zodIssuesToFields(parsed.error.issues);
      return { ok: false, code: "VALIDATION", message: fields[0] ? `${fields[0].message} (${fields[0].path}).` : "The request was not understood.", fields };
    }
    return { ok: true, data: await body(actor, parsed.data) };
  } catch (error) {
    if (isAppError(error)) return appErrorToResult(error);
    const eventId = randomUUID().slice(0, 8);
    logger.error({ err: error, eventId, action: name, actorId }, "run action failed");
    return { ok: false, code: "INTERNAL", message: `Something went wrong on our side. Try again in a moment (reference ${eventId}).` };
  }
}
