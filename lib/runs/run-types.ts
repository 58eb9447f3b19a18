// What the runs console shows, as plain JSON (ISO date strings): the same types come out of the
// server queries, the JSON API and the pages' props. Browser-safe (types only from the runtime).
import type { StepErrorInfo } from "../../runtime/engine/errors.ts";
import type { TFlowDefinition } from "../flows/definition.ts";

export type { StepErrorInfo };

// Mirrors the enums in prisma/schema.prisma (kept here so the browser never imports Prisma).
export const RUN_STATUSES = ["QUEUED", "RUNNING", "WAITING", "SUCCEEDED", "FAILED", "CANCELLED", "DISCARDED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type StepStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "WAITING" | "SKIPPED";
export type RunMode = "LIVE" | "TEST";

/** A run has ended (nothing will change any more unless someone replays it). */
export function isFinished(status: RunStatus): boolean {
  return status === "SUCCEEDED" || status === "FAILED" || status === "CANCELLED" || status === "DISCARDED";
}

/** Statuses a cancel applies to. */
export function isCancellable(status: RunStatus): boolean {
  return status === "QUEUED" || status === "RUNNING" || status === "WAITING";
}

export type RunListItem = {
  id: string;
  status: RunStatus;
  mode: RunMode;
  flow: { id: string; name: string };
  environment: { id: string; key: string; name: string; protected: boolean } | null;
  /** The pinned version's number; null for a test run of a draft. */
  version: number | null;
  businessKey: string | null;
  triggerKind: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The step the run failed at, with its label in the run's definition. */
  failedStep: { nodeId: string; label: string } | null;
  error: StepErrorInfo | null;
  deadLetteredAt: string | null;
};

export type RunListPage = {
  runs: RunListItem[];
  /** Older runs follow (pass as `cursor`). */
  nextCursor: string | null;
  /** Newer runs come before this page (pass as `cursor` with `dir=prev`); null on the first page. */
  prevCursor: string | null;
  /** Runs waiting in the dead-letters view (live runs only). */
  deadLetterCount: number;
};

/** One earlier failed attempt of a step (StepRun.attempts). */
export type AttemptView = { attempt: number; error: StepErrorInfo | null; startedAt: string | null; finishedAt: string | null };

export type StepView = {
  nodeId: string;
  /** Raised by each replay; the latest generation per node is the step's current state. */
  generation: number;
  status: StepStatus;
  attempt: number;
  maxAttempts: number;
  input: unknown;
  output: unknown;
  port: string | null;
  error: StepErrorInfo | null;
  /** Earlier failed attempts in this generation, oldest first. */
  attempts: AttemptView[];
  queuedAt: string;
  nextAttemptAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

export type RunDetail = {
  run: RunListItem & {
    flowSlug: string | null;
    triggerNodeId: string;
    triggerPayload: unknown;
    generation: number;
    startedBy: { id: string; name: string } | null;
    response: unknown;
    updatedAt: string;
  };
  /** The definition the run executes: its version's, or the test run's draft snapshot. */
  definition: TFlowDefinition;
  /** The latest step row of each node the run reached. */
  steps: StepView[];
  /** Step rows of earlier generations (before replays), newest generation first. */
  earlier: StepView[];
  /** Approval tasks of the current generation, by Approve step. */
  tasks: RunTaskView[];
};

export type RunTaskView = {
  id: string;
  nodeId: string;
  title: string;
  status: "OPEN" | "APPROVED" | "REJECTED" | "EXPIRED" | "CANCELLED";
  assignees: string[];
  dueAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
};
