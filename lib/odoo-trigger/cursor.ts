// The Odoo trigger's cursor, the pure half (runtime/tasks/odoo-poll.ts does the Odoo and database
// half). A released Odoo trigger keeps, in TriggerState.state, the position of the last record it
// delivered: { value, id } = that record's cursor field (an Odoo datetime string in UTC,
// "YYYY-MM-DD HH:MM:SS") and its id. A poll asks Odoo for the records after it, in that order:
//
//   <domain> AND (cursor > value OR (cursor = value AND id > lastId))   order "<cursor> asc, id asc"
//
// so records sharing one timestamp (Odoo's is per second, and per transaction) are split across
// batches by their id and none is skipped or repeated. The cursor field is `create_date` when only
// new records are wanted (a record created and then changed before the poll is still new), else the
// configured cursorField (write_date by default).
//
// Event rule (onWrite): a record is "create" when its create_date is after the cursor the poll
// started from (it was created since the last delivered position, so never delivered before), else
// "write". With onWrite only, "create" records are passed over (the cursor still moves past them).
import type { z } from "zod";
import type { ZOdooTriggerConfig } from "../../nodes/odoo-trigger/definition.ts";

export type OdooTriggerConfig = z.output<typeof ZOdooTriggerConfig>;
export type OdooCursor = { value: string; id: number };
/** What the cursor belongs to: a change of any of these starts the trigger again from "now". */
export type OdooTriggerScope = { connection: string; model: string; domain: string; cursorField: string };
/** TriggerState.state of an Odoo trigger. */
export type OdooTriggerState = {
  cursor?: OdooCursor;
  scope?: OdooTriggerScope;
  /** The worker's clock at the last poll (ISO), for the interval. */
  lastPollAt?: string;
  /** The last poll filled its batch: more records are waiting, poll again at once. */
  backlog?: boolean;
  /** Why the last poll failed (cleared by the next good one). */
  lastError?: string;
  /** Odoo refused the credentials: no poll before this time (ISO), so the account is not locked out. */
  pausedUntil?: string;
};
export type OdooRecord = Record<string, unknown> & { id: number };
export type OdooEvent = "create" | "write";

/** Before every Odoo record: the cursor of a model that has none yet. */
export const EPOCH_CURSOR: OdooCursor = { value: "1970-01-01 00:00:00", id: 0 };
/** A poll this early is still on time (the minute cron and the worker's clock jitter). */
const DUE_TOLERANCE_MS = 2_000;

export function cursorFieldOf(config: Pick<OdooTriggerConfig, "onCreate" | "onWrite" | "cursorField">): string {
  return config.onCreate && !config.onWrite ? "create_date" : config.cursorField;
}

export function scopeOf(config: OdooTriggerConfig): OdooTriggerScope {
  return { connection: config.connection, model: config.model, domain: JSON.stringify(config.domain), cursorField: cursorFieldOf(config) };
}

export function sameScope(a: OdooTriggerScope | undefined, b: OdooTriggerScope): boolean {
  return !!a && a.connection === b.connection && a.model === b.model && a.domain === b.domain && a.cursorField === b.cursorField;
}

/** The configured domain AND "after the cursor" (Odoo's implicit AND between top-level terms). */
export function pollDomain(domain: unknown[], cursorField: string, cursor: OdooCursor): unknown[] {
  return [...domain, "|", [cursorField, ">", cursor.value], "&", [cursorField, "=", cursor.value], ["id", ">", cursor.id]];
}

/** The fields a poll reads: the configured ones plus what the cursor and the event rule need. */
export function pollFields(config: Pick<OdooTriggerConfig, "fields">, cursorField: string): string[] {
  return [...new Set([...config.fields, cursorField, "create_date", "write_date"])];
}

export function pollOrder(cursorField: string): string {
  return `${cursorField} asc, id asc`;
}

/** A record's position; a record without a value in the cursor field cannot be placed (null). */
export function cursorOfRecord(record: OdooRecord, cursorField: string): OdooCursor | null {
  const value = record[cursorField];
  return typeof value === "string" && value ? { value, id: record.id } : null;
}

export function isAfter(a: OdooCursor, b: OdooCursor): boolean {
  return a.value > b.value || (a.value === b.value && a.id > b.id);
}

export function eventOf(record: OdooRecord, config: Pick<OdooTriggerConfig, "onCreate" | "onWrite">, from: OdooCursor): OdooEvent {
  if (!config.onWrite) return "create";
  const created = record.create_date;
  return typeof created === "string" && created > from.value ? "create" : "write";
}

/** Whether a record of this event starts a run under the trigger's settings. */
export function wanted(event: OdooEvent, config: Pick<OdooTriggerConfig, "onCreate" | "onWrite">): boolean {
  return event === "create" ? config.onCreate : config.onWrite;
}

/** One run per record: the record at this cursor position (a later change has a new value, so a new key). */
export function recordKey(model: string, record: OdooRecord, cursorField: string): string {
  return `odoo:${model}:${record.id}:${String(record[cursorField])}`;
}

/** One run per batch: the batch is named by the position it starts after. */
export function batchKey(model: string, from: OdooCursor): string {
  return `odoo:${model}:batch:${from.value}:${from.id}`;
}

export function isDue(state: OdooTriggerState, intervalSeconds: number, now: Date): boolean {
  if (state.pausedUntil && now < new Date(state.pausedUntil)) return false;
  if (state.backlog || !state.lastPollAt) return true;
  return now.getTime() - new Date(state.lastPollAt).getTime() >= intervalSeconds * 1000 - DUE_TOLERANCE_MS;
}

/** When the trigger is next due (now when it has a backlog or never polled). */
export function nextDueAt(state: OdooTriggerState, intervalSeconds: number, now: Date): Date {
  if (state.pausedUntil && now < new Date(state.pausedUntil)) return new Date(state.pausedUntil);
  if (state.backlog || !state.lastPollAt) return now;
  return new Date(Math.max(now.getTime(), new Date(state.lastPollAt).getTime() + intervalSeconds * 1000));
}

export type PollPlan = {
  /** Records to start runs for, oldest first, with their event. */
  deliver: { record: OdooRecord; event: OdooEvent }[];
  /** The new cursor: the last record read (delivered or passed over). */
  cursor: OdooCursor;
  /** Records read but passed over (onWrite only: new records). */
  skipped: number;
};

/** From the records a poll read (in cursor order) to what it delivers and where the cursor moves. */
export function planPoll(records: OdooRecord[], config: Pick<OdooTriggerConfig, "onCreate" | "onWrite">, cursorField: string, from: OdooCursor): PollPlan {
  const deliver: PollPlan["deliver"] = [];
  let cursor = from;
  let skipped = 0;
  for (const record of records) {
    const position = cursorOfRecord(record, cursorField);
    // Odoo answered in cursor order after `from`; anything else (an empty value) is not ours to place.
    if (!position || !isAfter(position, cursor)) continue;
    cursor = position;
    const event = eventOf(record, config, from);
    if (wanted(event, config)) deliver.push({ record, event });
    else skipped += 1;
  }
  return { deliver, cursor, skipped };
}
