// Browser-safe shapes of notifications, shared by the queries, the API route and the bell.

/** A notification as the browser gets it (JSON-safe: dates as ISO strings). */
export type NotificationView = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
};

/** The bell: the unread count and the latest notifications, read or not. */
export type NotificationFeed = { unread: number; items: NotificationView[] };

/** One page of the notifications page. */
export type NotificationPage = NotificationFeed & { total: number; page: number; pages: number };
