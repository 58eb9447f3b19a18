"use server";

// Promotion, rollback, request decisions, environment admin and bundles (issue 7). Server actions
// are public POST endpoints: guardedAction checks the role (ADMIN) first, then parses the input.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardedAction } from "../../../lib/actions/guarded-action.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import type { ActionResult } from "../../../lib/flows/action-result.ts";
import type { BundlePreview } from "../../../lib/bundles/bundle.ts";
import { importBundle, previewBundle, trustKey, untrustKey, ZImportBundle, ZTrustKey } from "../../../lib/bundles/bundles.server.ts";
import { approveRequest, cancelRequest, rejectRequest } from "../../../lib/promotion/decide.server.ts";
import { addEnvironment, moveEnvironment, updateEnvironment, ZAddEnvironment, ZMoveEnvironment, ZUpdateEnvironment } from "../../../lib/promotion/environments.server.ts";
import { promote, type PromoteOutcome } from "../../../lib/promotion/promote.server.ts";
import { rollback } from "../../../lib/promotion/rollback.server.ts";

const ADMIN = ["ADMIN"] as const;

const ZPromote = z.object({
  flowId: z.uuid("Choose a flow"),
  versionId: z.uuid("Choose a version"),
  environmentId: z.uuid("Choose an environment"),
  note: z.string().trim().max(500, "Keep the note under 500 characters").default(""),
});
const ZRollback = z.object({ flowId: z.uuid("Choose a flow"), environmentId: z.uuid("Choose an environment"), reason: z.string().trim().max(500, "Keep the reason under 500 characters").default("") });
const ZRequest = z.object({ requestId: z.uuid("Choose a request") });
const ZApprove = ZRequest.extend({ comment: z.string().trim().max(1000, "Keep the comment under 1000 characters").default("") });
const ZReject = ZRequest.extend({ comment: z.string().trim().min(1, "Say why you reject it: the requester reads this").max(1000, "Keep the comment under 1000 characters") });

function refresh() {
  revalidatePath("/environments", "layout");
  revalidatePath("/inbox");
}

export async function promoteAction(input: unknown): Promise<ActionResult<PromoteOutcome>> {
  return guardedAction({ name: "promote", roles: ADMIN, schema: ZPromote }, input, async (actor, data) => {
    const outcome = await promote(getDb(), actor, data);
    refresh();
    return outcome;
  });
}

export async function rollbackAction(input: unknown): Promise<ActionResult<{ versionNumber: number; environmentName: string }>> {
  return guardedAction({ name: "rollback", roles: ADMIN, schema: ZRollback }, input, async (actor, data) => {
    const result = await rollback(getDb(), actor, data);
    refresh();
    return result;
  });
}

export async function approveRequestAction(input: unknown): Promise<ActionResult<{ versionNumber: number; environmentName: string }>> {
  return guardedAction({ name: "approvePromotion", roles: ADMIN, schema: ZApprove }, input, async (actor, data) => {
    const result = await approveRequest(getDb(), actor, { requestId: data.requestId, comment: data.comment || undefined });
    refresh();
    return result;
  });
}

export async function rejectRequestAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "rejectPromotion", roles: ADMIN, schema: ZReject }, input, async (actor, data) => {
    await rejectRequest(getDb(), actor, data);
    refresh();
    return null;
  });
}

export async function cancelRequestAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "cancelPromotion", roles: ADMIN, schema: ZRequest }, input, async (actor, data) => {
    await cancelRequest(getDb(), actor, data);
    refresh();
    return null;
  });
}

export async function addEnvironmentAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return guardedAction({ name: "addEnvironment", roles: ADMIN, schema: ZAddEnvironment }, input, async (actor, data) => {
    const result = await addEnvironment(getDb(), actor, data);
    refresh();
    return result;
  });
}

export async function updateEnvironmentAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "updateEnvironment", roles: ADMIN, schema: ZUpdateEnvironment }, input, async (actor, data) => {
    await updateEnvironment(getDb(), actor, data);
    refresh();
    return null;
  });
}

export async function moveEnvironmentAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "moveEnvironment", roles: ADMIN, schema: ZMoveEnvironment }, input, async (actor, data) => {
    await moveEnvironment(getDb(), actor, data);
    refresh();
    return null;
  });
}

export async function trustKeyAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return guardedAction({ name: "trustKey", roles: ADMIN, schema: ZTrustKey }, input, async (actor, data) => {
    const result = await trustKey(getDb(), actor, data);
    refresh();
    return result;
  });
}

export async function untrustKeyAction(input: unknown): Promise<ActionResult<null>> {
  return guardedAction({ name: "untrustKey", roles: ADMIN, schema: z.object({ trustedKeyId: z.uuid("Choose a key") }) }, input, async (actor, data) => {
    await untrustKey(getDb(), actor, data);
    refresh();
    return null;
  });
}

export async function previewBundleAction(input: unknown): Promise<ActionResult<BundlePreview>> {
  return guardedAction({ name: "previewBundle", roles: ADMIN, schema: ZImportBundle.pick({ json: true }) }, input, async (_actor, data) => previewBundle(getDb(), data.json));
}

export async function importBundleAction(input: unknown): Promise<ActionResult<{ flowId: string; slug: string; created: boolean; numbers: number[] }>> {
  return guardedAction({ name: "importBundle", roles: ADMIN, schema: ZImportBundle }, input, async (actor, data) => {
    const result = await importBundle(getDb(), actor, data);
    revalidatePath("/flows");
    refresh();
    return result;
  });
}
