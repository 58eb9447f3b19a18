// A local SMTP server that stands in for the mail relay in tests: plain SMTP on an ephemeral port
// (no STARTTLS, any or no login), every accepted message parsed (`messages`), and `waitFor` to await
// the one a test expects. `refuse` makes it answer 550 to some recipients (a permanent failure) and
// `failFirst` answer 451 to the next n messages (a transient one), like a real relay would.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type MailSink = {
  /** smtp://127.0.0.1:<port>, ready for SMTP_URL. */
  url: string;
  messages: ParsedMail[];
  /** Resolves with the first message (already received or still to come) that matches, or rejects after `timeoutMs`. */
  waitFor(predicate: (message: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Recipients answered with 550 "mailbox unavailable". */
  refuse(addresses: string[]): void;
  /** Answer the next n messages with 451 "try again later". */
  failFirst(n: number): void;
  close(): Promise<void>;
};

type SmtpError = Error & { responseCode: number };

function smtpError(responseCode: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode });
}

export async function startMailSink(): Promise<MailSink> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<{ predicate: (message: ParsedMail) => boolean; resolve: (message: ParsedMail) => void }>();
  const refused = new Set<string>();
  let failuresLeft = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: "test" }),
    onRcptTo: (address, _session, callback) => {
      callback(refused.has(address.address.toLowerCase()) ? smtpError(550, "Mailbox unavailable") : undefined);
    },
    onData: (stream, _session, callback) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        stream.resume();
        stream.on("end", () => callback(smtpError(451, "Try again later")));
        return;
      }
      simpleParser(stream).then(
        (message) => {
          messages.push(message);
          for (const waiter of waiters) {
            if (waiter.predicate(message)) {
              waiters.delete(waiter);
              waiter.resolve(message);
            }
          }
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 10_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve: (message: ParsedMail) => (clearTimeout(timer), resolve(message)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching e-mail within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    refuse(addresses) {
      for (const address of addresses) refused.add(address.toLowerCase());
    },
    failFirst(n) {
      failuresLeft = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
