// What the subscriber service should be consuming: per environment, every released version whose
// trigger is an MQTT or AMQP trigger, with its connection. A subscription's identity is
// (environment, flow, node); its `revision` changes when the released version or the connection's
// settings change, which moves it (stop, start again with the new settings).
import type { z } from "zod";
import type { ZAmqpTriggerConfig } from "../../nodes/amqp-trigger/definition.ts";
import type { ZMqttTriggerConfig } from "../../nodes/mqtt-trigger/definition.ts";
import { cachedVersion, compiledVersion, type CompiledFlow } from "../engine/compiled-flow.ts";
import type { Sql } from "../engine/sql.ts";

export type MqttTriggerConfig = z.output<typeof ZMqttTriggerConfig>;
export type AmqpTriggerConfig = z.output<typeof ZAmqpTriggerConfig>;
export const MESSAGE_TRIGGER_KINDS = ["mqtt-trigger", "amqp-trigger"] as const;

type Common = {
  key: string;
  revision: string;
  environmentId: string;
  environmentKey: string;
  flowId: string;
  flowSlug: string;
  versionId: string;
  nodeId: string;
  /** The trigger's settings are invalid (cannot happen for a validated release, but say so if it does). */
  problem: string | null;
};
export type MqttTarget = Common & { kind: "mqtt-trigger"; config: MqttTriggerConfig };
export type AmqpTarget = Common & { kind: "amqp-trigger"; config: AmqpTriggerConfig };
export type SubscriptionTarget = MqttTarget | AmqpTarget;

type ReleaseRow = { environmentId: string; environmentKey: string; flowId: string; flowSlug: string; versionId: string };

export function subscriptionKey(ref: { environmentId: string; flowId: string; nodeId: string }): string {
  return `${ref.environmentId}:${ref.flowId}:${ref.nodeId}`;
}

export async function loadTargets(sql: Sql): Promise<SubscriptionTarget[]> {
  const releases = await sql.query<ReleaseRow>(
    `SELECT r."environmentId", e.key AS "environmentKey", r."flowId", f.slug AS "flowSlug", r."versionId"
       FROM "Release" r JOIN "Flow" f ON f.id = r."flowId" JOIN "Environment" e ON e.id = r."environmentId" JOIN "FlowVersion" v ON v.id = r."versionId"
      WHERE f."archivedAt" IS NULL
        AND (v.definition->'nodes' @> '[{"kind": "mqtt-trigger"}]'::jsonb OR v.definition->'nodes' @> '[{"kind": "amqp-trigger"}]'::jsonb)`,
  );
  if (releases.length === 0) return [];
  const connections = await connectionRevisions(sql, [...new Set(releases.map((release) => release.environmentId))]);
  const targets: SubscriptionTarget[] = [];
  for (const release of releases) {
    const flow = await versionOf(sql, release.versionId);
    const trigger = flow.triggerNodeId ? flow.nodes.get(flow.triggerNodeId) : undefined;
    const kind = trigger?.node.kind;
    if (!trigger || (kind !== "mqtt-trigger" && kind !== "amqp-trigger")) continue;
    const config = trigger.config as { connection?: string };
    const connection = connections.get(`${release.environmentId}:${config.connection ?? ""}`) ?? "none";
    const common: Common = {
      key: subscriptionKey({ ...release, nodeId: trigger.node.id }),
      revision: `${release.versionId}:${connection}`,
      ...release,
      nodeId: trigger.node.id,
      problem: trigger.configError,
    };
    targets.push(kind === "mqtt-trigger" ? { ...common, kind, config: trigger.config as MqttTriggerConfig } : { ...common, kind, config: trigger.config as AmqpTriggerConfig });
  }
  return targets;
}

/** "<environmentId>:<name>" -> a stamp that changes with the connection's settings or secret (not with its test status). */
async function connectionRevisions(sql: Sql, environmentIds: string[]): Promise<Map<string, string>> {
  const rows = await sql.query<{ environmentId: string; name: string; stamp: string }>(
    `SELECT "environmentId", name, id || '@' || md5(config::text || coalesce("secretEncrypted", '')) AS stamp FROM "Connection" WHERE "environmentId" = ANY($1::uuid[])`,
    [environmentIds],
  );
  return new Map(rows.map((row) => [`${row.environmentId}:${row.name}`, row.stamp]));
}

async function versionOf(sql: Sql, versionId: string): Promise<CompiledFlow> {
  const cached = cachedVersion(versionId);
  if (cached) return cached;
  const [row] = await sql.query<{ definition: unknown }>(`SELECT definition FROM "FlowVersion" WHERE id = $1::uuid`, [versionId]);
  return compiledVersion(versionId, row?.definition);
}
