// The bell and the notifications page read and mark notifications through these functions only.
// Every one of them takes the caller's user id and filters on it: a person never sees nor marks
// someone else's notifications, whatever id the browser sends.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { NotificationFeed, NotificationPage, NotificationView } from "./types.ts";

export const FEED_SIZE = 20;
export const PAGE_SIZE = 25;

const VIEW = { id: true, kind: true, title: true, body: true, link: true, createdAt: true, readAt: true } as const;

function view(row: { id: string; kind: string; title: string; body: string; link: string | null; createdAt: Date; readAt: Date | null }): NotificationView {
  return { id: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link, createdAt: row.createdAt.toISOString(), read: row.readAt !== null };
}

const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

export function unreadCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** The bell: the unread count and the latest notifications, read or not. */
export async function notificationFeed(db: Db, userId: string, limit = FEED_SIZE): Promise<NotificationFeed> {
  const [unread, rows] = await Promise.all([
    unreadCount(db, userId),
    db.notification.findMany({ where: { userId }, orderBy: NEWEST_FIRST, take: limit, select: VIEW }),
  ]);
  return { unread, items: rows.map(view) };
}

/** One page (1-based) of all the person's notifications, or of the unread ones only. */
export async function notificationPage(db: Db, userId: string, options: { page: number; unreadOnly: boolean }, pageSize = PAGE_SIZE): Promise<NotificationPage> {
  const where = { userId, ...(options.unreadOnly ? { readAt: null } : {}) };
  const [unread, total] = await Promise.all([unreadCount(db, userId), db.notification.count({ where })]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page), pages);
  const rows = await db.notification.findMany({ where, orderBy: NEWEST_FIRST, skip: (page - 1) * pageSize, take: pageSize, select: VIEW });
  return { unread, total, page, pages, items: rows.map(view) };
}

/** Marks one of the person's notifications read (already read: nothing changes). NOT_FOUND for anyone else's. */
export async function markRead(db: Db, userId: string, id: string): Promise<void> {
  const { count } = await db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
  if (count === 0 && (await db.notification.count({ where: { id, userId } })) === 0) {
    throw new AppError("NOT_FOUND", "This notification no longer exists.");
  }
}

/** Marks all the person's unread notifications read; returns how many. */
export async function markAllRead(db: Db, userId: string): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  return count;
}
