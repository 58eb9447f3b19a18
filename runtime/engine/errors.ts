// Step errors, classified. The engine decides what happens next from the class alone:
// - BusinessError: bad data, a script exception, a refused request. Fails the step at once
//   (no retry); the run becomes FAILED and a dead letter an analyst can repair and replay.
// - TransientError: network, timeouts, 5xx, serialization failures. Retried with exponential
//   backoff and jitter up to the node's policy; out of attempts -> FAILED and a dead letter.
// - AuthenticationError: the credentials were refused. No retry (it would lock accounts); the run
//   is dead-lettered and the connection is flagged.
// Anything else thrown by an executor is a defect or an unforeseen condition: treated as transient,
// so a passing glitch heals and a persistent one ends in the dead-letter view with its message.

export type StepErrorClass = "business" | "transient" | "authentication";

/** The JSON stored on a failed step and shown to the analyst. */
export type StepErrorInfo = {
  class: StepErrorClass;
  message: string;
  /** A machine-readable reason, e.g. "script-timeout", "http-status", "odoo-validation". */
  code?: string;
  /** For script errors: where in the analyst's script (1-based). */
  line?: number;
  column?: number;
  /** Extra facts worth showing (HTTP status and body excerpt, Odoo's exception name...). */
  details?: Record<string, unknown>;
};

export abstract class StepError extends Error {
  abstract readonly errorClass: StepErrorClass;
  readonly code: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(message: string, options: { code?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.details = options.details;
  }
  toInfo(): StepErrorInfo {
    return { class: this.errorClass, message: this.message, ...(this.code ? { code: this.code } : {}), ...(this.details ? { details: this.details } : {}) };
  }
}

export class BusinessError extends StepError {
  readonly errorClass = "business" as const;
}

export class TransientError extends StepError {
  readonly errorClass = "transient" as const;
  /** A server's Retry-After, when it gave one; the next attempt waits at least this long. */
  readonly retryAfterMs: number | undefined;
  /**
   * False when the call was never made (e.g. a connection's circuit breaker is open): the step
   * waits `retryAfterMs` and tries again without using up one of its attempts, so an outage
   * makes runs wait and resume instead of failing.
   */
  readonly countsAsAttempt: boolean;
  constructor(
    message: string,
    options: { code?: string; details?: Record<string, unknown>; cause?: unknown; retryAfterMs?: number; countsAsAttempt?: boolean } = {},
  ) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.countsAsAttempt = options.countsAsAttempt ?? true;
  }
}

export class AuthenticationError extends StepError {
  readonly errorClass = "authentication" as const;
}

/** A script (map, branch condition, template placeholder) failed; points at its line. */
export class ScriptError extends BusinessError {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, options: { code?: string; line?: number; column?: number; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options);
    this.line = options.line;
    this.column = options.column;
  }
  override toInfo(): StepErrorInfo {
    return { ...super.toInfo(), ...(this.line !== undefined ? { line: this.line } : {}), ...(this.column !== undefined ? { column: this.column } : {}) };
  }
}

/** Any thrown value as the stored error; unknown errors count as transient (see above). */
export function classifyError(error: unknown): StepErrorInfo {
  if (error instanceof StepError) return error.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return { class: "transient", message: message || "Unexpected error", code: "unexpected" };
}
