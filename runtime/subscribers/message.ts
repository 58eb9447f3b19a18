// The pure half of a message trigger: decoding a broker message's bytes, the key that recognises a
// redelivered message, and the text kept of a rejected one.
import { createHash } from "node:crypto";
import { keyText, valueAtPath } from "../../lib/triggers/paths.ts";

export type PayloadFormat = "json" | "text";
export type Decoded = { ok: true; payload: unknown } | { ok: false; reason: string };

/** The first bytes of a rejected payload kept for the analyst (RejectedMessage.payload). */
export const REJECTED_PREVIEW_BYTES = 4096;

export function decodePayload(format: PayloadFormat, bytes: Buffer): Decoded {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  // PostgreSQL text and jsonb cannot hold NUL characters.
  if (text.includes("\u0000")) return { ok: false, reason: "The payload contains a NUL character, which cannot be stored." };
  if (format === "text") return { ok: true, payload: text };
  if (bytes.length === 0) return { ok: false, reason: "The payload is empty; the trigger expects JSON." };
  try {
    const payload = JSON.parse(text) as unknown;
    if (JSON.stringify(payload).includes("\\u0000")) return { ok: false, reason: "The payload contains a NUL character (\\u0000), which cannot be stored." };
    return { ok: true, payload };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `The payload is not valid JSON (${detail}).` };
  }
}

/**
 * The message key, the run's idempotency key: the value at the trigger's key path when the payload
 * has one, else the broker's message id (AMQP message-id), else a hash of where the message came
 * from and its bytes. Without a key path, two messages with identical bytes on one topic or queue
 * are the same message (payloads that carry a timestamp or sequence number never collide).
 */
export function messageKey(options: { source: string; bytes: Buffer; payload: unknown; keyPath?: string; brokerMessageId?: string | null }): string {
  const fromPayload = options.keyPath ? keyText(valueAtPath(options.payload, options.keyPath)) : null;
  if (fromPayload) return `key:${fromPayload}`;
  if (options.brokerMessageId) return `id:${options.brokerMessageId}`;
  const hash = createHash("sha256").update(options.source).update("\u0000").update(options.bytes).digest("hex");
  return `sha256:${hash}`;
}

/** The payload as text, cut to REJECTED_PREVIEW_BYTES (at a character boundary). */
export function payloadPreview(bytes: Buffer): string {
  const cut = bytes.subarray(0, REJECTED_PREVIEW_BYTES);
  return new TextDecoder("utf-8", { fatal: false }).decode(cut).replace(/\uFFFD$/, "").replaceAll("\u0000", "");
}
