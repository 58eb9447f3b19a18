// The e-mail of a notification: the title as subject, the body, and a button to the page the
// notification is about. Plain text for every client, plus a small HTML version with inline styles
// (mail clients ignore style sheets). Everything from the notification is escaped.

export type EmailContent = { subject: string; text: string; html: string };

type NotificationText = { title: string; body: string; link: string | null };

/** The absolute address of `link` ("/inbox/…" under APP_URL, which may carry a path prefix); null without one. */
export function absoluteLink(link: string | null, appUrl: string): string | null {
  if (!link) return null;
  if (link.startsWith("/") && !link.startsWith("//")) return `${appUrl.replace(/\/+$/, "")}${link}`;
  return /^https?:\/\//i.test(link) ? link : null;
}

export function renderNotificationEmail(notification: NotificationText, appUrl: string): EmailContent {
  const link = absoluteLink(notification.link, appUrl);
  const all = absoluteLink("/notifications", appUrl) ?? appUrl;
  const title = oneLine(notification.title);
  const body = notification.body.trim();
  const text = [
    title,
    "",
    ...(body ? [body, ""] : []),
    ...(link ? [`Open in Millwright: ${link}`, ""] : []),
    "--",
    `All your notifications: ${all}`,
  ].join("\n");
  return { subject: title, text, html: html(title, body, link, all) };
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(title: string, body: string, link: string | null, all: string): string {
  const paragraphs = body
    .split(/\n{2,}/)
    .filter(Boolean)
    .map((p) => `<p style="margin:0 0 12px;font-size:14px;line-height:22px;color:#3f3f46">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
  const button = link
    ? `<p style="margin:20px 0 4px"><a href="${escapeHtml(link)}" style="display:inline-block;background:#276575;color:#ffffff;text-decoration:none;font-weight:600;font-size:14px;padding:10px 18px;border-radius:6px">Open in Millwright</a></p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px">
<tr><td style="padding:24px 28px">
<p style="margin:0 0 16px;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#71717a">Millwright</p>
<h1 style="margin:0 0 12px;font-size:18px;line-height:26px;color:#18181b">${escapeHtml(title)}</h1>
${paragraphs}${button}
</td></tr></table>
<p style="margin:16px 0 0;font-size:12px;color:#71717a"><a href="${escapeHtml(all)}" style="color:#71717a">All your notifications</a></p>
</td></tr></table>
</body></html>`;
}
