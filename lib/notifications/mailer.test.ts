// The mail settings are checked with a message an administrator can act on, and SMTP failures are
// told apart: only those that cannot pass later stop the retries.
import { describe, expect, it } from "vitest";
import { absoluteLink, renderNotificationEmail } from "./email.ts";
import { isPermanentMailFailure, mailConfig } from "./mailer.server.ts";

describe("mailConfig", () => {
  it("reads SMTP_URL, MAIL_FROM (with a default) and APP_URL, falling back to NEXTAUTH_URL", () => {
    expect(mailConfig({ SMTP_URL: "smtp://u:p@mail.plant.example:587", NEXTAUTH_URL: "http://localhost:3000" })).toEqual({
      smtpUrl: "smtp://u:p@mail.plant.example:587",
      from: "Millwright <millwright@localhost>",
      appUrl: "http://localhost:3000",
    });
    expect(mailConfig({ SMTP_URL: "smtps://mail.plant.example", MAIL_FROM: "ops@plant.example", APP_URL: "https://mw.plant.example", NEXTAUTH_URL: "http://x" })).toMatchObject({
      from: "ops@plant.example",
      appUrl: "https://mw.plant.example",
    });
  });

  it("names each setting that is missing or malformed", () => {
    expect(() => mailConfig({ APP_URL: "https://mw.plant.example" })).toThrow("E-mail is not configured correctly: SMTP_URL is not set.");
    expect(() => mailConfig({ SMTP_URL: "http://mail.plant.example", APP_URL: "https://mw.plant.example" })).toThrow(/SMTP_URL must be a URL like smtp:/);
    expect(() => mailConfig({ SMTP_URL: "smtp://mail.plant.example" })).toThrow(/APP_URL is not set/);
    expect(() => mailConfig({ SMTP_URL: "smtp://mail.plant.example", APP_URL: "mw.plant.example" })).toThrow(/APP_URL must be an http\(s\) address/);
    expect(() => mailConfig({ SMTP_URL: "smtp://mail.plant.example", APP_URL: "https://mw", MAIL_FROM: "Millwright" })).toThrow(/MAIL_FROM must be an address/);
  });
});

describe("isPermanentMailFailure", () => {
  const failure = (code: string, responseCode?: number) => Object.assign(new Error("smtp"), { code, responseCode });
  it("gives up on 5xx refusals of the recipient or message and on malformed addresses", () => {
    expect(isPermanentMailFailure(failure("EENVELOPE", 550))).toBe(true);
    expect(isPermanentMailFailure(failure("EENVELOPE"))).toBe(true);
    expect(isPermanentMailFailure(failure("EMESSAGE", 554))).toBe(true);
  });
  it("retries temporary refusals, connection trouble, timeouts and rejected logins", () => {
    expect(isPermanentMailFailure(failure("EENVELOPE", 451))).toBe(false);
    expect(isPermanentMailFailure(failure("EMESSAGE", 452))).toBe(false);
    expect(isPermanentMailFailure(failure("ECONNECTION"))).toBe(false);
    expect(isPermanentMailFailure(failure("ETIMEDOUT"))).toBe(false);
    expect(isPermanentMailFailure(failure("EAUTH", 535))).toBe(false);
    expect(isPermanentMailFailure(new Error("boom"))).toBe(false);
  });
});

describe("the notification e-mail", () => {
  it("links under APP_URL, keeping a path prefix, and never to other schemes", () => {
    expect(absoluteLink("/inbox/1", "https://plant.example/millwright/")).toBe("https://plant.example/millwright/inbox/1");
    expect(absoluteLink("https://odoo.plant.example/web", "https://mw")).toBe("https://odoo.plant.example/web");
    expect(absoluteLink("javascript:alert(1)", "https://mw")).toBeNull();
    expect(absoluteLink("//evil.example/x", "https://mw")).toBeNull();
    expect(absoluteLink(null, "https://mw")).toBeNull();
  });

  it("has no button without a link, and escapes what the flow put in the title and body", () => {
    const mail = renderNotificationEmail({ title: "Scrap <b>B-12</b>\n", body: 'Reason: "wet" & mouldy', link: null }, "https://mw");
    expect(mail.subject).toBe("Scrap <b>B-12</b>");
    expect(mail.html).not.toContain("Open in Millwright");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("Reason: &#34;wet&#34; &#38; mouldy");
    expect(mail.text).toBe('Scrap <b>B-12</b>\n\nReason: "wet" & mouldy\n\n--\nAll your notifications: https://mw/notifications');
  });
});
