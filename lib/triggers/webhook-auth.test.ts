import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookAuth, type WebhookAuthConfig } from "./webhook-auth.ts";
import { WebhookError } from "./webhook-error.ts";

const hmac: WebhookAuthConfig = { auth: "hmac", signatureHeader: "X-Millwright-Signature", timestampHeader: "X-Millwright-Timestamp", toleranceSeconds: 300 };
const secret = "mwhs_test-secret";
const now = new Date("2026-11-22T12:00:00Z");
const ts = Math.floor(now.getTime() / 1000);
const body = Buffer.from('{"order":{"id":"A-1"}}');

function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookError);
    expect((error as WebhookError).status).toBe(401);
    return (error as WebhookError).message;
  }
  throw new Error("expected a refusal");
}

const signed = (headers: Record<string, string>) => new Headers(headers);

describe("HMAC signatures", () => {
  it("accepts a fresh, correct signature, with or without the sha256= prefix", () => {
    const signature = signWebhook(secret, ts, body);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    verifyWebhookAuth(hmac, signed({ "x-millwright-timestamp": String(ts), "x-millwright-signature": signature }), body, secret, now);
    verifyWebhookAuth(hmac, signed({ "X-Millwright-Timestamp": String(ts - 299), "X-Millwright-Signature": `sha256=${signWebhook(secret, ts - 299, body)}` }), body, secret, now);
  });

  it("says which header is missing", () => {
    expect(refusal(() => verifyWebhookAuth(hmac, signed({ "x-millwright-signature": "ab" }), body, secret, now))).toMatch(/^Missing X-Millwright-Timestamp header/);
    expect(refusal(() => verifyWebhookAuth(hmac, signed({ "x-millwright-timestamp": String(ts) }), body, secret, now))).toMatch(/^Missing X-Millwright-Signature header/);
  });

  it("refuses stale, future and malformed timestamps", () => {
    const old = ts - 301;
    expect(refusal(() => verifyWebhookAuth(hmac, signed({ "x-millwright-timestamp": String(old), "x-millwright-signature": signWebhook(secret, old, body) }), body, secret, now))).toMatch(/^Stale timestamp: .* is 301 seconds old/);
    const future = ts + 400;
    expect(refusal(() => verifyWebhookAuth(hmac, signed({ "x-millwright-timestamp": String(future), "x-millwright-signature": signWebhook(secret, future, body) }), body, secret, now))).toMatch(/400 seconds in the future/);
    expect(refusal(() => verifyWebhookAuth(hmac, signed({ "x-millwright-timestamp": now.toISOString(), "x-millwright-signature": "00" }), body, secret, now))).toMatch(/unix time in whole seconds/);
  });

  it("refuses a signature of another body, another secret or garbage", () => {
    const headers = (signature: string) => signed({ "x-millwright-timestamp": String(ts), "x-millwright-signature": signature });
    expect(refusal(() => verifyWebhookAuth(hmac, headers(signWebhook(secret, ts, "{}")), body, secret, now))).toMatch(/^Bad signature/);
    expect(refusal(() => verifyWebhookAuth(hmac, headers(signWebhook("other", ts, body)), body, secret, now))).toMatch(/^Bad signature/);
    expect(refusal(() => verifyWebhookAuth(hmac, headers("not-hex"), body, secret, now))).toMatch(/^Bad signature/);
    // The timestamp is signed too: moving it forward breaks the signature.
    const moved = signed({ "x-millwright-timestamp": String(ts + 1), "x-millwright-signature": signWebhook(secret, ts, body) });
    expect(refusal(() => verifyWebhookAuth(hmac, moved, body, secret, now))).toMatch(/^Bad signature/);
  });

  it("honours configured header names and tolerance", () => {
    const config = { ...hmac, signatureHeader: "X-Sig", timestampHeader: "X-Time", toleranceSeconds: 30 };
    const at = ts - 31;
    expect(refusal(() => verifyWebhookAuth(config, signed({ "x-time": String(at), "x-sig": signWebhook(secret, at, body) }), body, secret, now))).toMatch(/at most 30 seconds/);
    verifyWebhookAuth(config, signed({ "x-time": String(ts), "x-sig": signWebhook(secret, ts, body) }), body, secret, now);
  });

  it("refuses everything while no secret has been issued", () => {
    expect(refusal(() => verifyWebhookAuth(hmac, signed({}), body, null, now))).toMatch(/No secret has been issued/);
  });
});

describe("bearer tokens and no authentication", () => {
  const bearer: WebhookAuthConfig = { ...hmac, auth: "bearer" };
  it("accepts the right token only", () => {
    verifyWebhookAuth(bearer, signed({ authorization: `Bearer ${secret}` }), body, secret, now);
    expect(refusal(() => verifyWebhookAuth(bearer, signed({}), body, secret, now))).toMatch(/^Missing Authorization header/);
    expect(refusal(() => verifyWebhookAuth(bearer, signed({ authorization: `Basic ${secret}` }), body, secret, now))).toMatch(/not a bearer token/);
    expect(refusal(() => verifyWebhookAuth(bearer, signed({ authorization: `Bearer ${secret}x` }), body, secret, now))).toMatch(/not valid/);
  });

  it("lets anything through with auth none", () => {
    verifyWebhookAuth({ ...hmac, auth: "none" }, signed({}), body, null, now);
  });
});
