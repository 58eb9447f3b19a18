// The bell's and the notifications page's data: the feed route and the mark-read actions answer any
// signed-in role, refuse anonymous callers, and only ever show or change the caller's own
// notifications, whatever id the browser sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "../../../test/session.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/test-database.ts";
import type { Role } from "../../../lib/auth/roles.ts";
import type { NotificationFeed } from "../../../lib/notifications/types.ts";

let t: TestDatabase;
let actions: typeof import("./actions.ts");
let feedRoute: typeof import("../../api/notifications/route.ts");
let queries: typeof import("../../../lib/notifications/queries.server.ts");
const ids: Record<string, string> = {};

async function notification(userId: string, title: string, minutesAgo: number, read = false): Promise<string> {
  const row = await t.db.notification.create({
    data: { userId, kind: "task.assigned", title, link: `/inbox/${title}`, createdAt: new Date(Date.now() - minutesAgo * 60_000), readAt: read ? new Date() : null },
  });
  return row.id;
}

async function feed(): Promise<{ status: number; body: NotificationFeed }> {
  const response = await feedRoute.GET();
  return { status: response.status, body: (await response.json()) as NotificationFeed };
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  actions = await import("./actions.ts");
  feedRoute = await import("../../api/notifications/route.ts");
  queries = await import("../../../lib/notifications/queries.server.ts");
  const users: [string, Role[]][] = [["ann", ["APPROVER"]], ["bob", ["ANALYST"]], ["dan", ["ADMIN"]], ["nobody", []]];
  for (const [name, roles] of users) ids[name] = (await t.db.user.create({ data: { email: `${name}@plant.example`, name, roles, passwordHash: "x" } })).id;
  for (let i = 0; i < 25; i++) await notification(ids.ann!, `ann-${i}`, i, i >= 3); // ann-0..2 unread, newest first
  ids.bobs = await notification(ids.bob!, "bob-secret", 1);
});
afterAll(async () => {
  await t.drop();
});

describe("the bell's feed (GET /api/notifications)", () => {
  it("refuses anonymous callers and people without a role", async () => {
    signInAs(null);
    expect((await feedRoute.GET()).status).toBe(401);
    signInAs(ids.nobody!);
    expect((await feedRoute.GET()).status).toBe(403);
  });

  it("gives the caller's unread count and latest 20, newest first, and nobody else's", async () => {
    signInAs(ids.ann!);
    const { status, body } = await feed();
    expect(status).toBe(200);
    expect(body.unread).toBe(3);
    expect(body.items).toHaveLength(20);
    expect(body.items.slice(0, 4).map((item) => [item.title, item.read])).toEqual([["ann-0", false], ["ann-1", false], ["ann-2", false], ["ann-3", true]]);
    expect(body.items.some((item) => item.title === "bob-secret")).toBe(false);

    signInAs(ids.dan!);
    expect((await feed()).body).toEqual({ unread: 0, items: [] });
  });
});

describe("marking read", () => {
  it("marks one of mine read; someone else's is 'no longer exists' and stays unread", async () => {
    signInAs(ids.ann!);
    const first = (await feed()).body.items[0]!;
    expect(await actions.markNotificationReadAction({ id: first.id })).toEqual({ ok: true, data: null });
    expect((await feed()).body.unread).toBe(2);
    // Again: already read, still fine.
    expect(await actions.markNotificationReadAction({ id: first.id })).toEqual({ ok: true, data: null });

    expect(await actions.markNotificationReadAction({ id: ids.bobs! })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: ids.bobs! } })).readAt).toBeNull();
    expect(await actions.markNotificationReadAction({ id: "not-an-id" })).toMatchObject({ ok: false, code: "VALIDATION" });
  });

  it("mark all read changes only the caller's notifications", async () => {
    signInAs(ids.ann!);
    expect(await actions.markAllNotificationsReadAction({})).toEqual({ ok: true, data: { marked: 2 } });
    expect((await feed()).body.unread).toBe(0);
    signInAs(ids.bob!);
    expect((await feed()).body.unread).toBe(1);
  });

  it("refuses anonymous callers and people without a role", async () => {
    signInAs(null);
    expect(await actions.markAllNotificationsReadAction({})).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    signInAs(ids.nobody!);
    expect(await actions.markNotificationReadAction({ id: ids.bobs! })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: ids.bobs! } })).readAt).toBeNull();
  });
});

describe("the notifications page's query", () => {
  it("pages the caller's notifications (25 a page) and filters the unread ones", async () => {
    await notification(ids.ann!, "ann-new", 0);
    const page1 = await queries.notificationPage(t.db, ids.ann!, { page: 1, unreadOnly: false }, 10);
    expect([page1.total, page1.pages, page1.unread, page1.items[0]?.title]).toEqual([26, 3, 1, "ann-new"]);
    const page3 = await queries.notificationPage(t.db, ids.ann!, { page: 3, unreadOnly: false }, 10);
    expect(page3.items.map((item) => item.title)).toEqual(["ann-19", "ann-20", "ann-21", "ann-22", "ann-23", "ann-24"]);
    // Past the end: the last page.
    expect((await queries.notificationPage(t.db, ids.ann!, { page: 99, unreadOnly: false }, 10)).page).toBe(3);
    const unread = await queries.notificationPage(t.db, ids.ann!, { page: 1, unreadOnly: true });
    expect(unread.items.map((item) => item.title)).toEqual(["ann-new"]);
  });
});
