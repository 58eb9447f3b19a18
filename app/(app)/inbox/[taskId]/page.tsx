import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { requirePageRole } from "../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { taskDetail } from "../../../../lib/tasks/queries.server.ts";
import { InboxList } from "../../../../components/inbox/inbox-list.tsx";
import { OdooRecordSkeleton } from "../../../../components/inbox/odoo-record.tsx";
import { TaskDetailView } from "../../../../components/inbox/task-detail.tsx";
import { inboxActions, loadInbox, type SearchParams } from "../load.server.ts";
import { RecordSection } from "./record-section.tsx";

type Params = Promise<{ taskId: string }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { taskId } = await params;
  return { title: `Task ${taskId.slice(0, 8)}` };
}

/** A task beside the list (split view on wide screens; the list folds away on narrow ones). */
export default async function TaskPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { taskId } = await params;
  const user = await requirePageRole(`/inbox/${taskId}`, ...SECTION_ROLES.inbox);
  if (!UUID.test(taskId)) notFound();
  const now = new Date();
  const [detail, data] = await Promise.all([taskDetail(getDb(), user.id, taskId, now), loadInbox(user, searchParams, now)]);
  if (!detail) notFound();
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <div className="hidden lg:block">
        <InboxList data={data} actions={inboxActions} activeTaskId={taskId} compact />
      </div>
      <TaskDetailView
        task={detail}
        data={data}
        actions={inboxActions}
        canSeeRuns={user.roles.includes("ADMIN") || user.roles.includes("ANALYST")}
        now={now.getTime()}
        record={
          detail.record && (
            <Suspense fallback={<OdooRecordSkeleton recordRef={detail.record} />}>
              <RecordSection recordRef={detail.record} environmentId={detail.environmentId} />
            </Suspense>
          )
        }
      />
    </div>
  );
}
