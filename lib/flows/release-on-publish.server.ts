// Publishing can put the new version straight into the first environment (Development), where
// analysts try flows with real triggers. Only there: later environments move forward by promotion
// (admins, with gates). The release is refused, with the reason, when that environment is protected
// or lacks a connection the version names; the version is published either way.
import type { DbTx } from "../db/client.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { ensureTriggerSecretsForRelease } from "../triggers/trigger-secrets.server.ts";
import type { TFlowDefinition } from "./definition.ts";
import { definitionConnections } from "./definition-connections.ts";
import { auditActor, type Actor } from "./flows.server.ts";

export type PublishRelease = { released: { environmentKey: string; environmentName: string } | null; releaseProblem: string | null };

export async function releaseToFirstEnvironment(tx: DbTx, actor: Actor, version: { flowId: string; versionId: string; number: number; definition: TFlowDefinition }): Promise<PublishRelease> {
  const environment = await tx.environment.findFirst({ orderBy: { position: "asc" }, select: { id: true, key: true, name: true, protected: true } });
  if (!environment) return { released: null, releaseProblem: "There is no environment to release to." };
  if (environment.protected) return { released: null, releaseProblem: `${environment.name} is protected: versions reach it by promotion.` };
  const missing = await missingConnections(tx, environment.id, version.definition);
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(", ");
    return { released: null, releaseProblem: `${environment.name} has no connection ${list}; an admin can add ${missing.length === 1 ? "it" : "them"} on the Environments page.` };
  }
  const now = new Date();
  const previous = await tx.release.findUnique({ where: { environmentId_flowId: { environmentId: environment.id, flowId: version.flowId } }, select: { versionId: true } });
  await tx.release.upsert({
    where: { environmentId_flowId: { environmentId: environment.id, flowId: version.flowId } },
    create: { environmentId: environment.id, flowId: version.flowId, versionId: version.versionId, releasedAt: now },
    update: { versionId: version.versionId, releasedAt: now },
  });
  await tx.releaseHistory.create({
    data: { environmentId: environment.id, flowId: version.flowId, versionId: version.versionId, action: "promote", releasedById: actor.id, note: `Released on publishing v${version.number}` },
  });
  await ensureTriggerSecretsForRelease(tx, { environmentId: environment.id, flowId: version.flowId, definition: version.definition }, actor);
  await appendAudit(tx, {
    ...auditActor(actor), action: "flow.released", subjectType: "flow", subjectId: version.flowId,
    before: { environment: environment.key, versionId: previous?.versionId ?? null }, after: { environment: environment.key, versionId: version.versionId, number: version.number },
  });
  return { released: { environmentKey: environment.key, environmentName: environment.name }, releaseProblem: null };
}

async function missingConnections(tx: DbTx, environmentId: string, definition: TFlowDefinition): Promise<string[]> {
  const named = [...definitionConnections(definition)];
  if (named.length === 0) return [];
  const present = await tx.connection.findMany({ where: { environmentId, name: { in: named } }, select: { name: true } });
  const have = new Set(present.map((row) => row.name));
  return named.filter((name) => !have.has(name)).sort();
}
