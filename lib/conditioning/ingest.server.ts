// Ingest: where a message trigger's messages enter the engine, in the caller's transaction (the
// subscriber acknowledges the broker only after the commit, so a crash means redelivery, never
// loss). The trigger's conditioning filters them, then either each message starts a run (the
// message key is the run's idempotency key, so a redelivery starts nothing) or the messages are
// folded into their key's window row (EventWindow), which emits runs itself (emit.server.ts).
//
// Concurrency: each window row is taken with INSERT ... ON CONFLICT DO UPDATE (which locks it, or
// waits for the batch holding it) and rows are taken in a fixed order, so concurrent batches for
// the same key serialise instead of losing updates or deadlocking.
import type { TConditioning } from "../../nodes/conditioning.ts";
import { getSandbox } from "../../runtime/sandbox/index.ts";
import type { Sql } from "../../runtime/engine/sql.ts";
import { lockWindow, saveWindow, startRuns, type EmitTarget } from "./store.server.ts";
import { fold, groupKey, OPEN_WINDOW_START, tumblingWindowOf, windowKind, type FoldMessage, type WindowKind } from "./windows.ts";

export type IngestTarget = {
  environmentId: string;
  flowId: string;
  versionId: string;
  nodeId: string;
  triggerKind: "mqtt" | "amqp";
  /** From the trigger node's config (ZConditioning). */
  conditioning: TConditioning | undefined;
};

/** payload: the trigger node's output (MQTT { topic, payload, qos, retain, receivedAt }, AMQP { queue, ... }). */
export type IngestMessage = { messageKey: string; payload: unknown; receivedAt: Date };

export type IngestResult = {
  /** Runs started. */
  accepted: number;
  /** Messages seen before (a run with the key exists, or the window already counted it). */
  duplicates: number;
  /** Dropped by the filter (including filters that failed; see problems). */
  filtered: number;
  /** Folded into windows without starting a run yet (suppressed, waiting, aggregated, late). */
  windowed: number;
  /** Why a message was filtered out by an error rather than by the filter's answer. */
  problems?: { messageKey: string; reason: string }[];
};

/** In the caller's transaction: start runs (idempotency key = messageKey) or fold messages into windows. */
export async function ingestMessages(sql: Sql, target: IngestTarget, messages: IngestMessage[], now: Date): Promise<IngestResult> {
  const result: IngestResult = { accepted: 0, duplicates: 0, filtered: 0, windowed: 0 };
  const kept = await applyFilter(target.conditioning?.filter, messages, result);
  const mode = target.conditioning?.window ?? { mode: "none" as const };
  const emitTarget: EmitTarget = { environmentId: target.environmentId, flowId: target.flowId, versionId: target.versionId, nodeId: target.nodeId, triggerKind: target.triggerKind };
  if (mode.mode === "none") {
    await startRuns(sql, emitTarget, kept.map((message) => ({ idempotencyKey: message.messageKey, payload: message.payload })), result);
    return result;
  }
  const kind = windowKind(mode) as WindowKind;
  for (const group of groupMessages(target.conditioning, kept)) {
    const row = await lockWindow(sql, emitTarget, { kind, key: group.key, windowStart: group.start, windowEnd: group.end }, now);
    const outcome = fold(mode, row, group.messages);
    await saveWindow(sql, row, outcome, now);
    await startRuns(sql, emitTarget, outcome.emissions, result);
    result.windowed += outcome.windowed;
    result.duplicates += outcome.duplicates;
  }
  return result;
}

/** The messages the filter keeps; the others are counted (and a failing filter explained). */
async function applyFilter(filter: string | undefined, messages: IngestMessage[], result: IngestResult): Promise<IngestMessage[]> {
  if (!filter || filter.trim() === "") return messages;
  const kept: IngestMessage[] = [];
  const sandbox = getSandbox();
  for (const message of messages) {
    try {
      if (await sandbox.evaluate(filter, { input: message.payload, payload: bodyOf(message.payload) })) kept.push(message);
      else result.filtered += 1;
    } catch (error) {
      result.filtered += 1;
      (result.problems ??= []).push({ messageKey: message.messageKey, reason: `The filter failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return kept;
}

/** The decoded message body inside a trigger output ({ topic | queue, payload, ... }). */
export function bodyOf(output: unknown): unknown {
  return output !== null && typeof output === "object" && "payload" in output ? (output as { payload: unknown }).payload : output;
}

type Group = { key: string; start: Date; end: Date | null; messages: FoldMessage[] };

/** Messages by window row (key, and window start for tumbling windows), in lock order, each in time order. */
function groupMessages(conditioning: TConditioning | undefined, messages: IngestMessage[]): Group[] {
  const mode = conditioning?.window;
  const groups = new Map<string, Group>();
  for (const message of messages) {
    const body = bodyOf(message.payload);
    const key = groupKey(conditioning?.key, body);
    const at = message.receivedAt.getTime();
    const bounds = mode?.mode === "tumbling" ? tumblingWindowOf(mode, at) : null;
    const start = bounds ? new Date(bounds.start) : OPEN_WINDOW_START;
    const id = `${start.toISOString()}\u0000${key}`;
    const group = groups.get(id) ?? { key, start, end: bounds ? new Date(bounds.end) : null, messages: [] };
    group.messages.push({ messageKey: message.messageKey, message: message.payload, body, at });
    groups.set(id, group);
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
  for (const group of sorted) group.messages.sort((a, b) => a.at - b.at);
  return sorted;
}
