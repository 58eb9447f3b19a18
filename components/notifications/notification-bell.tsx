"use client";

import clsx from "clsx";
import { Bell, BellOff, CheckCheck, LoaderCircle } from "lucide-react";
import Link from "next/link";
import { useId, useRef, useState, type ToggleEvent } from "react";
import { Skeleton } from "../ui/skeleton.tsx";
import { NotificationItem } from "./notification-item.tsx";
import { useMarkAllRead, useNotificationFeed, useOpenNotification, type NotificationActions } from "./use-notifications.ts";

const PANEL_WIDTH = 384;

function placeUnder(button: HTMLElement, panel: HTMLElement) {
  const rect = button.getBoundingClientRect();
  const width = Math.min(PANEL_WIDTH, window.innerWidth - 16);
  panel.style.width = `${width}px`;
  panel.style.top = `${rect.bottom + 6}px`;
  panel.style.left = `${Math.min(Math.max(8, rect.right - width), window.innerWidth - width - 8)}px`;
}

/**
 * The bell in the app's header: the unread count (polled), and on click a panel (native popover:
 * top layer, Escape and a click outside close it) with the latest notifications, "Mark all read"
 * and a link to all of them. `initialUnread` is the server's count, shown until the first poll.
 */
export function NotificationBell({ initialUnread, actions }: { initialUnread: number; actions: NotificationActions }) {
  const panelId = useId();
  const headingId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [marking, setMarking] = useState(false);
  const feed = useNotificationFeed();
  const openNotification = useOpenNotification(actions);
  const markAllRead = useMarkAllRead(actions);
  const unread = feed.data?.unread ?? initialUnread;

  // The browser toggles the panel (popovertarget: a click on the bell while open closes it, it is
  // not light-dismissed and reopened); this only places it under the bell before it shows.
  function onBeforeToggle(event: ToggleEvent<HTMLDivElement>) {
    const button = buttonRef.current;
    if (event.newState !== "open" || !button) return;
    placeUnder(button, event.currentTarget);
    void feed.refetch();
  }

  function close() {
    panelRef.current?.hidePopover();
  }

  async function onMarkAll() {
    setMarking(true);
    await markAllRead();
    setMarking(false);
  }

  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        popoverTarget={panelId}
        className={clsx(
          "relative inline-flex size-9 items-center justify-center rounded-md text-zinc-500 transition-colors hover:bg-zinc-100 hover:text-zinc-900",
          open && "bg-zinc-100 text-zinc-900",
        )}
      >
        <Bell aria-hidden="true" className="size-[18px]" />
        {unread > 0 && (
          <span
            aria-hidden="true"
            data-testid="notification-count"
            className="absolute top-1 right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white tabular-nums ring-2 ring-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      <div
        ref={panelRef}
        id={panelId}
        popover="auto"
        role="dialog"
        aria-labelledby={headingId}
        tabIndex={-1}
        onBeforeToggle={onBeforeToggle}
        onToggle={(event) => {
          const opened = event.newState === "open";
          setOpen(opened);
          // Keyboard users continue inside the panel; closing it (Escape) brings them back to the bell.
          if (opened) event.currentTarget.focus();
          else if (event.currentTarget.contains(document.activeElement)) buttonRef.current?.focus();
        }}
        className="fixed inset-auto m-0 max-h-[min(36rem,calc(100dvh-5rem))] flex-col open:flex overflow-hidden rounded-lg border-0 bg-white p-0 text-zinc-800 shadow-xl ring-1 ring-zinc-900/10 outline-none"
      >
        <header className="flex items-center justify-between gap-3 border-b border-zinc-100 px-4 py-3">
          <h2 id={headingId} className="text-sm font-semibold text-zinc-900">
            Notifications
            {unread > 0 && <span className="ml-2 text-xs font-medium text-zinc-500">{unread} unread</span>}
          </h2>
          <button
            type="button"
            onClick={onMarkAll}
            disabled={unread === 0 || marking}
            className="inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-accent-700 transition-colors hover:bg-accent-50 disabled:cursor-default disabled:text-zinc-400 disabled:hover:bg-transparent"
          >
            {marking ? <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" /> : <CheckCheck aria-hidden="true" className="size-3.5" />}
            Mark all read
          </button>
        </header>
        <div className="min-h-0 flex-1 overflow-y-auto">
          <FeedBody
            feed={feed}
            onOpen={(notification) => {
              if (notification.link) close();
              openNotification(notification);
            }}
          />
        </div>
        <footer className="border-t border-zinc-100 bg-zinc-50/60 px-4 py-2.5 text-center">
          <Link href="/notifications" onClick={close} className="text-sm font-medium text-accent-700 hover:text-accent-800 hover:underline">
            See all notifications
          </Link>
        </footer>
      </div>
    </>
  );
}

function FeedBody({ feed, onOpen }: { feed: ReturnType<typeof useNotificationFeed>; onOpen: Parameters<typeof NotificationItem>[0]["onOpen"] }) {
  if (feed.isPending) {
    return (
      <div role="status" aria-label="Loading notifications" className="space-y-4 px-4 py-4">
        {[0, 1, 2].map((row) => (
          <div key={row} className="flex gap-3">
            <Skeleton className="size-8 rounded-full" />
            <div className="flex-1 space-y-2">
              <Skeleton className="h-3.5 w-3/4" />
              <Skeleton className="h-3 w-1/2" />
            </div>
          </div>
        ))}
      </div>
    );
  }
  if (feed.isError && !feed.data) {
    return <p className="px-4 py-8 text-center text-sm text-zinc-500">Notifications could not be loaded. Millwright tries again in a moment.</p>;
  }
  const items = feed.data?.items ?? [];
  if (items.length === 0) {
    return (
      <div className="flex flex-col items-center px-6 py-10 text-center">
        <span className="flex size-10 items-center justify-center rounded-full bg-zinc-100 text-zinc-400">
          <BellOff aria-hidden="true" className="size-5" />
        </span>
        <p className="mt-3 text-sm font-medium text-zinc-900">No notifications yet</p>
        <p className="mt-1 max-w-64 text-sm text-zinc-500">Tasks assigned to you, escalations and decisions on your requests show up here.</p>
      </div>
    );
  }
  return (
    <ul aria-label="Latest notifications" className="divide-y divide-zinc-100">
      {items.map((notification) => (
        <li key={notification.id}>
          <NotificationItem notification={notification} onOpen={onOpen} compact />
        </li>
      ))}
    </ul>
  );
}
