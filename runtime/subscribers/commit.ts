// One batch of broker messages in ONE transaction: the decodable ones become runs (or fold into
// conditioning windows), the others RejectedMessage rows with their reason, and the subscription's
// counters move. The caller acknowledges the broker only after this commits.
// A batch the database refuses for its data (SQLSTATE class 22, e.g. a value jsonb cannot hold) is
// split and committed message by message, so one bad message is rejected instead of blocking the rest.
import { ingestMessages, type IngestMessage, type IngestTarget } from "../../lib/conditioning/ingest.server.ts";
import type { TConditioning } from "../../nodes/conditioning.ts";
import { acceptBatch } from "../engine/accept-batch.ts";
import type { EngineIo } from "../engine/io.ts";
import { json, type Sql } from "../engine/sql.ts";
import type { SubscriptionTarget } from "./targets.ts";

export type Inbound = {
  /** The trigger's output (the run's payload), or null when the message is rejected. */
  output: unknown;
  key: string | null;
  rejectReason: string | null;
  /** "mqtt:plant/p7/state", "amqp:orders" */
  source: string;
  preview: string;
  receivedAt: Date;
};

export type Committed = { accepted: number; duplicates: number; rejected: Set<Inbound> };

export async function commitInbound(io: EngineIo, target: SubscriptionTarget, batch: Inbound[], now = new Date()): Promise<Committed> {
  try {
    return await io.transaction((sql) => commitIn(sql, target, batch, now));
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (batch.length > 1) return commitOneByOne(io, target, batch, now);
    const [message] = batch as [Inbound];
    const refused: Inbound = { ...message, output: null, key: null, rejectReason: `The database cannot store this message: ${(error as Error).message}.` };
    const committed = await io.transaction((sql) => commitIn(sql, target, [refused], now));
    return { ...committed, rejected: new Set([message]) };
  }
}

async function commitOneByOne(io: EngineIo, target: SubscriptionTarget, batch: Inbound[], now: Date): Promise<Committed> {
  const total: Committed = { accepted: 0, duplicates: 0, rejected: new Set() };
  for (const message of batch) {
    const one = await commitInbound(io, target, [message], now);
    total.accepted += one.accepted;
    total.duplicates += one.duplicates;
    for (const rejected of one.rejected) total.rejected.add(rejected);
  }
  return total;
}

async function commitIn(sql: Sql, target: SubscriptionTarget, batch: Inbound[], now: Date): Promise<Committed> {
  const good = batch.filter((message) => message.rejectReason === null && message.key !== null);
  const rejected = batch.filter((message) => !good.includes(message));
  const result = good.length > 0 ? await ingest(sql, target, good, now) : { accepted: 0, duplicates: 0, problems: [] };
  // A filter that failed on a message (not one that said no) is shown like a rejection; the message was handled.
  const failedFilter = result.problems.flatMap(({ messageKey, reason }) => {
    const message = good.find((candidate) => candidate.key === messageKey);
    return message ? [{ ...message, rejectReason: reason, preview: JSON.stringify((message.output as { payload?: unknown } | null)?.payload ?? null).slice(0, 4096) }] : [];
  });
  if (rejected.length + failedFilter.length > 0) await recordRejected(sql, target, [...rejected, ...failedFilter]);
  const last = batch.reduce((latest, message) => (message.receivedAt > latest ? message.receivedAt : latest), new Date(0));
  await sql.query(
    `UPDATE "SubscriberStatus" SET accepted = accepted + $4, rejected = rejected + $5, "lastMessageAt" = GREATEST("lastMessageAt", $6)
      WHERE "environmentId" = $1::uuid AND "flowId" = $2::uuid AND "nodeId" = $3`,
    [target.environmentId, target.flowId, target.nodeId, good.length - failedFilter.length, rejected.length + failedFilter.length, last],
  );
  return { accepted: result.accepted, duplicates: result.duplicates, rejected: new Set(rejected) };
}

type Ingested = { accepted: number; duplicates: number; problems: { messageKey: string; reason: string }[] };

/** Without conditioning: the batch accept (one statement for all runs); with it, lib/conditioning. */
async function ingest(sql: Sql, target: SubscriptionTarget, messages: Inbound[], now: Date): Promise<Ingested> {
  const conditioning = target.config.conditioning;
  const triggerKind = target.kind === "mqtt-trigger" ? "mqtt" : "amqp";
  if (isPassThrough(conditioning)) {
    const runs = messages.map((message) => ({ idempotencyKey: message.key as string, payload: message.output }));
    const accepted = await acceptBatch(sql, { ...target, triggerNodeId: target.nodeId, triggerKind }, runs);
    return { accepted: accepted.accepted, duplicates: accepted.duplicates, problems: [] };
  }
  const ingestTarget: IngestTarget = { ...target, triggerKind, conditioning };
  const ingested: IngestMessage[] = messages.map((message) => ({ messageKey: message.key as string, payload: message.output, receivedAt: message.receivedAt }));
  const result = await ingestMessages(sql, ingestTarget, ingested, now);
  return { accepted: result.accepted, duplicates: result.duplicates, problems: result.problems ?? [] };
}

/** No filter and no window: every message is a run, exactly what ingestMessages does one by one. */
function isPassThrough(conditioning: TConditioning | undefined): boolean {
  return !conditioning || (!conditioning.filter?.trim() && conditioning.window.mode === "none");
}

async function recordRejected(sql: Sql, target: SubscriptionTarget, messages: Inbound[]): Promise<void> {
  const rows = messages.map((message) => ({ source: message.source, payload: message.preview, reason: message.rejectReason ?? "Rejected.", created_at: message.receivedAt.toISOString() }));
  await sql.query(
    `INSERT INTO "RejectedMessage" (id, "environmentId", "flowId", "nodeId", source, payload, reason, "createdAt")
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3, r.source, r.payload, r.reason, r.created_at FROM jsonb_to_recordset($4::jsonb) AS r(source text, payload text, reason text, created_at timestamptz)`,
    [target.environmentId, target.flowId, target.nodeId, json(rows)],
  );
}

function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("22");
}
