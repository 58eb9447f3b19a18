// Outgoing e-mail through SMTP. Configured by the environment (read at first use, validated with zod,
// so a typo fails the first send with a message naming the variable, not a mail silently lost):
//   SMTP_URL   nodemailer's URL form: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://...:465
//   MAIL_FROM  the sender, default "Millwright <millwright@localhost>"
//   APP_URL    the address people open Millwright at, for the links in e-mails (NEXTAUTH_URL when unset)
// One transporter per process (rebuilt only if the configuration changes, e.g. between tests).
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { AppError } from "../errors.ts";

const DEFAULT_FROM = "Millwright <millwright@localhost>";

const ZMailConfig = z.object({
  smtpUrl: z
    .string({ error: "SMTP_URL is not set" })
    .trim()
    .refine((value) => URL.canParse(value) && /^smtps?:$/.test(new URL(value).protocol), {
      error: "SMTP_URL must be a URL like smtp://user:password@mail.example.com:587 or smtps://mail.example.com:465",
    }),
  from: z.string().trim().regex(/^[^<>@\s]+@[^<>@\s]+$|^.*<[^<>@\s]+@[^<>@\s]+>$/, {
    error: 'MAIL_FROM must be an address, optionally with a name: "Millwright <millwright@plant.example>"',
  }),
  appUrl: z
    .string({ error: "APP_URL is not set: set it to the address people open Millwright at (e.g. https://millwright.plant.example), so e-mails can link back" })
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      error: "APP_URL must be an http(s) address like https://millwright.plant.example",
    }),
});

export type MailConfig = z.infer<typeof ZMailConfig>;

/** The mail settings from `env`; throws an AppError naming what is wrong. */
export function mailConfig(env: Record<string, string | undefined> = process.env): MailConfig {
  const parsed = ZMailConfig.safeParse({
    smtpUrl: env.SMTP_URL || undefined,
    from: env.MAIL_FROM?.trim() || DEFAULT_FROM,
    appUrl: env.APP_URL || env.NEXTAUTH_URL || undefined,
  });
  if (!parsed.success) {
    throw new AppError("VALIDATION", `E-mail is not configured correctly: ${parsed.error.issues.map((issue) => issue.message).join("; ")}.`);
  }
  return parsed.data;
}

// Short timeouts: a mail server that hangs must not hold a worker slot for nodemailer's default 10
// minutes. Query parameters of SMTP_URL (?socketTimeout=60000) override them.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, ms] of Object.entries(TIMEOUTS)) if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  return url.toString();
}

let cached: { key: string; transporter: Transporter } | undefined;

function transporterFor(config: MailConfig): Transporter {
  if (cached?.key !== config.smtpUrl) {
    cached?.transporter.close();
    cached = { key: config.smtpUrl, transporter: nodemailer.createTransport(withTimeouts(config.smtpUrl)) };
  }
  return cached.transporter;
}

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

/** Sends one e-mail; nodemailer's error (with `code` and `responseCode`) is thrown as is. */
export async function sendMail(config: MailConfig, mail: OutgoingMail): Promise<{ messageId: string }> {
  const info = (await transporterFor(config).sendMail({ from: config.from, ...mail })) as { messageId: string };
  return { messageId: info.messageId };
}

/**
 * True when sending again cannot help: the server refused the recipient, the sender or the message
 * for good (a 5xx answer), or the address is malformed. Anything else (4xx, refused or dropped
 * connections, timeouts, a rejected login an admin may fix) is worth retrying.
 */
export function isPermanentMailFailure(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  const refused = typeof responseCode === "number" && responseCode >= 500 && responseCode < 600;
  if (code === "EENVELOPE") return refused || responseCode === undefined;
  return code === "EMESSAGE" && refused;
}
