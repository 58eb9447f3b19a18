// Test support for the subscriber tests (not used by the application): broker connections in an
// environment, a released flow with a message trigger, and waiting for the database to show something.
import { randomUUID } from "node:crypto";
import type { Db } from "../../lib/db/client.ts";
import { encryptSecret } from "../../lib/secrets/crypto.server.ts";
import { releaseTestFlow, triggerFlow, type TestRelease } from "../../lib/triggers/test-release.ts";
import { connectionSecretContext } from "../engine/connections.ts";

export const MQTT_URL = process.env.TEST_MQTT_URL ?? "mqtt://127.0.0.1:1883";
export const AMQP_URL = process.env.TEST_AMQP_URL ?? "amqp://127.0.0.1:5672";
export const AMQP_USER = { username: process.env.TEST_AMQP_USER ?? "guest", password: process.env.TEST_AMQP_PASSWORD ?? "guest" };

/** Creates (or keeps) a connection named `name` in the environment `environmentKey`. */
export async function addBrokerConnection(
  db: Db,
  options: { environmentKey?: string; name: string; kind: "mqtt" | "amqp"; config: Record<string, unknown>; secret?: Record<string, string> },
): Promise<void> {
  const key = options.environmentKey ?? "dev";
  const environment = await db.environment.upsert({ where: { key }, update: {}, create: { key, name: key.toUpperCase(), position: (await db.environment.count()) + 1 } });
  const existing = await db.connection.findUnique({ where: { environmentId_name: { environmentId: environment.id, name: options.name } } });
  if (existing) return;
  const row = await db.connection.create({ data: { environmentId: environment.id, name: options.name, kind: options.kind, config: options.config as object } });
  if (options.secret) await db.connection.update({ where: { id: row.id }, data: { secretEncrypted: encryptSecret(options.secret, { context: connectionSecretContext(row.id) }) } });
}

export function releaseMessageFlow(db: Db, kind: "mqtt-trigger" | "amqp-trigger", config: Record<string, unknown>): Promise<TestRelease> {
  return releaseTestFlow(db, { slug: `${kind.slice(0, 4)}-${randomUUID().slice(0, 8)}`, definition: triggerFlow({ kind, config }) });
}

/** Publishes a new version of the flow with `config` and releases it in place of the current one. */
export async function releaseNewVersion(db: Db, flow: TestRelease, kind: "mqtt-trigger" | "amqp-trigger", config: Record<string, unknown>): Promise<string> {
  const number = (await db.flowVersion.count({ where: { flowId: flow.flowId } })) + 1;
  const definition = triggerFlow({ kind, config });
  const version = await db.flowVersion.create({ data: { flowId: flow.flowId, number, definition: definition as object, contentHash: randomUUID(), authorId: flow.ownerId } });
  await db.release.update({ where: { environmentId_flowId: { environmentId: flow.environmentId, flowId: flow.flowId } }, data: { versionId: version.id, releasedAt: new Date() } });
  return version.id;
}

/** Polls `read` until `done` holds for its value; fails with the last value after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const countRuns = (db: Db, flowId: string) => db.run.count({ where: { flowId } });
