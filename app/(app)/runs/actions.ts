"use server";

// The runs console's server actions: replay, cancel and discard, one run or many. Server actions are
// public POST endpoints: each checks the role first (ANALYST or ADMIN, the runs section), parses its
// input with zod whatever the browser sent, then calls the engine's control functions, which lock
// each run, act on it and audit it in one transaction. Runs that cannot take the action (a
// succeeded run cannot be discarded...) come back as `skipped` with the reason, never as a failure
// of the whole batch.
import type { z } from "zod";
import { guardedAction } from "../../../lib/actions/guarded-action.server.ts";
import type { SessionUser } from "../../../lib/auth/sign-in.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";
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

// Every run action: analysts and admins (the runs section).
function act<S extends z.ZodType, T>(name: string, schema: S, input: unknown, body: (actor: SessionUser, data: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  return guardedAction({ name, roles: ["ANALYST", "ADMIN"], schema }, input, body);
}
