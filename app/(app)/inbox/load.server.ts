// What both inbox pages (the list, and a task beside the list) load for the list: the address's
// view and filters, my open tasks or my history, and the flows to filter by.
import type { SessionUser } from "../../../lib/auth/sign-in.server.ts";
import { getDb } from "../../../lib/db/client.ts";
import { listDecidedTasks, listOpenTasks, openTaskFlows, type InboxFilter } from "../../../lib/tasks/queries.server.ts";
import { parseInboxQuery, type InboxQuery } from "../../../components/inbox/inbox-types.ts";
import type { InboxListData } from "../../../components/inbox/inbox-list.tsx";
import { bulkDecideAction, claimTaskAction, decideTaskAction, releaseTaskAction } from "./actions.ts";
import type { InboxActions } from "../../../components/inbox/inbox-types.ts";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const inboxActions: InboxActions = { decide: decideTaskAction, bulkDecide: bulkDecideAction, claim: claimTaskAction, release: releaseTaskAction };

export function filterOf(query: InboxQuery): InboxFilter {
  return {
    flowId: query.flow, priority: query.priority, overdue: query.overdue === "1", via: query.via,
    claimedByMe: query.claimed === "me", sort: query.sort === "newest" ? "newest" : "due",
  };
}

export async function loadInbox(user: SessionUser, searchParams: SearchParams, now: Date): Promise<InboxListData> {
  const query = parseInboxQuery(await searchParams);
  const db = getDb();
  const [open, decided, flows] = await Promise.all([
    query.view === "open" ? listOpenTasks(db, user.id, filterOf(query), now) : Promise.resolve({ tasks: [], more: false }),
    query.view === "decided" ? listDecidedTasks(db, user.id) : Promise.resolve([]),
    openTaskFlows(db, user.id, now),
  ]);
  return { query, tasks: open.tasks, more: open.more, decided, flows, userId: user.id, now: now.getTime() };
}
