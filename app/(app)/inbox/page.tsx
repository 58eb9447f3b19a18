import type { Metadata } from "next";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { InboxList } from "../../../components/inbox/inbox-list.tsx";
import { PromotionRequestsSection } from "../../../components/promotions/inbox-section.tsx";
import { inboxActions, loadInbox, type SearchParams } from "./load.server.ts";

export const metadata: Metadata = { title: "Inbox" };

/** My open tasks (or what I decided), filtered through the address; kept fresh by the client. */
export default async function InboxPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageRole("/inbox", ...SECTION_ROLES.inbox);
  const data = await loadInbox(user, searchParams, new Date());
  return (
    <>
      <PromotionRequestsSection user={user} />
      <InboxList data={data} actions={inboxActions} />
    </>
  );
}
