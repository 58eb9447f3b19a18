// The executor contract: what a node kind's `execute.server.ts` receives and returns. Executors
// reach the world only through the context, so unit tests call them with a fake context
// (runtime/engine/fake-context.ts).
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../../lib/db/client.ts";
import type { ExpiryPolicy, TaskAssignees, TaskFormField, TaskRecordRef } from "../../lib/tasks/types.ts";

export type RunInfo = {
  id: string;
  flowId: string;
  versionId: string | null;
  environmentId: string | null;
  mode: "LIVE" | "TEST";
  businessKey: string | null;
  generation: number;
  /** "webhook", "schedule", "manual" or "test" (a designer test run). */
  triggerKind: string;
  startedAt: string;
};

/** What an End step answers a webhook caller that waits for the run. */
export type EndResponse = { status: number; headers: Record<string, string>; body: unknown; contentType?: string };

export type StepResult =
  /** Done: continue on `port` with `output` as the next steps' input. */
  | { type: "next"; port: string; output: unknown }
  /** The run ends here (End node). A failure ends the run FAILED without a dead letter. */
  | { type: "end"; outcome: "success" | "failure"; output: unknown; message?: string; response?: EndResponse }
  /** Continue on `port` with `output`, but not before `until` (Delay): a timer, never a sleep. */
  | { type: "sleep"; until: Date; port: string; output: unknown }
  /** Wait for people (Approve): the engine creates the task; a decision or its deadline continues the step. */
  | { type: "wait"; task: NewHumanTask };

/** A human task as the Approve executor describes it; the engine stores it with the step's wait. */
export type NewHumanTask = {
  title: string;
  description: string;
  priority: "low" | "normal" | "high";
  assignees: TaskAssignees;
  quorum: number;
  forbidSelfApproval: boolean;
  requesterId: string | null;
  requesterEmail: string | null;
  form: TaskFormField[];
  correctable: string[];
  rejectionCommentRequired: boolean;
  record: TaskRecordRef | null;
  dueAt: Date | null;
  onExpiry: ExpiryPolicy | null;
  escalateToGroupId: string | null;
};

/** The sandbox bound to this step's data: scripts see `input` (the step input) and `run` (RunInfo). */
export interface StepSandbox {
  /** A map script: the body of `async function (input) {...}`; returns what it returns. */
  runScript(script: string, options?: { timeoutMs?: number }): Promise<unknown>;
  /** A JavaScript expression (branch condition, switch value). */
  evaluate(expression: string, options?: { timeoutMs?: number }): Promise<unknown>;
  /** Text with {{ expression }} placeholders; values are inserted as text (objects as JSON). */
  renderTemplate(text: string): Promise<string>;
  /** A JSON value whose strings may hold placeholders; a string that is exactly one placeholder keeps the value's type. */
  renderValue(value: unknown): Promise<unknown>;
}

export type HttpRequest = {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  followRedirects?: boolean;
  /** Most response bytes read; more fails the step (default 10 MiB). */
  maxResponseBytes?: number;
};
export type HttpResponse = { status: number; headers: Record<string, string>; body: Uint8Array; url: string };

/** Outbound HTTP with the environment's network policy (private addresses refused unless allowed). */
export interface StepHttp {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** A named connection of the run's environment, with its secret decrypted (server only). */
export type ResolvedConnection = {
  id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  secret: Record<string, unknown> | null;
};

export type ExecutorContext<Config = unknown> = {
  run: RunInfo;
  node: { id: string; kind: string; label?: string };
  config: Config;
  input: unknown;
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
  /** Stable for this step across retries and redelivery (run, node, generation): send it as an idempotency key. */
  idempotencyKey: string;
  sandbox: StepSandbox;
  http: StepHttp;
  /** Throws a BusinessError when the environment has no such connection (or a test run picked none). */
  connection(name: string): Promise<ResolvedConnection>;
  /**
   * The run's database, for the few executors that keep state of their own beside the run (the
   * Odoo write ledger, connection circuit breakers). Step results go through the engine, not here.
   */
  db: Db;
  log: Logger;
  now(): Date;
  /** Aborted when the run is cancelled or the worker shuts down. */
  signal: AbortSignal;
};

export type Executor<Config = unknown> = (ctx: ExecutorContext<Config>) => Promise<StepResult>;

/** Types an executor from its node definition's zod config schema. */
export type ExecutorFor<Schema extends z.ZodType> = Executor<z.output<Schema>>;

/** Retry policy defaults per kind (transient errors only); a node's `retry` or the flow's settings override. */
export type RetryPolicy = { maxAttempts: number; initialDelayMs: number };

export type ExecutorEntry = {
  execute: Executor<never>;
  retry: RetryPolicy;
};
