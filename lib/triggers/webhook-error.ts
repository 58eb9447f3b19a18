// The answers a webhook gives a calling system when it refuses a request: a status, a stable code
// the caller can switch on, a sentence saying what was wrong, and for payloads the failing paths.
// Same body shape as every other JSON error (lib/http/route.server.ts ErrorBody).
import type { FieldIssue } from "../errors.ts";

export type WebhookErrorCode =
  | "NOT_FOUND" // no such environment, flow, release or webhook trigger (404)
  | "METHOD_NOT_ALLOWED" // the trigger takes another HTTP method (405)
  | "UNAUTHENTICATED" // missing or bad signature, stale timestamp, bad bearer token (401)
  | "PAYLOAD_TOO_LARGE" // over the trigger's maxBodyBytes (413)
  | "MALFORMED_BODY" // not JSON / not UTF-8 (400)
  | "IDEMPOTENCY_KEY_REQUIRED" // the trigger requires a key and there is none (400)
  | "INVALID_IDEMPOTENCY_KEY" // the key is too long (400)
  | "INVALID_PAYLOAD" // the body does not match the trigger's JSON Schema (422)
  | "FLOW_MISCONFIGURED"; // the released trigger's own settings are unusable (500, logged)

const STATUS: Record<WebhookErrorCode, number> = {
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHENTICATED: 401,
  PAYLOAD_TOO_LARGE: 413,
  MALFORMED_BODY: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  INVALID_PAYLOAD: 422,
  FLOW_MISCONFIGURED: 500,
};

export class WebhookError extends Error {
  readonly code: WebhookErrorCode;
  readonly fields: FieldIssue[];
  readonly headers: Record<string, string>;

  constructor(code: WebhookErrorCode, message: string, options: { fields?: FieldIssue[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = "WebhookError";
    this.code = code;
    this.fields = options.fields ?? [];
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return STATUS[this.code];
  }

  toResponse(): Response {
    const fields = this.fields.length ? { fields: this.fields } : {};
    return Response.json({ error: { code: this.code, message: this.message, ...fields } }, { status: this.status, headers: { "Cache-Control": "no-store", ...this.headers } });
  }
}
