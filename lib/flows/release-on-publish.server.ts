// Publishing can put the new version straight into the first environment (Development), where
// analysts try flows with real triggers. Only there: later environments move forward by promotion
// (admins, with gates). The release is refused, with the reason, when that environment is protected
// or lacks a connection the version names; the version is published either way.
import type { DbTx } from "../db/client.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { missingConnections, missingConnectionsMessage, releaseVersion } from "../promotion/release.server.ts";
import type { TFlowDefinition } from "./definition.ts";
import { auditActor, type Actor } from "./flows.server.ts";

export type PublishRelease = { released: { environmentKey: string; environmentName: string } | null; releaseProblem: string | null };

export async function releaseToFirstEnvironment(tx: DbTx, actor: Actor, version: { flowId: string; versionId: string; number: number; definition: TFlowDefinition }): Promise<PublishRelease> {
  const environment = await tx.environment.findFirst({ orderBy: { position: "asc" }, select: { id: true, key: true, name: true, protected: true } });
  if (!environment) return { released: null, releaseProblem: "There is no environment to release to." };
  if (environment.protected) return { released: null, releaseProblem: `${environment.name} is protected: versions reach it by promotion.` };
  const missing = await missingConnections(tx, environment.id, version.definition);
  if (missing.length > 0) return { released: null, releaseProblem: missingConnectionsMessage(environment.name, missing) };
  const { previousVersionId } = await releaseVersion(tx, actor, {
    environmentId: environment.id, flowId: version.flowId, version: { id: version.versionId, definition: version.definition },
    action: "publish", note: `Released on publishing v${version.number}`,
  });
  await appendAudit(tx, {
    ...auditActor(actor), action: "flow.released", subjectType: "flow", subjectId: version.flowId,
    before: { environment: environment.key, versionId: previousVersionId }, after: { environment: environment.key, versionId: version.versionId, number: version.number },
  });
  return { released: { environmentKey: environment.key, environmentName: environment.name }, releaseProblem: null };
}
