// Notifications end to end on a real PostgreSQL: notify() reaches the right people once each, and
// queues their e-mails only when SMTP is configured; the send-email task delivers through a local
// SMTP server (test/mail-sink.ts), skips who should not get mail, retries what may pass later and
// gives up on refusals; and a real graphile-worker delivers a queued e-mail with its link.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import pino from "pino";
import { startMailSink, type MailSink } from "../../test/mail-sink.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import type { Role } from "../auth/roles.ts";
import { deliverNotificationEmail } from "../../runtime/tasks/send-email.ts";
import { startWorker } from "../../runtime/worker.ts";
import { notify, type Audience, type Sql } from "./notify.server.ts";

let t: TestDatabase;
let sink: MailSink;
let sql: Sql;
const ids: Record<string, string> = {};
const log = pino({ level: "silent" });
const APP_URL = "https://millwright.plant.example";

async function user(name: string, roles: Role[], active = true): Promise<string> {
  const created = await t.db.user.create({ data: { email: `${name}@plant.example`, name, roles, passwordHash: "x", active } });
  return created.id;
}

/** Who got a notification with this title, by name. */
async function recipients(title: string): Promise<string[]> {
  const rows = await t.db.notification.findMany({ where: { title }, select: { user: { select: { name: true } } } });
  return rows.map((row) => row.user.name).sort();
}

async function emailJobs(): Promise<{ notificationId: string; maxAttempts: number }[]> {
  return t.db.$queryRawUnsafe(
    `SELECT j.payload->>'notificationId' AS "notificationId", j.max_attempts AS "maxAttempts"
       FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id
      WHERE k.identifier = 'send-email'`,
  );
}

async function send(audience: Audience, title: string, extra: { body?: string; link?: string } = {}): Promise<number> {
  return notify(sql, audience, { kind: "task.assigned", title, ...extra });
}

beforeAll(async () => {
  t = await createTestDatabase();
  sink = await startMailSink();
  sql = { query: (text, params = []) => t.db.$queryRawUnsafe(text, ...params) };
  ids.ann = await user("ann", ["APPROVER"]);
  ids.bob = await user("bob", ["APPROVER", "ANALYST"]);
  ids.cat = await user("cat", ["ANALYST"]);
  ids.dan = await user("dan", ["ADMIN"]);
  ids.gone = await user("gone", ["APPROVER"], false);
  const group = await t.db.group.create({ data: { name: "Maintenance leads" } });
  ids.group = group.id;
  for (const member of ["cat", "bob", "gone"]) await t.db.groupMember.create({ data: { groupId: group.id, userId: ids[member]! } });
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.APP_URL;
  await sink?.close();
  await t?.drop();
});
beforeEach(() => {
  delete process.env.SMTP_URL;
  process.env.APP_URL = APP_URL;
});

describe("notify()", () => {
  it("reaches users by id, by role and by group, one row per person, active people only", async () => {
    expect(await send({ userIds: [ids.dan!] }, "direct")).toBe(1);
    expect(await recipients("direct")).toEqual(["dan"]);

    // ann and bob approve; gone approves too but is deactivated.
    expect(await send({ roles: ["APPROVER"] }, "by role")).toBe(2);
    expect(await recipients("by role")).toEqual(["ann", "bob"]);

    expect(await send({ groupIds: [ids.group!] }, "by group")).toBe(2);
    expect(await recipients("by group")).toEqual(["bob", "cat"]);

    // bob is named, has the role and is in the group: still one notification.
    expect(await send({ userIds: [ids.bob!], roles: ["APPROVER"], groupIds: [ids.group!] }, "overlap")).toBe(3);
    expect(await recipients("overlap")).toEqual(["ann", "bob", "cat"]);
  });

  it("leaves out exceptUserIds (e.g. the person who acted) and deactivated people named directly", async () => {
    expect(await send({ roles: ["APPROVER"], groupIds: [ids.group!], exceptUserIds: [ids.bob!] }, "not bob")).toBe(2);
    expect(await recipients("not bob")).toEqual(["ann", "cat"]);
    expect(await send({ userIds: [ids.gone!] }, "to the departed")).toBe(0);
  });

  it("queues no e-mail without SMTP_URL, and one job per recipient (10 attempts) with it", async () => {
    await send({ roles: ["APPROVER"] }, "in-app only");
    expect(await emailJobs()).toEqual([]);

    process.env.SMTP_URL = sink.url;
    await send({ roles: ["APPROVER"] }, "with e-mail");
    const rows = await t.db.notification.findMany({ where: { title: "with e-mail" }, select: { id: true } });
    const jobs = await emailJobs();
    expect(jobs.map((job) => job.notificationId).sort()).toEqual(rows.map((row) => row.id).sort());
    expect(jobs.every((job) => job.maxAttempts === 10)).toBe(true);
    await t.db.$executeRawUnsafe(`DELETE FROM graphile_worker._private_jobs`); // the worker below must not send these
  });
});

describe("the send-email task", () => {
  async function notificationFor(name: string, title: string, extra: { body?: string; link?: string } = {}): Promise<string> {
    await send({ userIds: [ids[name]!] }, title, extra);
    const row = await t.db.notification.findFirstOrThrow({ where: { title, userId: ids[name]! } });
    return row.id;
  }

  beforeEach(() => {
    process.env.SMTP_URL = sink.url;
  });

  it("sends the title as subject, the body, and a link to the page under APP_URL, in text and HTML", async () => {
    const id = await notificationFor("ann", "Approve PO-7 <urgent>", { body: "Pump P-7: 3 seals.\nCost centre 4100.", link: "/inbox/po-7" });
    expect(await deliverNotificationEmail({ db: t.db, log }, id)).toBe("sent");
    const mail = await sink.waitFor((m) => m.subject === "Approve PO-7 <urgent>");
    expect(mail.to).toMatchObject({ text: "ann@plant.example" });
    expect(mail.from?.text).toBe('"Millwright" <millwright@localhost>');
    expect(mail.text).toContain("Pump P-7: 3 seals.");
    expect(mail.text).toContain(`${APP_URL}/inbox/po-7`);
    expect(mail.html).toContain(`href="${APP_URL}/inbox/po-7"`);
    expect(mail.html).toContain("Approve PO-7 &#60;urgent&#62;"); // escaped, not markup
  });

  it("uses MAIL_FROM as the sender", async () => {
    process.env.MAIL_FROM = "Plant Ops <ops@plant.example>";
    try {
      const id = await notificationFor("bob", "From ops");
      await deliverNotificationEmail({ db: t.db, log }, id);
      expect((await sink.waitFor((m) => m.subject === "From ops")).from?.value[0]?.address).toBe("ops@plant.example");
    } finally {
      delete process.env.MAIL_FROM;
    }
  });

  it("skips people deactivated since, and notifications already read in the app", async () => {
    const toCat = await notificationFor("cat", "Cat leaves");
    await t.db.user.update({ where: { id: ids.cat! }, data: { active: false } });
    expect(await deliverNotificationEmail({ db: t.db, log }, toCat)).toBe("skipped");
    await t.db.user.update({ where: { id: ids.cat! }, data: { active: true } });

    const seen = await notificationFor("dan", "Seen already");
    await t.db.notification.update({ where: { id: seen }, data: { readAt: new Date() } });
    expect(await deliverNotificationEmail({ db: t.db, log }, seen)).toBe("skipped");
    expect(sink.messages.some((m) => m.subject === "Cat leaves" || m.subject === "Seen already")).toBe(false);
  });

  it("throws on a temporary refusal (so graphile-worker retries) and sends on the next attempt", async () => {
    const id = await notificationFor("dan", "Retry me");
    sink.failFirst(1);
    await expect(deliverNotificationEmail({ db: t.db, log }, id)).rejects.toMatchObject({ responseCode: 451 });
    expect(await deliverNotificationEmail({ db: t.db, log }, id)).toBe("sent");
    await sink.waitFor((m) => m.subject === "Retry me");
  });

  it("gives up without throwing when the server refuses the recipient for good (550)", async () => {
    const id = await notificationFor("bob", "Nobody home");
    sink.refuse(["bob@plant.example"]);
    expect(await deliverNotificationEmail({ db: t.db, log }, id)).toBe("refused");
  });

  it("fails with a message naming the setting when the configuration is wrong", async () => {
    const id = await notificationFor("ann", "Misconfigured");
    process.env.SMTP_URL = "mail.plant.example:25";
    await expect(deliverNotificationEmail({ db: t.db, log }, id)).rejects.toThrow(/SMTP_URL must be a URL like smtp:\/\//);
  });
});

describe("through graphile-worker", () => {
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  it("a notification written in a transaction is e-mailed by the worker, with its link", async () => {
    process.env.SMTP_URL = sink.url;
    worker = await startWorker(t.url);
    await t.db.$transaction((tx) =>
      notify({ query: (text, params = []) => tx.$queryRawUnsafe(text, ...params) }, { userIds: [ids.ann!] }, {
        kind: "task.escalated",
        title: "Escalated: scrap batch B-12",
        body: "Nobody decided it in time; it is now yours.",
        link: "/inbox/b-12",
      }),
    );
    const mail = await sink.waitFor((m) => m.subject === "Escalated: scrap batch B-12", 15_000);
    expect(mail.text).toContain(`${APP_URL}/inbox/b-12`);
    await expect.poll(async () => (await emailJobs()).length, { timeout: 5_000 }).toBe(0);
  });
});
