// For tests of the runs console: runs and step rows written straight into the database, in the
// shapes the engine writes them, so queries and pages can be checked without running a flow.
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.ts";
import type { RunStatus, StepStatus } from "./run-types.ts";

export type FixtureStep = {
  nodeId: string;
  status: StepStatus;
  generation?: number;
  attempt?: number;
  maxAttempts?: number;
  input?: unknown;
  output?: unknown;
  port?: string | null;
  error?: unknown;
  attempts?: unknown[];
  startedAt?: Date;
  finishedAt?: Date | null;
};

export type FixtureRun = {
  flowId: string;
  versionId: string | null;
  environmentId: string | null;
  status: RunStatus;
  createdAt: Date;
  mode?: "LIVE" | "TEST";
  businessKey?: string | null;
  triggerKind?: string;
  triggerNodeId?: string;
  triggerPayload?: unknown;
  failedNodeId?: string | null;
  error?: unknown;
  deadLetteredAt?: Date | null;
  generation?: number;
  definition?: unknown;
  startedById?: string | null;
  steps?: FixtureStep[];
};

const FINISHED: RunStatus[] = ["SUCCEEDED", "FAILED", "CANCELLED", "DISCARDED"];

export async function insertRun(db: Db, run: FixtureRun): Promise<string> {
  const id = randomUUID();
  const startedAt = run.status === "QUEUED" ? null : new Date(run.createdAt.getTime() + 10);
  await db.run.create({
    data: {
      id,
      flowId: run.flowId,
      versionId: run.versionId,
      environmentId: run.environmentId,
      mode: run.mode ?? "LIVE",
      status: run.status,
      triggerKind: run.triggerKind ?? "webhook",
      triggerNodeId: run.triggerNodeId ?? "n1",
      triggerPayload: (run.triggerPayload ?? { body: {} }) as never,
      businessKey: run.businessKey ?? null,
      failedNodeId: run.failedNodeId ?? null,
      error: (run.error ?? undefined) as never,
      deadLetteredAt: run.deadLetteredAt ?? null,
      generation: run.generation ?? 0,
      definition: (run.definition ?? undefined) as never,
      startedById: run.startedById ?? null,
      createdAt: run.createdAt,
      startedAt,
      finishedAt: FINISHED.includes(run.status) ? new Date(run.createdAt.getTime() + 500) : null,
    },
  });
  if (run.steps?.length) {
    await db.stepRun.createMany({
      data: run.steps.map((step, i) => {
        const started = step.startedAt ?? new Date(run.createdAt.getTime() + 20 + i * 50);
        return {
          runId: id,
          nodeId: step.nodeId,
          generation: step.generation ?? run.generation ?? 0,
          attempt: step.attempt ?? 1,
          maxAttempts: step.maxAttempts ?? 1,
          status: step.status,
          input: (step.input ?? undefined) as never,
          output: (step.output ?? undefined) as never,
          port: step.port ?? null,
          error: (step.error ?? undefined) as never,
          attempts: (step.attempts ?? []) as never,
          queuedAt: started,
          startedAt: step.status === "QUEUED" ? null : started,
          finishedAt: step.finishedAt !== undefined ? step.finishedAt : step.status === "SUCCEEDED" || step.status === "FAILED" ? new Date(started.getTime() + 25) : null,
        };
      }),
    });
  }
  return id;
}
