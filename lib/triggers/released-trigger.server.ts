// The trigger a flow runs with in an environment: its current release's version, the trigger node
// and its parsed config (runtime/engine/compiled-flow.ts caches versions, which never change).
// Used by the flow page's triggers panel, "Run now" and "Rotate secret".
import type { Db, DbTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { compiledVersion } from "../../runtime/engine/compiled-flow.ts";

export type ReleasedTrigger = {
  environment: { id: string; key: string; name: string; protected: boolean; webhookBaseUrl: string | null };
  flow: { id: string; slug: string; archivedAt: Date | null };
  version: { id: string; number: number };
  releasedAt: Date;
  /** Null when the version has no trigger (cannot be published so, but stay safe). */
  trigger: { nodeId: string; kind: string; label: string | null; config: unknown; configError: string | null; sample: unknown } | null;
};

const SELECT = {
  releasedAt: true,
  environment: { select: { id: true, key: true, name: true, protected: true, webhookBaseUrl: true, position: true } },
  flow: { select: { id: true, slug: true, archivedAt: true } },
  version: { select: { id: true, number: true, definition: true } },
} as const;

/** Every release of the flow, in promotion order (dev, test, prod). */
export async function releasedTriggers(db: Db | DbTx, flowId: string): Promise<ReleasedTrigger[]> {
  const releases = await db.release.findMany({ where: { flowId }, select: SELECT, orderBy: { environment: { position: "asc" } } });
  return releases.map(toReleasedTrigger);
}

/** The release of the flow in one environment; NOT_FOUND when the flow is not released there. */
export async function releasedTrigger(db: Db | DbTx, flowId: string, environmentId: string): Promise<ReleasedTrigger> {
  const release = await db.release.findUnique({ where: { environmentId_flowId: { environmentId, flowId } }, select: SELECT });
  if (!release) throw new AppError("NOT_FOUND", "This flow is not released to that environment (any more).");
  return toReleasedTrigger(release);
}

function toReleasedTrigger(release: {
  releasedAt: Date;
  environment: ReleasedTrigger["environment"] & { position: number };
  flow: ReleasedTrigger["flow"];
  version: { id: string; number: number; definition: unknown };
}): ReleasedTrigger {
  const compiled = compiledVersion(release.version.id, release.version.definition);
  const node = compiled.triggerNodeId ? compiled.nodes.get(compiled.triggerNodeId) : undefined;
  const { position: _position, ...environment } = release.environment;
  return {
    environment,
    flow: release.flow,
    version: { id: release.version.id, number: release.version.number },
    releasedAt: release.releasedAt,
    trigger: node
      ? { nodeId: node.node.id, kind: node.node.kind, label: node.node.label ?? null, config: node.config, configError: node.configError, sample: node.node.sample }
      : null,
  };
}

/** Where callers send a flow's webhook in an environment: its public base URL, else this server's origin. */
export function webhookUrl(environment: { key: string; webhookBaseUrl: string | null }, flowSlug: string, origin: string): string {
  const base = (environment.webhookBaseUrl?.trim() || origin).replace(/\/+$/, "");
  const prefix = base.endsWith("/api/hooks") ? base : `${base}/api/hooks`;
  return `${prefix}/${encodeURIComponent(environment.key)}/${encodeURIComponent(flowSlug)}`;
}
