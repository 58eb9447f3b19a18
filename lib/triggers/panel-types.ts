// What the flow page's triggers panel shows, per environment the flow is released to (browser-safe
// DTOs; dates as ISO strings). Never a secret: only whether one exists and when it was made.
import type { MessageTriggerView } from "../../runtime/subscribers/view-types.ts";
export type WebhookTriggerView = {
  kind: "webhook";
  nodeId: string;
  label: string | null;
  url: string;
  method: "POST" | "PUT" | "PATCH";
  auth: "hmac" | "bearer" | "none";
  signatureHeader: string;
  timestampHeader: string;
  toleranceSeconds: number;
  bodyFormat: "json" | "form" | "text";
  maxBodyBytes: number;
  idempotency: { source: "header" | "payload" | "none"; header: string; path: string | null; required: boolean };
  responseMode: "accepted" | "wait";
  secret: { createdAt: string; rotatedAt: string | null } | null;
};

export type ScheduleTriggerView = {
  kind: "schedule";
  nodeId: string;
  label: string | null;
  cron: string;
  timezone: string;
  /** The cron in a sentence ("At 07:00, on weekdays"), null if it cannot be read. */
  words: string | null;
  /** The next three run times (ISO). */
  next: string[];
  missedTicks: "skip" | "run-once";
  /** The latest tick a run was started for (may be up to a minute ahead: queued). */
  lastTickAt: string | null;
};

export type ManualTriggerView = {
  kind: "manual";
  nodeId: string;
  label: string | null;
  instructions: string;
  inputSchema: Record<string, unknown> | null;
  /** The pinned sample input, to start the dialog with. */
  sampleInput: unknown;
};

export type OtherTriggerView = { kind: "other"; nodeId: string; label: string | null; nodeKind: string; problem: string | null };

export type { MessageTriggerView };
export type TriggerView = WebhookTriggerView | ScheduleTriggerView | ManualTriggerView | MessageTriggerView | OtherTriggerView;

export type TriggerEnvironmentView = {
  environment: { id: string; key: string; name: string; protected: boolean };
  versionNumber: number;
  releasedAt: string;
  trigger: TriggerView | null;
};

/** What "Rotate secret" answers, once: everything the dialog needs to show how to call the webhook. */
export type RotatedSecret = {
  secret: string;
  rotatedAt: string;
  url: string;
  method: string;
  auth: "hmac" | "bearer";
  signatureHeader: string;
  timestampHeader: string;
  /** The header carrying the idempotency key, when the key comes from a header. */
  idempotencyHeader: string | null;
  /** A body for the example request: the trigger's pinned sample (JSON text), else "{}". */
  exampleBody: string;
};
