// The runs console's filters as they travel in a URL query string (the page's address, the JSON
// API): parsed with zod (bad values -> field errors), turned into query options, and written back.
// Browser-safe: the console's filter bar builds its links with the same functions.
//
//   view=dead                 the dead letters instead of all runs
//   flow=<uuid> env=<uuid>    one flow / one environment
//   status=FAILED,RUNNING     any of these statuses (also as repeated status= parameters)
//   range=1h|24h|7d|30d       created in the last hour / day / week / month
//   range=custom&from=&to=    ISO 8601 instants with an offset (either may be left out)
//   q=WO-2026                 business key starting with this (match=contains: anywhere in it)
//   mode=test|all             test runs (hidden by default), or both
//   cursor=...&dir=prev       the page after (older) or, with dir=prev, before (newer) a cursor
//   limit=50                  rows per page (1-200)
import { z } from "zod";
import { zodIssuesToFields, type FieldIssue } from "../flows/action-result.ts";
import { RUN_STATUSES, type RunStatus } from "./run-types.ts";

export const TIME_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type TimeRange = (typeof TIME_RANGES)[number];
export const TIME_RANGE_LABELS: Record<TimeRange | "all" | "custom", string> = {
  "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", all: "Any time", custom: "Custom range",
};
const RANGE_MS: Record<TimeRange, number> = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };

export const DEFAULT_LIMIT = 50;

const instant = z.iso.datetime({ offset: true, error: "Use an ISO 8601 date and time with a time zone, e.g. 2026-11-22T14:00:00Z" });
const statusList = z
  .string()
  .transform((text) => text.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean))
  .pipe(z.array(z.enum(RUN_STATUSES, { error: `A status is one of ${RUN_STATUSES.join(", ")}` })).max(RUN_STATUSES.length));

export const ZRunQuery = z
  .object({
    view: z.enum(["all", "dead"], { error: "view is all or dead" }).default("all"),
    flow: z.uuid({ error: "flow is a flow id" }).optional(),
    env: z.uuid({ error: "env is an environment id" }).optional(),
    status: statusList.optional(),
    range: z.enum([...TIME_RANGES, "custom"], { error: `range is one of ${[...TIME_RANGES, "custom"].join(", ")}` }).optional(),
    from: instant.optional(),
    to: instant.optional(),
    q: z.string().trim().max(200, "The business key search is at most 200 characters").optional(),
    match: z.enum(["prefix", "contains"], { error: "match is prefix or contains" }).default("prefix"),
    mode: z.enum(["live", "test", "all"], { error: "mode is live, test or all" }).default("live"),
    cursor: z.string().max(200).optional(),
    dir: z.enum(["next", "prev"], { error: "dir is next or prev" }).default("next"),
    limit: z.coerce.number({ error: "limit is a number" }).int("limit is a whole number").min(1, "limit is at least 1").max(200, "limit is at most 200").default(DEFAULT_LIMIT),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    path: ["to"], message: "The end of the range is before its start",
  });

export type RunQuery = z.output<typeof ZRunQuery>;

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

/** The first value of each parameter (statuses: all values, joined), empty strings dropped. */
function toRecord(params: RawParams): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (key: string, value: string) => {
    if (value === "") return;
    out[key] = key === "status" && out[key] ? `${out[key]},${value}` : (out[key] ?? value);
  };
  if (params instanceof URLSearchParams) params.forEach((value, key) => add(key, value));
  else for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) add(key, v);
  return out;
}

export function parseRunQuery(params: RawParams): { ok: true; query: RunQuery } | { ok: false; fields: FieldIssue[] } {
  const parsed = ZRunQuery.safeParse(toRecord(params));
  if (parsed.success) return { ok: true, query: parsed.data };
  return { ok: false, fields: zodIssuesToFields(parsed.error.issues) };
}

/** The defaults: all runs of every flow and environment, any time, newest first. */
export function defaultRunQuery(): RunQuery {
  return ZRunQuery.parse({});
}

/** The creation-time window a query asks for (presets count back from `now`). */
export function timeWindow(query: Pick<RunQuery, "range" | "from" | "to">, now: Date): { from?: Date; to?: Date } {
  if (query.range && query.range !== "custom") return { from: new Date(now.getTime() - RANGE_MS[query.range]) };
  if (query.range === "custom" || query.from || query.to) {
    return { ...(query.from ? { from: new Date(query.from) } : {}), ...(query.to ? { to: new Date(query.to) } : {}) };
  }
  return {};
}

/** A query as a query string (defaults left out, so links stay short); no leading "?". */
export function runQueryString(query: Partial<RunQuery>): string {
  const params = new URLSearchParams();
  const defaults = defaultRunQuery();
  const set = (key: string, value: string | number | undefined, fallback?: string | number) => {
    if (value !== undefined && value !== "" && value !== fallback) params.set(key, String(value));
  };
  set("view", query.view, defaults.view);
  set("flow", query.flow);
  set("env", query.env);
  if (query.status && query.status.length > 0) params.set("status", query.status.join(","));
  set("range", query.range);
  if (query.range === "custom") {
    set("from", query.from);
    set("to", query.to);
  }
  set("q", query.q);
  if (query.q) set("match", query.match, defaults.match);
  set("mode", query.mode, defaults.mode);
  set("cursor", query.cursor);
  if (query.cursor) set("dir", query.dir, defaults.dir);
  set("limit", query.limit, defaults.limit);
  return params.toString();
}

/** Whether anything narrows the list (the empty state then says "no runs match"). */
export function isFiltered(query: RunQuery): boolean {
  return Boolean(query.flow || query.env || (query.status && query.status.length > 0) || query.range || query.q || query.mode !== "live");
}

export function statusesOf(query: RunQuery): RunStatus[] {
  return query.status ?? [];
}

// ---- Cursors: the (createdAt, id) of a page's edge row, opaque to callers ----------------------

export type RunCursor = { at: Date; id: string };

export function encodeCursor(cursor: RunCursor): string {
  const text = `${cursor.at.toISOString()}|${cursor.id}`;
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(value: string): RunCursor | null {
  try {
    const text = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
    const [at, id] = text.split("|");
    const date = new Date(at ?? "");
    if (!id || Number.isNaN(date.getTime()) || !z.uuid().safeParse(id).success) return null;
    return { at: date, id };
  } catch {
    return null;
  }
}
