// The one way a version lands in an environment: publish (first environment), promote, approve and
// rollback all call releaseVersion inside their transaction. Triggers read the Release row at
// request/tick time (runtime/engine/releases.server.ts), so switching it switches webhooks,
// schedules and Odoo polling at once; runs already going keep the versionId they started with.
import type { DbTx } from "../db/client.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { definitionConnections } from "../flows/definition-connections.ts";
import type { Actor } from "../flows/flows.server.ts";
import { ensureTriggerSecretsForRelease } from "../triggers/trigger-secrets.server.ts";

export type ReleaseAction = "publish" | "promote" | "rollback";

export type ReleaseInput = {
  environmentId: string;
  flowId: string;
  version: { id: string; definition: TFlowDefinition };
  action: ReleaseAction;
  note: string;
  requestId?: string | null;
};

/** Points the environment's release of the flow at the version and records it. -> what ran before (null: nothing). */
export async function releaseVersion(tx: DbTx, actor: Actor, input: ReleaseInput): Promise<{ previousVersionId: string | null }> {
  const key = { environmentId_flowId: { environmentId: input.environmentId, flowId: input.flowId } };
  // FOR UPDATE: two releases of one flow into one environment apply one after the other.
  const locked = await tx.$queryRaw<{ versionId: string }[]>`
    SELECT "versionId" FROM "Release" WHERE "environmentId" = ${input.environmentId}::uuid AND "flowId" = ${input.flowId}::uuid FOR UPDATE`;
  const previousVersionId = locked[0]?.versionId ?? null;
  const now = new Date();
  await tx.release.upsert({
    where: key,
    create: { environmentId: input.environmentId, flowId: input.flowId, versionId: input.version.id, releasedAt: now },
    update: { versionId: input.version.id, releasedAt: now },
  });
  await tx.releaseHistory.create({
    data: {
      environmentId: input.environmentId, flowId: input.flowId, versionId: input.version.id, action: input.action, releasedById: actor.id,
      note: input.note, previousVersionId, requestId: input.requestId ?? null, createdAt: now,
    },
  });
  await ensureTriggerSecretsForRelease(tx, { environmentId: input.environmentId, flowId: input.flowId, definition: input.version.definition }, actor);
  return { previousVersionId };
}

/** Connection names the definition uses that the environment lacks, sorted (gate a). */
export async function missingConnections(tx: DbTx, environmentId: string, definition: TFlowDefinition): Promise<string[]> {
  const named = [...definitionConnections(definition)];
  if (named.length === 0) return [];
  const present = await tx.connection.findMany({ where: { environmentId, name: { in: named } }, select: { name: true } });
  const have = new Set(present.map((row) => row.name));
  return named.filter((name) => !have.has(name)).sort();
}

/** "has no connection "a", "b"" phrasing shared by publish, promote and approve. */
export function missingConnectionsMessage(environmentName: string, missing: readonly string[]): string {
  const list = missing.map((name) => `"${name}"`).join(", ");
  return `${environmentName} has no connection ${list}; an admin can add ${missing.length === 1 ? "it" : "them"} on the Environments page.`;
}
