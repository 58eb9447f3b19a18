import clsx from "clsx";
import { Bell, CheckCheck, ChevronLeft, ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { z } from "zod";
import { MarkAllReadButton, NotificationList } from "../../../components/notifications/notification-list.tsx";
import { buttonClasses } from "../../../components/ui/button.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { PageHeader } from "../../../components/ui/page-header.tsx";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { notificationPage, PAGE_SIZE } from "../../../lib/notifications/queries.server.ts";
import type { NotificationPage } from "../../../lib/notifications/types.ts";
import { notificationActions } from "./bindings.ts";

export const metadata: Metadata = { title: "Notifications" };

const ZParams = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  filter: z.enum(["all", "unread"]).catch("all"),
});

type Filter = z.infer<typeof ZParams>["filter"];

function href(filter: Filter, page = 1): string {
  const params = new URLSearchParams();
  if (filter === "unread") params.set("filter", "unread");
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/notifications?${query}` : "/notifications";
}

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageRole("/notifications", ...ROLES);
  const { page, filter } = ZParams.parse(await searchParams);
  const list = await notificationPage(getDb(), user.id, { page, unreadOnly: filter === "unread" });

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Tasks assigned to you, escalations, decisions on your requests and delegations, newest first."
        actions={list.unread > 0 ? <MarkAllReadButton actions={notificationActions} /> : undefined}
      />
      <nav aria-label="Notification views" className="mb-5 flex gap-6 border-b border-zinc-200">
        <Tab href={href("all")} current={filter === "all"} label="All" />
        <Tab href={href("unread")} current={filter === "unread"} label="Unread" count={list.unread} />
      </nav>
      {list.items.length === 0 ? (
        <Empty filter={filter} />
      ) : (
        <>
          <NotificationList items={list.items} now={new Date().toISOString()} actions={notificationActions} />
          <Pager list={list} filter={filter} />
        </>
      )}
    </>
  );
}

function Tab({ href, current, label, count }: { href: string; current: boolean; label: string; count?: number }) {
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={clsx(
        "-mb-px inline-flex h-10 items-center gap-2 border-b-2 px-1 text-sm font-medium transition-colors",
        current ? "border-accent-600 text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800",
      )}
    >
      {label}
      {count !== undefined && count > 0 && (
        <span className="inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-accent-600 px-1.5 text-xs font-semibold text-white tabular-nums">{count}</span>
      )}
    </Link>
  );
}

function Empty({ filter }: { filter: Filter }) {
  if (filter === "unread") {
    return (
      <EmptyState icon={CheckCheck} title="You are all caught up" action={<Link href={href("all")} className={buttonClasses("secondary")}>Show all notifications</Link>}>
        Nothing unread. New tasks, escalations and decisions will appear here and on the bell.
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={Bell} title="No notifications yet">
      When a flow asks you to approve something, a task you own is escalated, someone decides on your request or a colleague delegates their
      approvals to you, you will be told here (and by e-mail when your administrator has set it up).
    </EmptyState>
  );
}

function Pager({ list, filter }: { list: NotificationPage; filter: Filter }) {
  const first = (list.page - 1) * PAGE_SIZE + 1;
  const last = first + list.items.length - 1;
  const link = (page: number, enabled: boolean, children: ReactNode, rel: "prev" | "next") =>
    enabled ? (
      <Link href={href(filter, page)} rel={rel} className={buttonClasses("secondary", "sm")}>
        {children}
      </Link>
    ) : (
      <span aria-disabled="true" className={buttonClasses("secondary", "sm", "pointer-events-none opacity-50")}>
        {children}
      </span>
    );
  return (
    <div className="mt-3 flex items-center justify-between gap-3 text-sm text-zinc-500">
      <p>
        {first}–{last} of {list.total}
      </p>
      {list.pages > 1 && (
        <div className="flex gap-2">
          {link(list.page - 1, list.page > 1, <><ChevronLeft aria-hidden="true" />Newer</>, "prev")}
          {link(list.page + 1, list.page < list.pages, <>Older<ChevronRight aria-hidden="true" /></>, "next")}
        </div>
      )}
    </div>
  );
}
