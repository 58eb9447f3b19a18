// Browser-safe shapes the inbox's pages and components share: the address's query (view, filters,
// sort), the server actions as the pages pass them down, and a bulk decision's outcome.
import { z } from "zod";
import type { ActionResult } from "../../lib/flows/action-result.ts";
import type { DecideResult, DecideTaskInput } from "../../lib/tasks/types.ts";

export type BulkDecideOutcome = { results: ({ taskId: string; ok: true; result: DecideResult } | { taskId: string; ok: false; message: string })[] };

export type InboxActions = {
  decide: (input: DecideTaskInput) => Promise<ActionResult<DecideResult>>;
  bulkDecide: (input: { taskIds: string[]; decision: "approved" | "rejected"; comment?: string }) => Promise<ActionResult<BulkDecideOutcome>>;
  claim: (input: { taskId: string }) => Promise<ActionResult<null>>;
  release: (input: { taskId: string }) => Promise<ActionResult<null>>;
};

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The inbox's address: ?view=decided&flow=<id>&priority=high&overdue=1&via=me|shared&claimed=me&sort=newest. */
export const ZInboxQuery = z.object({
  view: z.enum(["open", "decided"]).catch("open").default("open"),
  flow: optional(z.uuid()),
  priority: optional(z.enum(["low", "normal", "high"])),
  overdue: optional(z.literal("1")),
  via: optional(z.enum(["me", "shared"])),
  claimed: optional(z.literal("me")),
  sort: optional(z.literal("newest")),
});
export type InboxQuery = z.output<typeof ZInboxQuery>;

export function parseInboxQuery(params: Record<string, string | string[] | undefined> | URLSearchParams): InboxQuery {
  const entries = params instanceof URLSearchParams ? Object.fromEntries(params) : Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  return ZInboxQuery.parse(entries);
}

/** The query as a search string without defaults ("" for the plain inbox). */
export function inboxQueryString(query: Partial<InboxQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || (key === "view" && value === "open")) continue;
    params.set(key, String(value));
  }
  return params.toString();
}

export function isFiltered(query: InboxQuery): boolean {
  return Boolean(query.flow || query.priority || query.overdue || query.via || query.claimed);
}
