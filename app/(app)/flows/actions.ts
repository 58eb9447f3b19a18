"use server";

// The flow designer's server actions. Server actions are public POST endpoints: each checks the
// role first (ANALYST or ADMIN edit flows; APPROVER only reads, through pages and GET routes),
// then parses its input with zod whatever the browser sent, then calls lib/flows.
//
// The editor calls them from React Query mutations with plain objects, so every outcome is an
// ActionResult value (lib/flows/action-result.ts), refusals by the guard included: expected errors
// carry their code and message (plus fields, issues or the conflicting draft); anything else is
// logged with a reference the user can quote, and the browser gets a generic message.
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { guardedAction } from "../../../lib/actions/guarded-action.server.ts";
import type { SessionUser } from "../../../lib/auth/sign-in.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import { AppError } from "../../../lib/errors.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";
import type { TFlowDefinition } from "../../../lib/flows/definition.ts";
import { saveDraft, type SavedDraft } from "../../../lib/flows/drafts.server.ts";
import { archiveFlow, createFlow, duplicateFlow, renameFlow, unarchiveFlow } from "../../../lib/flows/flows.server.ts";
import {
  parseDefinitionShape, ZCreateFlow, ZDuplicateFlow, ZFlowRef, ZImportFlow, ZPublishFlow, ZRenameFlow, ZRestoreVersion, ZSaveDraft,
} from "../../../lib/flows/flow-schemas.ts";
import { importFlow, type ImportedFlow } from "../../../lib/flows/import-export.server.ts";
import { publishFlow, restoreVersion, type PublishedVersion } from "../../../lib/flows/versions.server.ts";

type Empty = Record<string, never>;

/** { name, description? } -> the new flow's id and slug (its draft is an empty canvas). */
export async function createFlowAction(input: unknown): Promise<ActionResult<{ id: string; slug: string }>> {
  return act("createFlow", ZCreateFlow, input, async (actor, data) => {
    const flow = await createFlow(getDb(), actor, data);
    revalidatePath("/flows");
    return flow;
  });
}

/** { flowId, name, description? } (the slug stays: it is part of webhook URLs). */
export async function renameFlowAction(input: unknown): Promise<ActionResult<Empty>> {
  return act("renameFlow", ZRenameFlow, input, async (actor, data) => {
    await renameFlow(getDb(), actor, data);
    revalidatePath("/flows");
    return {};
  });
}

/** { flowId, name? } -> a new flow with a copy of the draft, named "<name> (copy)" by default. */
export async function duplicateFlowAction(input: unknown): Promise<ActionResult<{ id: string; slug: string; name: string }>> {
  return act("duplicateFlow", ZDuplicateFlow, input, async (actor, data) => {
    const flow = await duplicateFlow(getDb(), actor, data);
    revalidatePath("/flows");
    return flow;
  });
}

/** { flowId }: read-only from now on; versions, releases and runs stay. */
export async function archiveFlowAction(input: unknown): Promise<ActionResult<Empty>> {
  return act("archiveFlow", ZFlowRef, input, async (actor, data) => {
    await archiveFlow(getDb(), actor, data.flowId);
    revalidatePath("/flows");
    return {};
  });
}

/** { flowId }: unarchive (refused with a "name" field when an active flow took the name meanwhile). */
export async function restoreArchivedFlowAction(input: unknown): Promise<ActionResult<Empty>> {
  return act("restoreArchivedFlow", ZFlowRef, input, async (actor, data) => {
    await unarchiveFlow(getDb(), actor, data.flowId);
    revalidatePath("/flows");
    return {};
  });
}

/**
 * { flowId, baseRevision, definition } -> the new revision. The definition must be well-formed (not
 * necessarily a valid graph). Someone else saved first -> code CONFLICT with `conflict` (their draft).
 * No revalidatePath: autosaves are frequent and the editor holds the state.
 */
export async function saveDraftAction(input: unknown): Promise<ActionResult<SavedDraft>> {
  return act("saveDraft", ZSaveDraft, input, async (actor, data) => {
    const shape = parseDefinitionShape(data.definition);
    if (!shape.ok) throw new AppError("VALIDATION", shape.message, shape.fields);
    return saveDraft(getDb(), actor, data.flowId, data.baseRevision, shape.definition);
  });
}

/** { flowId, baseRevision, note } -> the new version. Refusals: INVALID (issues), UNCHANGED, CONFLICT. */
export async function publishFlowAction(input: unknown): Promise<ActionResult<PublishedVersion>> {
  return act("publishFlow", ZPublishFlow, input, async (actor, data) => {
    const version = await publishFlow(getDb(), actor, data);
    revalidatePath("/flows");
    return version;
  });
}

/** { flowId, number, baseRevision } -> the draft's new revision, now holding version `number`. */
export async function restoreVersionAction(input: unknown): Promise<ActionResult<{ revision: number; updatedAt: string; definition: TFlowDefinition }>> {
  return act("restoreVersion", ZRestoreVersion, input, async (actor, data) => restoreVersion(getDb(), actor, data));
}

/**
 * { json, name? } -> a new flow from a flow file. Malformed files: code INVALID with `issues` and
 * `fields` located exactly ("definition.nodes[3].config.script", "line 4, column 7"); graph and
 * config problems do not block the import and come back as `warnings`.
 */
export async function importFlowAction(input: unknown): Promise<ActionResult<ImportedFlow>> {
  return act("importFlow", ZImportFlow, input, async (actor, data) => {
    const flow = await importFlow(getDb(), actor, data);
    revalidatePath("/flows");
    return flow;
  });
}

// Every flow change: analysts and admins (approvers read flows only).
function act<S extends z.ZodType, T>(name: string, schema: S, input: unknown, body: (actor: SessionUser, data: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  return guardedAction({ name, roles: ["ANALYST", "ADMIN"], schema }, input, body);
}
