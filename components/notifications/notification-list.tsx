"use client";

import { CheckCheck } from "lucide-react";
import { useState } from "react";
import type { NotificationView } from "../../lib/notifications/types.ts";
import { Button } from "../ui/button.tsx";
import { NotificationItem } from "./notification-item.tsx";
import { useMarkAllRead, useOpenNotification, type NotificationActions } from "./use-notifications.ts";

/** The notifications page's list (rendered on the server; `now` keeps the relative times identical in the browser). */
export function NotificationList({ items, now, actions }: { items: NotificationView[]; now: string; actions: NotificationActions }) {
  const open = useOpenNotification(actions);
  const at = new Date(now);
  return (
    <ul aria-label="Notifications" className="divide-y divide-zinc-100 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
      {items.map((notification) => (
        <li key={notification.id}>
          <NotificationItem notification={notification} now={at} onOpen={open} />
        </li>
      ))}
    </ul>
  );
}

export function MarkAllReadButton({ actions }: { actions: NotificationActions }) {
  const markAllRead = useMarkAllRead(actions);
  const [pending, setPending] = useState(false);
  return (
    <Button
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await markAllRead();
        setPending(false);
      }}
    >
      <CheckCheck aria-hidden="true" />
      Mark all read
    </Button>
  );
}
