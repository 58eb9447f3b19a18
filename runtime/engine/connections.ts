// A step's view of its environment: named connections (secret decrypted on the worker only, never
// stored on a step) and the network policy for outbound HTTP. Looked up per step; cached briefly.
import type { z } from "zod";
import { decryptSecret } from "../../lib/secrets/crypto.server.ts";
import { BusinessError } from "./errors.ts";
import type { ResolvedConnection } from "./executor.ts";
import type { Sql } from "./sql.ts";

/** The additional data an encrypted connection secret is bound to (AES-GCM associated data). */
export function connectionSecretContext(connectionId: string): string {
  return `connection:${connectionId}`;
}

export async function resolveConnection(sql: Sql, environmentId: string | null, name: string): Promise<ResolvedConnection> {
  if (!environmentId)
    throw new BusinessError(`This test run uses no environment, so it cannot use the connection "${name}". Pick an environment in the test panel to use its connections.`, {
      code: "no-environment",
    });
  const rows = await sql.query<{ id: string; name: string; kind: string; config: Record<string, unknown>; secretEncrypted: string | null; env: string }>(
    `SELECT c.id, c.name, c.kind, c.config, c."secretEncrypted", e.name AS env FROM "Connection" c JOIN "Environment" e ON e.id = c."environmentId"
      WHERE c."environmentId" = $1::uuid AND c.name = $2`,
    [environmentId, name],
  );
  const row = rows[0];
  if (!row) throw new BusinessError(`The environment has no connection named "${name}". An admin can add it on the Environments page.`, { code: "missing-connection" });
  const secret = row.secretEncrypted ? decryptSecret<Record<string, unknown>>(row.secretEncrypted, { context: connectionSecretContext(row.id) }) : null;
  return { id: row.id, name: row.name, kind: row.kind, config: row.config ?? {}, secret };
}

/**
 * A resolved connection checked against what its user needs: the right kind, and config and secret
 * that parse with that kind's schemas; otherwise a business error saying which and why.
 */
export function parseConnection<C extends z.ZodType, S extends z.ZodType>(
  resolved: ResolvedConnection,
  expected: { kind: string; usedBy: string; needs: string; config: C; secret: S },
): { id: string; name: string; config: z.output<C>; secret: z.output<S> } {
  const name = resolved.name;
  if (resolved.kind !== expected.kind)
    throw new BusinessError(`The connection "${name}" is a ${resolved.kind} connection; the ${expected.usedBy} needs ${expected.needs}`, { code: "connection-kind" });
  const config = expected.config.safeParse(resolved.config);
  if (!config.success) throw new BusinessError(`The connection "${name}" is not set up correctly: ${config.error.issues[0]?.message ?? "invalid settings"}`, { code: "connection-invalid" });
  const secret = expected.secret.safeParse(resolved.secret ?? {});
  if (!secret.success) throw new BusinessError(`The connection "${name}" has no usable secret: ${secret.error.issues[0]?.message ?? "check its secret"}`, { code: "connection-invalid" });
  return { id: resolved.id, name, config: config.data, secret: secret.data };
}

const policyCache = new Map<string, { allowPrivateNetwork: boolean; at: number }>();
const POLICY_TTL_MS = 5_000;

export async function allowsPrivateNetwork(sql: Sql, environmentId: string | null): Promise<boolean> {
  if (!environmentId) return false;
  const cached = policyCache.get(environmentId);
  if (cached && Date.now() - cached.at < POLICY_TTL_MS) return cached.allowPrivateNetwork;
  const rows = await sql.query<{ allow: boolean }>(`SELECT "allowPrivateNetwork" AS allow FROM "Environment" WHERE id = $1::uuid`, [environmentId]);
  const allowPrivateNetwork = rows[0]?.allow ?? false;
  policyCache.set(environmentId, { allowPrivateNetwork, at: Date.now() });
  return allowPrivateNetwork;
}

/** Credentials refused: flag the connections (the Environments page shows them) until an admin fixes them. */
export async function markConnectionsAuthFailed(sql: Sql, environmentId: string | null, names: readonly string[], message: string): Promise<void> {
  if (!environmentId || names.length === 0) return;
  await sql.query(
    `UPDATE "Connection" SET status = 'AUTH_FAILED', "statusMessage" = $3, "checkedAt" = now(), "updatedAt" = now() WHERE "environmentId" = $1::uuid AND name = ANY($2::text[])`,
    [environmentId, [...new Set(names)], message.slice(0, 1000)],
  );
}
