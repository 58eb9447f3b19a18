// The release a trigger runs: the version an environment currently runs of a flow (by the keys
// that appear in webhook URLs). One indexed query per call, so a promotion takes effect on the
// next request; the version's definition is read only when it is not cached yet (versions are
// immutable).
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { cachedVersion, compiledVersion } from "./compiled-flow.ts";
import type { Sql } from "./sql.ts";

export type FoundRelease = {
  environment: { id: string; key: string; name: string; protected: boolean; webhookBaseUrl: string | null };
  flow: { id: string; slug: string; name: string };
  version: { id: string; number: number };
  definition: TFlowDefinition;
};

type ReleaseRow = {
  environmentId: string;
  environmentKey: string;
  environmentName: string;
  protected: boolean;
  webhookBaseUrl: string | null;
  flowId: string;
  slug: string;
  flowName: string;
  versionId: string;
  number: number;
};

export async function findRelease(sql: Sql, environmentKey: string, flowSlug: string): Promise<FoundRelease | null> {
  const rows = await sql.query<ReleaseRow>(
    `SELECT e.id AS "environmentId", e.key AS "environmentKey", e.name AS "environmentName", e.protected, e."webhookBaseUrl",
            f.id AS "flowId", f.slug, f.name AS "flowName", v.id AS "versionId", v.number
       FROM "Release" r JOIN "Environment" e ON e.id = r."environmentId" JOIN "Flow" f ON f.id = r."flowId" JOIN "FlowVersion" v ON v.id = r."versionId"
      WHERE e.key = $1 AND f.slug = $2 AND f."archivedAt" IS NULL`,
    [environmentKey, flowSlug],
  );
  const row = rows[0];
  if (!row) return null;
  const compiled = cachedVersion(row.versionId) ?? compiledVersion(row.versionId, (await sql.query<{ definition: unknown }>(`SELECT definition FROM "FlowVersion" WHERE id = $1::uuid`, [row.versionId]))[0]?.definition);
  return {
    environment: { id: row.environmentId, key: row.environmentKey, name: row.environmentName, protected: row.protected, webhookBaseUrl: row.webhookBaseUrl },
    flow: { id: row.flowId, slug: row.slug, name: row.flowName },
    version: { id: row.versionId, number: row.number },
    definition: compiled.definition,
  };
}
