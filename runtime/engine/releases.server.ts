// The release a trigger runs: the version an environment currently runs of a flow (by the keys
// that appear in webhook URLs). Versions are immutable, so their parsed definitions are cached.
import type { Db } from "../../lib/db/client.ts";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { compiledVersion } from "./compiled-flow.ts";

export type FoundRelease = {
  environment: { id: string; key: string; name: string; protected: boolean; webhookBaseUrl: string | null };
  flow: { id: string; slug: string; name: string };
  version: { id: string; number: number };
  definition: TFlowDefinition;
};

export async function findRelease(db: Db, environmentKey: string, flowSlug: string): Promise<FoundRelease | null> {
  const release = await db.release.findFirst({
    where: { environment: { key: environmentKey }, flow: { slug: flowSlug, archivedAt: null } },
    select: {
      environment: { select: { id: true, key: true, name: true, protected: true, webhookBaseUrl: true } },
      flow: { select: { id: true, slug: true, name: true } },
      version: { select: { id: true, number: true, definition: true } },
    },
  });
  if (!release) return null;
  const { definition, ...version } = release.version;
  return { environment: release.environment, flow: release.flow, version, definition: compiledVersion(version.id, definition).definition };
}
