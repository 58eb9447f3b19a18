// Webhook trigger secrets: one per (environment, flow, webhook node), random, stored encrypted in
// TriggerSecret (lib/secrets, bound to its row so a ciphertext cannot be moved to another trigger).
// The same secret keys the HMAC signature or is the bearer token, per the node's `auth`.
// Created when a version with a webhook trigger is released to an environment (the release code
// calls ensureTriggerSecretsForRelease in its transaction) or by an admin's "Rotate secret", which
// is the only time the plain secret leaves the server: returned once, never stored in clear, never
// shown again. A rotation replaces the secret at once; the old one stops working immediately.
import { randomBytes } from "node:crypto";
import { appendAudit } from "../audit/audit.server.ts";
import type { Db, DbTx } from "../db/client.ts";
import type { Sql } from "../../runtime/engine/sql.ts";
import { AppError } from "../errors.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { decryptSecret, encryptSecret } from "../secrets/crypto.server.ts";
import type { z } from "zod";
import type { ZWebhookTriggerConfig } from "../../nodes/webhook-trigger/definition.ts";
import type { RotatedSecret } from "./panel-types.ts";
import { releasedTrigger, webhookUrl } from "./released-trigger.server.ts";

type WebhookConfig = z.output<typeof ZWebhookTriggerConfig>;

export type TriggerRef = { environmentId: string; flowId: string; nodeId: string };
export type TriggerSecretActor = { id: string; email: string };

const PREFIX = "mwhs_";

/** A fresh secret: "mwhs_" and 32 random bytes (base64url), so it is recognisable in a leak scan. */
export function newTriggerSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64url")}`;
}

const context = (ref: TriggerRef) => `trigger-secret:${ref.environmentId}:${ref.flowId}:${ref.nodeId}`;

/** The plain secret (server-side use only: verifying a request), or null when none was issued. */
export async function readTriggerSecret(sql: Sql, ref: TriggerRef): Promise<string | null> {
  const rows = await sql.query<{ secretEncrypted: string }>(
    `SELECT "secretEncrypted" FROM "TriggerSecret" WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3`,
    [ref.environmentId, ref.flowId, ref.nodeId],
  );
  const sealed = rows[0]?.secretEncrypted;
  return sealed ? decryptSecret<string>(sealed, { context: context(ref) }) : null;
}

/** Whether a secret exists and when it was made (what the flow page may show; never the secret). */
export async function triggerSecretStatus(db: Db | DbTx, ref: TriggerRef): Promise<{ createdAt: Date; rotatedAt: Date | null } | null> {
  return db.triggerSecret.findUnique({ where: { environmentId_flowId_nodeId: ref }, select: { createdAt: true, rotatedAt: true } });
}

/** Creates the secret unless one exists; true when it was created now. Call inside the caller's transaction. */
export async function ensureTriggerSecret(tx: DbTx, ref: TriggerRef, actor: TriggerSecretActor | null = null): Promise<boolean> {
  const created = await tx.triggerSecret.createMany({
    data: [{ ...ref, secretEncrypted: encryptSecret(newTriggerSecret(), { context: context(ref) }) }],
    skipDuplicates: true,
  });
  if (created.count === 0) return false;
  await appendAudit(tx, {
    actorId: actor?.id ?? null, actorLabel: actor?.email ?? "system (release)",
    action: "trigger_secret.created", subjectType: "flow", subjectId: ref.flowId,
    after: { environmentId: ref.environmentId, nodeId: ref.nodeId },
  });
  return true;
}

/**
 * For a release: a secret for each webhook trigger of `definition` that authenticates (hmac or
 * bearer) and has none yet in the environment. Call it in the transaction that moves the release.
 */
export async function ensureTriggerSecretsForRelease(tx: DbTx, release: { environmentId: string; flowId: string; definition: TFlowDefinition }, actor: TriggerSecretActor | null = null): Promise<number> {
  let created = 0;
  for (const node of release.definition.nodes) {
    if (node.kind !== "webhook-trigger" || node.config.auth === "none") continue;
    if (await ensureTriggerSecret(tx, { environmentId: release.environmentId, flowId: release.flowId, nodeId: node.id }, actor)) created += 1;
  }
  return created;
}

/** A new secret replacing the old one (or the first one), audited; the plain secret is returned this once. */
export async function rotateTriggerSecret(db: Db, actor: TriggerSecretActor, ref: TriggerRef): Promise<{ secret: string; rotatedAt: Date }> {
  const secret = newTriggerSecret();
  const secretEncrypted = encryptSecret(secret, { context: context(ref) });
  const rotatedAt = new Date();
  await db.$transaction(async (tx) => {
    const before = await tx.triggerSecret.findUnique({ where: { environmentId_flowId_nodeId: ref }, select: { createdAt: true, rotatedAt: true } });
    await tx.triggerSecret.upsert({
      where: { environmentId_flowId_nodeId: ref },
      create: { ...ref, secretEncrypted, createdAt: rotatedAt },
      update: { secretEncrypted, rotatedAt },
    });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.email,
      action: "trigger_secret.rotated", subjectType: "flow", subjectId: ref.flowId,
      before: before ? { createdAt: before.createdAt.toISOString(), rotatedAt: before.rotatedAt?.toISOString() ?? null } : null,
      after: { environmentId: ref.environmentId, nodeId: ref.nodeId, rotatedAt: rotatedAt.toISOString() },
    });
  });
  return { secret, rotatedAt };
}

/** "Rotate secret" on the flow page: the webhook trigger of the flow's release in that environment gets a new secret. */
export async function rotateWebhookSecret(db: Db, actor: TriggerSecretActor, request: { flowId: string; environmentId: string; origin: string }): Promise<RotatedSecret> {
  const release = await releasedTrigger(db, request.flowId, request.environmentId);
  const trigger = release.trigger;
  if (!trigger || trigger.kind !== "webhook-trigger" || trigger.configError) {
    throw new AppError("CONFLICT", `v${release.version.number} in ${release.environment.name} is not started by a webhook.`);
  }
  const config = trigger.config as WebhookConfig;
  if (config.auth === "none") {
    throw new AppError("CONFLICT", "This webhook does not authenticate requests (Authentication: None), so it has no secret. Choose HMAC or bearer in the flow and release it again.");
  }
  const { secret, rotatedAt } = await rotateTriggerSecret(db, actor, { environmentId: release.environment.id, flowId: release.flow.id, nodeId: trigger.nodeId });
  return {
    secret, rotatedAt: rotatedAt.toISOString(), url: webhookUrl(release.environment, release.flow.slug, request.origin),
    method: config.method, auth: config.auth, signatureHeader: config.signatureHeader, timestampHeader: config.timestampHeader,
    idempotencyHeader: config.idempotency.source === "header" ? config.idempotency.header : null,
    exampleBody: exampleBody(config.bodyFormat, trigger.sample),
  };
}

// The pinned sample's body when it is small JSON; otherwise an empty object (or nothing for text/form).
function exampleBody(format: WebhookConfig["bodyFormat"], sample: unknown): string {
  const body = (sample as { body?: unknown } | null | undefined)?.body;
  if (format === "json") {
    const text = body === undefined ? "" : JSON.stringify(body);
    return text && text.length <= 4000 ? text : "{}";
  }
  return typeof body === "string" && body.length <= 4000 ? body : "";
}
