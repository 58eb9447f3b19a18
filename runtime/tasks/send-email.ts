// The "send-email" task: the e-mail of one in-app notification, queued by notify()
// (lib/notifications/notify.server.ts) in the transaction that wrote the notification, with
// max_attempts 10. Skipped when the person was deactivated or has read the notification in the app
// meanwhile (a retry can come hours later). Transient SMTP failures throw, so graphile-worker retries
// with its backoff; permanent ones (a 5xx refusal of the recipient or message) are logged and the
// job ends: sending again cannot help.
//
// Delivery is at least once: a worker that crashes after the server accepted the message but before
// the job completes sends it again on retry. There is no sent-at column; the log line "notification
// e-mail sent" with the message id is the record. A rare duplicate e-mail is acceptable here; a lost
// one is not.
import type { Task } from "graphile-worker";
import type { Logger } from "pino";
import { z } from "zod";
import type { Db } from "../../lib/db/client.ts";
import { renderNotificationEmail } from "../../lib/notifications/email.ts";
import { isPermanentMailFailure, mailConfig, sendMail } from "../../lib/notifications/mailer.server.ts";

const ZEmailJob = z.object({ notificationId: z.uuid() });

export type EmailOutcome = "sent" | "skipped" | "refused";

type Deps = { db: Db; log: Logger };

export function sendEmailTask(deps: Deps): Task {
  return async (payload) => {
    const job = ZEmailJob.parse(payload);
    await deliverNotificationEmail(deps, job.notificationId);
  };
}

/** Sends the notification's e-mail; throws on failures worth retrying. */
export async function deliverNotificationEmail({ db, log }: Deps, notificationId: string): Promise<EmailOutcome> {
  const notification = await db.notification.findUnique({
    where: { id: notificationId },
    select: { id: true, title: true, body: true, link: true, readAt: true, user: { select: { id: true, email: true, active: true } } },
  });
  const context = { notificationId, userId: notification?.user.id };
  if (!notification || !notification.user.active || notification.readAt) {
    log.info({ ...context, reason: !notification ? "deleted" : !notification.user.active ? "user inactive" : "already read" }, "notification e-mail skipped");
    return "skipped";
  }
  const config = mailConfig(); // a configuration error throws: retried, so fixing the setting delivers the mail
  const content = renderNotificationEmail(notification, config.appUrl);
  try {
    const { messageId } = await sendMail(config, { to: notification.user.email, ...content });
    log.info({ ...context, messageId }, "notification e-mail sent");
    return "sent";
  } catch (error) {
    if (!isPermanentMailFailure(error)) throw error;
    log.warn({ ...context, err: error }, "notification e-mail refused by the mail server; not retried");
    return "refused";
  }
}
