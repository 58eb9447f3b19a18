// "Test connection": reach the system with the stored settings and credentials, record what was
// found on the row (status, message, when, server info) and in the audit log (never the secret).
// Odoo: version + authenticate + the user's name (createOdooClient(...).testConnection()); refused
// credentials are AUTH_FAILED with Odoo's own reason, anything else that fails is UNREACHABLE.
// HTTP: a GET of the base URL with the authentication applied and the environment's network policy.
// MQTT / AMQP: connect (and for MQTT a throw-away clean session) and report what the broker answered.
import { appendAudit } from "../audit/audit.server.ts";
import type { SessionUser } from "../auth/sign-in.server.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { decryptSecret, SecretKeyError } from "../secrets/crypto.server.ts";
import { createOdooClient } from "../odoo/client.server.ts";
import { ZOdooConnectionConfig, ZOdooConnectionSecret } from "../odoo/connection.ts";
import { toStepError } from "../odoo/errors.ts";
import { connectionSecretContext } from "../../runtime/engine/connections.ts";
import { AuthenticationError, StepError } from "../../runtime/engine/errors.ts";
import { createStepHttp } from "../../runtime/http/client.ts";
import { probeAmqp, probeMqtt } from "../../runtime/subscribers/broker-probe.ts";
import { httpAuth, ZHttpConnectionConfig, ZHttpConnectionSecret } from "../../runtime/http/connection.ts";
import type { ConnectionServerInfo, ConnectionStatus, ConnectionTestResult, TConnectionId } from "./connection-types.ts";

type Actor = Pick<SessionUser, "id" | "email">;
type Outcome = { status: ConnectionStatus; message: string; serverInfo: ConnectionServerInfo | null };
type Loaded = { id: string; name: string; kind: string; config: unknown; secret: unknown; allowPrivateNetwork: boolean };

const TEST_TIMEOUT_MS = 15_000;

export async function testConnection(db: Db, actor: Actor, input: TConnectionId, options: { timeoutMs?: number } = {}): Promise<ConnectionTestResult> {
  const row = await db.connection.findUnique({ where: { id: input.connectionId }, include: { environment: { select: { key: true, allowPrivateNetwork: true } } } });
  if (!row) throw new AppError("NOT_FOUND", "This connection does not exist (any more).");
  const timeoutMs = options.timeoutMs ?? TEST_TIMEOUT_MS;
  let outcome: Outcome;
  try {
    const secret = row.secretEncrypted ? decryptSecret(row.secretEncrypted, { context: connectionSecretContext(row.id) }) : null;
    const loaded: Loaded = { id: row.id, name: row.name, kind: row.kind, config: row.config, secret, allowPrivateNetwork: row.environment.allowPrivateNetwork };
    outcome = await probe(loaded, timeoutMs);
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
    outcome = { status: "AUTH_FAILED", message: `The stored secret cannot be read (${error.message}) Enter it again.`, serverInfo: null };
  }
  const checkedAt = new Date();
  await db.$transaction(async (tx) => {
    const data: Prisma.ConnectionUpdateInput = { status: outcome.status, statusMessage: outcome.message, checkedAt };
    if (outcome.serverInfo) data.serverInfo = outcome.serverInfo as Prisma.InputJsonValue;
    await tx.connection.update({ where: { id: row.id }, data });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.email, action: "connection.tested", subjectType: "connection", subjectId: row.id,
      after: { environment: row.environment.key, name: row.name, status: outcome.status, message: outcome.message },
    });
  });
  return { ...outcome, checkedAt: checkedAt.toISOString() };
}

async function probe(connection: Loaded, timeoutMs: number): Promise<Outcome> {
  if (connection.kind === "odoo") return probeOdoo(connection, timeoutMs);
  if (connection.kind === "http") return probeHttp(connection, timeoutMs);
  if (connection.kind === "mqtt") return probeMqtt(connection, timeoutMs);
  if (connection.kind === "amqp") return probeAmqp(connection, timeoutMs);
  return { status: "UNKNOWN", message: `Connections of kind "${connection.kind}" cannot be tested yet.`, serverInfo: null };
}

async function probeOdoo(connection: Loaded, timeoutMs: number): Promise<Outcome> {
  const config = ZOdooConnectionConfig.safeParse(connection.config);
  if (!config.success) return { status: "UNKNOWN", message: `The settings are incomplete: ${config.error.issues[0]?.message ?? "check them"}.`, serverInfo: null };
  const secret = ZOdooConnectionSecret.safeParse(connection.secret ?? {});
  if (!secret.success) return { status: "AUTH_FAILED", message: "No password or API key is set: enter one with Edit.", serverInfo: null };
  try {
    const info = await createOdooClient(config.data, secret.data, { timeoutMs }).testConnection();
    const serverInfo = { serverVersion: info.serverVersion, database: info.database, uid: info.uid, userName: info.userName };
    return { status: "OK", message: `Connected to Odoo ${info.serverVersion}, database ${info.database}, as ${info.userName}.`, serverInfo };
  } catch (error) {
    return failure(toStepError(error));
  }
}

async function probeHttp(connection: Loaded, timeoutMs: number): Promise<Outcome> {
  const config = ZHttpConnectionConfig.safeParse(connection.config);
  if (!config.success) return { status: "UNKNOWN", message: `The settings are incomplete: ${config.error.issues[0]?.message ?? "check them"}.`, serverInfo: null };
  const secret = ZHttpConnectionSecret.safeParse(connection.secret ?? {});
  const http = createStepHttp({ allowPrivateNetwork: connection.allowPrivateNetwork });
  try {
    const auth = httpAuth(connection.name, config.data, secret.success ? secret.data : null);
    const url = new URL(config.data.baseUrl);
    for (const [name, value] of Object.entries(auth.query)) url.searchParams.set(name, value);
    const response = await http.request({ method: "GET", url: url.toString(), headers: { ...config.data.headers, ...auth.headers }, timeoutMs, maxResponseBytes: 1024 * 1024 });
    const serverInfo = { httpStatus: response.status };
    if (response.status === 401 || response.status === 403)
      return { status: "AUTH_FAILED", message: `The server refused the credentials (HTTP ${response.status}).`, serverInfo: null };
    if (response.status >= 500) return { status: "UNREACHABLE", message: `The server answered HTTP ${response.status}.`, serverInfo: null };
    return { status: "OK", message: `The server answered HTTP ${response.status}.`, serverInfo };
  } catch (error) {
    if (error instanceof StepError && error.code === "connection-secret-missing") return { status: "AUTH_FAILED", message: error.message, serverInfo: null };
    return failure(error);
  } finally {
    http.close();
  }
}

function failure(error: unknown): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AuthenticationError) return { status: "AUTH_FAILED", message, serverInfo: null };
  return { status: "UNREACHABLE", message, serverInfo: null };
}
