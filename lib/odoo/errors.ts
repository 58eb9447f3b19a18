// Odoo failures, classified (PROTOCOL.md sections 2.6, 5.3, 9 and 10). The client turns every failed
// call into an OdooError with a kind; toStepError maps the kind to the engine's step error class:
//   auth                                   -> AuthenticationError (no retry; the connection is flagged)
//   permission, validation, business,
//   not_found, server (Odoo answered)      -> BusinessError with Odoo's own message (no retry)
//   concurrency, transport, timeout,
//   server (no answer, 5xx without body)   -> TransientError (retried; Retry-After honoured)
// An error response from Odoo means nothing was committed (one transaction per call). A timeout or a
// connection lost after the request was sent leaves the outcome unknown: `outcomeUnknown` is then
// true, so a caller that creates records checks before creating again (PROTOCOL.md 9.4).
// Browser-safe: imports only the engine's error classes.
import { AuthenticationError, BusinessError, StepError, TransientError } from "../../runtime/engine/errors.ts";

export type OdooErrorKind = "auth" | "permission" | "validation" | "business" | "not_found" | "concurrency" | "transport" | "timeout" | "server";

export type OdooErrorInit = {
  kind: OdooErrorKind;
  message: string;
  odooName?: string | null;
  httpStatus?: number | null;
  outcomeUnknown?: boolean;
  retryAfterMs?: number;
  /** Odoo's own text when `message` is a sentence of ours (unknown model or method). */
  odooMessage?: string;
  model?: string;
  method?: string;
  cause?: unknown;
};

export class OdooError extends Error {
  readonly kind: OdooErrorKind;
  readonly odooName: string | null;
  readonly httpStatus: number | null;
  readonly outcomeUnknown: boolean;
  readonly retryAfterMs: number | undefined;
  readonly odooMessage: string | undefined;
  readonly model: string | undefined;
  readonly method: string | undefined;
  constructor(init: OdooErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = "OdooError";
    this.kind = init.kind;
    this.odooName = init.odooName ?? null;
    this.httpStatus = init.httpStatus ?? null;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.odooMessage = init.odooMessage;
    this.model = init.model;
    this.method = init.method;
  }
}

const CONCURRENCY_NAMES = new Set([
  "psycopg2.errors.SerializationFailure",
  "psycopg2.errors.LockNotAvailable",
  "psycopg2.errors.DeadlockDetected",
  "psycopg2.extensions.TransactionRollbackError",
  "odoo.exceptions.LockError",
  "odoo.exceptions.ConcurrencyError",
]);

const KIND_BY_NAME: Record<string, OdooErrorKind> = {
  "odoo.exceptions.AccessDenied": "auth",
  "werkzeug.exceptions.Unauthorized": "auth",
  "odoo.http.SessionExpiredException": "auth",
  "odoo.exceptions.AccessError": "permission",
  "werkzeug.exceptions.Forbidden": "permission",
  "odoo.exceptions.ValidationError": "validation",
  "odoo.exceptions.UserError": "business",
  "odoo.exceptions.RedirectWarning": "business",
  "odoo.exceptions.MissingError": "not_found",
  "werkzeug.exceptions.NotFound": "not_found",
};

/** The kind of an error Odoo reported by exception name (and HTTP status for JSON-2 and bare pages). */
export function kindOf(odooName: string | null | undefined, httpStatus: number | null | undefined, message = ""): OdooErrorKind {
  if (odooName) {
    if (CONCURRENCY_NAMES.has(odooName)) return "concurrency";
    if (odooName === "odoo.exceptions.UserError" && UNKNOWN_MODEL.test(message)) return "not_found";
    if (odooName === "builtins.AttributeError" && UNKNOWN_METHOD.some((pattern) => pattern.test(message))) return "not_found";
    const known = KIND_BY_NAME[odooName];
    if (known) return known;
  }
  switch (httpStatus) {
    case 401:
      return "auth";
    case 403:
      return "permission";
    case 404:
      return "not_found";
    case 409:
      return "concurrency";
    case 408:
    case 429:
    case 502:
    case 503:
    case 504:
      return "transport";
    default:
      return "server";
  }
}

const UNKNOWN_MODEL = /^Object (\S+) doesn't exist/;
const UNKNOWN_MODEL_JSON2 = /^the model '([^']+)' does not exist/;
const UNKNOWN_METHOD = [/^The method '([^']+)' does not exist on the model '([^']+)'/, /^The method '([^']+)' does not exist$/];

/** A clear sentence for an unknown model or method; undefined for other messages. */
export function unknownTargetSentence(message: string, model?: string, method?: string): string | undefined {
  const modelMatch = UNKNOWN_MODEL.exec(message) ?? UNKNOWN_MODEL_JSON2.exec(message);
  if (modelMatch) return `Odoo has no model "${modelMatch[1]}": check the model name, and that the Odoo app that provides it is installed.`;
  const old = UNKNOWN_METHOD[0]!.exec(message);
  if (old) return `The Odoo model "${old[2]}" has no method "${old[1]}" that can be called from outside: check the method name for this Odoo version.`;
  const recent = UNKNOWN_METHOD[1]!.exec(message);
  if (recent) {
    const full = recent[1]!;
    const name = method && full.endsWith(`.${method}`) ? method : full.slice(full.lastIndexOf(".") + 1);
    const owner = model ?? full.slice(0, full.lastIndexOf("."));
    return `The Odoo model "${owner}" has no method "${name}" that can be called from outside: check the method name for this Odoo version.`;
  }
  return undefined;
}

/** Builds the OdooError for an exception Odoo serialized (JSON-RPC error.data or a JSON-2 error body). */
export function odooErrorFromSerialized(
  data: { name?: unknown; message?: unknown; arguments?: unknown },
  options: { httpStatus: number | null; fallbackMessage?: string; model?: string; method?: string; retryAfterMs?: number },
): OdooError {
  const odooName = typeof data.name === "string" ? data.name : null;
  const rawMessage = typeof data.message === "string" && data.message !== "" ? data.message : (options.fallbackMessage ?? "Odoo reported an error");
  const odooMessage = rawMessage.replace(/\s+$/, "");
  const kind = kindOf(odooName, options.httpStatus, odooMessage);
  const sentence = kind === "not_found" ? unknownTargetSentence(odooMessage, options.model, options.method) : undefined;
  return new OdooError({
    kind,
    message: sentence ?? odooMessage,
    odooName,
    httpStatus: options.httpStatus,
    ...(sentence ? { odooMessage } : {}),
    ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.method ? { method: options.method } : {}),
  });
}

const LOGIN_COOLDOWN = /Too many login failures/i;
const LOGIN_COOLDOWN_MS = 60_000;

const CODES: Record<OdooErrorKind, string> = {
  auth: "odoo-auth",
  permission: "odoo-permission",
  validation: "odoo-validation",
  business: "odoo-business",
  not_found: "odoo-not-found",
  concurrency: "odoo-concurrency",
  transport: "odoo-unavailable",
  timeout: "odoo-timeout",
  server: "odoo-server",
};

/** The step error the engine acts on; any StepError passes through, anything else is transient. */
export function toStepError(error: unknown): StepError {
  if (error instanceof StepError) return error;
  if (!(error instanceof OdooError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new TransientError(message || "Unexpected error while calling Odoo", { code: "unexpected", cause: error });
  }
  const details: Record<string, unknown> = {
    ...(error.odooName ? { odooName: error.odooName } : {}),
    ...(error.httpStatus !== null ? { httpStatus: error.httpStatus } : {}),
    ...(error.odooMessage ? { odooMessage: error.odooMessage } : {}),
    ...(error.model ? { model: error.model } : {}),
    ...(error.method ? { method: error.method } : {}),
    ...(error.outcomeUnknown ? { outcomeUnknown: true } : {}),
  };
  const options = { code: CODES[error.kind], details, cause: error };
  switch (error.kind) {
    case "auth":
      // The login cooldown (5 failures from one address) passes after a minute: wait, do not flag.
      if (LOGIN_COOLDOWN.test(error.message)) return new TransientError(error.message, { ...options, code: "odoo-login-cooldown", retryAfterMs: LOGIN_COOLDOWN_MS });
      return new AuthenticationError(error.message, options);
    case "permission":
    case "validation":
    case "business":
    case "not_found":
      return new BusinessError(error.message, options);
    case "concurrency":
    case "transport":
    case "timeout":
      return new TransientError(error.message, { ...options, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) });
    case "server":
      // Odoo answered with an exception (ValueError, TypeError...): deterministic, retrying will not help.
      // A bare 5xx page (a crash outside Odoo's dispatcher, a proxy) may pass: retried.
      if (error.odooName || (error.httpStatus !== null && error.httpStatus < 500)) return new BusinessError(error.message, options);
      return new TransientError(error.message, { ...options, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) });
  }
}

/** True when a failed call may nevertheless have been committed by Odoo. */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof OdooError && error.outcomeUnknown;
}
