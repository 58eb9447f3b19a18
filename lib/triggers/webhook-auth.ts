// Webhook authentication, per the trigger's `auth` setting:
//   hmac    the signature header holds hex HMAC-SHA256 of `<timestamp>.<raw body>` keyed with the
//           trigger's secret (an optional "sha256=" prefix is accepted), the timestamp header unix
//           seconds within toleranceSeconds of the server's clock (so a captured request cannot be
//           replayed later);
//   bearer  `Authorization: Bearer <secret>`;
//   none    anyone who can reach the URL (trusted networks only).
// Comparisons are constant-time. A refusal is a 401 WebhookError saying what was wrong, never
// revealing the secret. Server-side only by nature (it holds secrets), but pure: no database.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { WebhookError } from "./webhook-error.ts";

export type WebhookAuthConfig = {
  auth: "hmac" | "bearer" | "none";
  signatureHeader: string;
  timestampHeader: string;
  toleranceSeconds: number;
};

/** Hex HMAC-SHA256 of `<timestamp>.<body>`: what a caller puts in the signature header. */
export function signWebhook(secret: string, timestamp: number | string, body: Buffer | string): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

/** Throws a 401 WebhookError unless the request is authenticated. `secret` is null when none was issued yet. */
export function verifyWebhookAuth(config: WebhookAuthConfig, headers: Headers, rawBody: Buffer, secret: string | null, now: Date): void {
  if (config.auth === "none") return;
  if (secret === null) {
    refuse("No secret has been issued for this trigger in this environment yet: an administrator creates one with \"Rotate secret\" on the flow page.");
  }
  if (config.auth === "bearer") return verifyBearer(headers, secret);
  verifyHmac(config, headers, rawBody, secret, now);
}

const BEARER_CHALLENGE = { "WWW-Authenticate": 'Bearer realm="millwright"' };

function verifyBearer(headers: Headers, secret: string): void {
  const header = headers.get("authorization");
  if (!header) refuse("Missing Authorization header: send `Authorization: Bearer <token>`.", BEARER_CHALLENGE);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) refuse("The Authorization header is not a bearer token: send `Authorization: Bearer <token>`.", BEARER_CHALLENGE);
  if (!equalSecrets(match[1]!, secret)) refuse("The bearer token is not valid for this trigger.", BEARER_CHALLENGE);
}

function verifyHmac(config: WebhookAuthConfig, headers: Headers, rawBody: Buffer, secret: string, now: Date): void {
  const timestampText = headers.get(config.timestampHeader)?.trim();
  const signatureText = headers.get(config.signatureHeader)?.trim();
  if (!timestampText) refuse(`Missing ${config.timestampHeader} header: send the unix time in seconds, signed together with the body.`);
  if (!signatureText) refuse(`Missing ${config.signatureHeader} header: send the hex HMAC-SHA256 of \`<timestamp>.<raw body>\`.`);
  if (!/^\d{1,12}$/.test(timestampText)) refuse(`${config.timestampHeader} must be the unix time in whole seconds, e.g. ${Math.floor(now.getTime() / 1000)}.`);
  const skew = Math.round(now.getTime() / 1000 - Number(timestampText));
  if (Math.abs(skew) > config.toleranceSeconds) {
    const when = skew > 0 ? `${skew} seconds old` : `${-skew} seconds in the future`;
    refuse(`Stale timestamp: ${config.timestampHeader} is ${when}; at most ${config.toleranceSeconds} seconds are accepted. Sign each request when sending it and check the sender's clock.`);
  }
  const signature = signatureText.replace(/^sha256=/i, "").toLowerCase();
  const expected = signWebhook(secret, timestampText, rawBody);
  if (!/^[0-9a-f]{64}$/.test(signature) || !timingSafeEqual(Buffer.from(signature, "hex"), Buffer.from(expected, "hex"))) {
    refuse(`Bad signature: ${config.signatureHeader} does not match the hex HMAC-SHA256 of \`<timestamp>.<raw body>\` with this trigger's secret.`);
  }
}

// Hashing first gives equal lengths, so timingSafeEqual leaks neither content nor length.
function equalSecrets(given: string, secret: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

function refuse(message: string, headers: Record<string, string> = {}): never {
  throw new WebhookError("UNAUTHENTICATED", message, { headers });
}
