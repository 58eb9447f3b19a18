"use client";

// The bell's data: GET /api/notifications polled every 20 s while the tab is visible (React Query
// pauses polling in background tabs), and opening or marking notifications read through the server
// actions, after which the feed and the server-rendered page are refreshed.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import type { NotificationFeed, NotificationView } from "../../lib/notifications/types.ts";
import type { FlowAction } from "../flows/use-flow-action.ts";
import { useToast } from "../ui/toast.tsx";

/** The server actions (app/(app)/notifications/actions.ts), passed in by the layout and the page. */
export type NotificationActions = {
  markRead: FlowAction<{ id: string }, null>;
  markAllRead: FlowAction<Record<string, never>, { marked: number }>;
};

const FEED_KEY = ["notifications", "feed"];
export const POLL_MS = 20_000;

async function fetchFeed(): Promise<NotificationFeed> {
  const response = await fetch("/api/notifications", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return (await response.json()) as NotificationFeed;
}

export function useNotificationFeed() {
  return useQuery({ queryKey: FEED_KEY, queryFn: fetchFeed, refetchInterval: POLL_MS, staleTime: 5_000 });
}

/** Marks the notification read (the dot goes at once) and goes to its page, when it has one. */
export function useOpenNotification(actions: NotificationActions): (notification: NotificationView) => void {
  const client = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  return useCallback(
    (notification) => {
      if (!notification.read) {
        client.setQueryData<NotificationFeed>(FEED_KEY, (feed) =>
          feed && { unread: Math.max(0, feed.unread - 1), items: feed.items.map((item) => (item.id === notification.id ? { ...item, read: true } : item)) },
        );
        void actions.markRead({ id: notification.id }).then((result) => {
          if (!result.ok) toast(result.message, "error");
          void client.invalidateQueries({ queryKey: FEED_KEY });
          if (!notification.link) router.refresh();
        });
      }
      if (notification.link) router.push(notification.link);
    },
    [actions, client, router, toast],
  );
}

/** Marks everything read; resolves false (after a toast) when the server refused. */
export function useMarkAllRead(actions: NotificationActions): () => Promise<boolean> {
  const client = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  return useCallback(async () => {
    client.setQueryData<NotificationFeed>(FEED_KEY, (feed) => feed && { unread: 0, items: feed.items.map((item) => ({ ...item, read: true })) });
    const result = await actions.markAllRead({});
    if (!result.ok) toast(result.message, "error");
    await client.invalidateQueries({ queryKey: FEED_KEY });
    router.refresh();
    return result.ok;
  }, [actions, client, router, toast]);
}
