import { Clock, Inbox } from "lucide-react";
import type { Metadata } from "next";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { Badge } from "../../../components/ui/badge.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { PageHeader } from "../../../components/ui/page-header.tsx";
import { RelativeTime } from "../../../components/ui/time.tsx";
import { openTasksWhere } from "./queries.server.ts";

export const metadata: Metadata = { title: "Inbox" };

const DAY_MS = 24 * 60 * 60 * 1000;

export default async function InboxPage() {
  const user = await requirePageRole("/inbox", ...SECTION_ROLES.inbox);
  const db = getDb();
  const tasks = await db.humanTask.findMany({
    where: await openTasksWhere(db, user),
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    take: 200,
    select: {
      id: true, title: true, description: true, dueAt: true, createdAt: true,
      run: { select: { businessKey: true, environment: { select: { key: true } }, version: { select: { number: true, flow: { select: { name: true } } } } } },
    },
  });
  const now = new Date();

  return (
    <>
      <PageHeader title="Inbox" description="Approvals waiting for you, your roles or your groups, the most urgent first." />
      {tasks.length === 0 ? (
        <EmptyState icon={Inbox} title="Nothing waiting for you">
          When a running flow reaches an approval step addressed to you, one of your roles or one of your groups, the decision
          lands here.
        </EmptyState>
      ) : (
        <ul aria-label="Open tasks" className="divide-y divide-zinc-100 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
          {tasks.map((task) => {
            const overdue = task.dueAt !== null && task.dueAt < now;
            const dueSoon = task.dueAt !== null && !overdue && task.dueAt.getTime() - now.getTime() < DAY_MS;
            return (
              <li key={task.id} className="flex flex-wrap items-start gap-x-6 gap-y-2 px-5 py-4">
                <div className="min-w-0 flex-1">
                  <h2 className="text-sm font-medium text-zinc-900">{task.title}</h2>
                  {task.description && <p className="mt-0.5 line-clamp-2 text-sm text-zinc-600">{task.description}</p>}
                  <p className="mt-1.5 flex flex-wrap items-center gap-x-2 text-xs text-zinc-500">
                    <span>{task.run.version?.flow.name ?? "Test run"}</span>
                    <span aria-hidden="true">·</span>
                    <span>
                      {task.run.environment?.key ?? "no environment"} {task.run.version ? `v${task.run.version.number}` : "draft"}
                    </span>
                    {task.run.businessKey && (
                      <>
                        <span aria-hidden="true">·</span>
                        <span className="font-mono">{task.run.businessKey}</span>
                      </>
                    )}
                    <span aria-hidden="true">·</span>
                    <span>
                      opened <RelativeTime date={task.createdAt} now={now} />
                    </span>
                  </p>
                </div>
                <div className="shrink-0 pt-0.5">
                  {task.dueAt ? (
                    <Badge tone={overdue ? "red" : dueSoon ? "amber" : "neutral"}>
                      <Clock aria-hidden="true" />
                      <span>
                        Due <RelativeTime date={task.dueAt} now={now} />
                      </span>
                    </Badge>
                  ) : (
                    <span className="text-xs text-zinc-500">No due date</span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
