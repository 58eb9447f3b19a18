"use client";

import clsx from "clsx";
import { AlarmClock, Bell, CircleCheck, Forward, Inbox, Undo2, type LucideIcon } from "lucide-react";
import type { NotificationView } from "../../lib/notifications/types.ts";
import { RelativeTime } from "../ui/time.tsx";

const KIND_ICONS: Record<string, LucideIcon> = {
  "task.assigned": Inbox,
  "task.escalated": AlarmClock,
  "task.decided": CircleCheck,
  "task.delegated": Forward,
  "task.delegation_revoked": Undo2,
};

/**
 * One notification: what it is about (icon), title, body, when, and a dot while unread. Clicking it
 * marks it read and opens its page; a read one without a page is plain text.
 */
export function NotificationItem({
  notification,
  now,
  onOpen,
  compact = false,
}: {
  notification: NotificationView;
  now?: Date;
  onOpen: (notification: NotificationView) => void;
  compact?: boolean;
}) {
  const Icon = KIND_ICONS[notification.kind] ?? Bell;
  const unread = !notification.read;
  const interactive = unread || notification.link !== null;
  const time = <RelativeTime date={new Date(notification.createdAt)} now={now} />;
  const content = (
    <>
      <span
        aria-hidden="true"
        className={clsx(
          "mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full ring-1",
          unread ? "bg-accent-50 text-accent-600 ring-accent-100" : "bg-zinc-50 text-zinc-400 ring-zinc-200",
        )}
      >
        <Icon className="size-4" />
      </span>
      <span className="min-w-0 flex-1">
        <span className={clsx("block text-sm", unread ? "font-semibold text-zinc-900" : "font-medium text-zinc-700")}>
          {unread && <span className="sr-only">Unread: </span>}
          {notification.title}
        </span>
        {notification.body && (
          <span className={clsx("mt-0.5 block text-sm leading-5 text-zinc-500", compact && "line-clamp-2")}>{notification.body}</span>
        )}
        {compact && <span className="mt-1 block text-xs text-zinc-500">{time}</span>}
      </span>
      {!compact && <span className="mt-0.5 shrink-0 text-xs text-zinc-500">{time}</span>}
      <span aria-hidden="true" className={clsx("mt-1.5 size-2 shrink-0 rounded-full", unread ? "bg-accent-500" : "bg-transparent")} />
    </>
  );
  const layout = clsx("flex w-full items-start gap-3 text-left", compact ? "px-4 py-3" : "px-5 py-3.5");
  if (!interactive) return <div className={layout}>{content}</div>;
  return (
    <button
      type="button"
      onClick={() => onOpen(notification)}
      className={clsx(layout, "transition-colors outline-none hover:bg-zinc-50 focus-visible:bg-zinc-50 focus-visible:ring-2 focus-visible:ring-accent-500 focus-visible:ring-inset", unread && "bg-accent-50/30")}
    >
      {content}
    </button>
  );
}
