// Step: one graphile job executes one step (DESIGN.md runtime contract, 2). Load the run and the
// step row, execute the node's executor, then in ONE transaction record the outcome and queue the
// successors. Redelivery is harmless: a finished step is never executed again, and its successors
// were queued in the transaction that finished it.
//
// Inline continuation: the first successor a step queues is marked `inline` and executed next by
// the same job (each step still commits on its own), which saves a queue round trip and a NOTIFY
// per step (STACK.md trap 3). If the worker dies, the redelivered job walks its chain of inline
// steps (by predecessorNodeId) from where it started and resumes at the first unfinished one.
import type { Logger } from "pino";
import type { Db } from "../../lib/db/client.ts";
import { executorFor } from "../../nodes/executors.server.ts";
import { createStepHttp } from "../http/client.ts";
import { bindSandbox, type Sandbox } from "../sandbox/index.ts";
import type { CompiledFlow } from "./compiled-flow.ts";
import { allowsPrivateNetwork, markConnectionsAuthFailed, resolveConnection } from "./connections.ts";
import { BusinessError, classifyError, TransientError, type StepErrorInfo } from "./errors.ts";
import type { ExecutorContext, RunInfo, StepResult } from "./executor.ts";
import { finishRun } from "./finish.ts";
import { openTask, resumeTask } from "./human-task.ts";
import type { EngineIo } from "./io.ts";
import { enqueueStepJob, queueStep, type StepJobPayload } from "./queue.ts";
import { retryDelayMs, retryPolicyFor } from "./retry.ts";
import { flowOfRun } from "./run-flow.ts";
import { isTerminal, lockRun, type LockedRun, type RunRow } from "./run-row.ts";
import { json, type Sql } from "./sql.ts";

export type EngineDeps = { io: EngineIo; db: Db; sandbox: Sandbox; log: Logger; signal: AbortSignal };

const MAX_CHAIN = 100_000;

/** The job body: the step, then its inline successors, until the chain waits, branches out or ends. */
export async function runStepJob(deps: EngineDeps, payload: StepJobPayload): Promise<void> {
  let next: Next | null = { job: payload };
  for (let guard = 0; next && guard < MAX_CHAIN && !deps.signal.aborted; guard++) next = await processStep(deps, next.job, next.step);
  // Shut down mid-chain: the rest of the chain still belongs to this job, so let it be redelivered.
  if (next && deps.signal.aborted) throw new TransientError("The worker is shutting down; the run continues on the next worker");
}

type LoadedStep = {
  id: string;
  status: string;
  attempt: number;
  maxAttempts: number;
  input: unknown;
  output: unknown;
  port: string | null;
  nextAttemptAt: Date | null;
  startedAt: Date | null;
  run: RunRow;
};

/** The next step this job executes; an inline successor comes with its row already in memory. */
type Next = { job: StepJobPayload; step?: LoadedStep };

async function processStep(deps: EngineDeps, job: StepJobPayload, carried?: LoadedStep): Promise<Next | null> {
  const step = carried ?? (await loadStep(deps.io, job));
  if (!step || isTerminal(step.run.status) || step.run.generation !== job.generation) return null;
  if (step.status === "SUCCEEDED" || step.status === "FAILED" || step.status === "SKIPPED") return inlineSuccessor(deps.io, job);
  const flow = await flowOfRun(deps.io, step.run);
  if (step.status === "WAITING") {
    // Waiting for people: a decision or the task's due time queued this job.
    if (step.port === null) return commit(deps, flow, job, step, { type: "resume" }, step.startedAt ?? new Date());
    // A sleeping step whose timer fired: it continues with the output it stored.
    if (step.nextAttemptAt && step.nextAttemptAt.getTime() > Date.now() + 1000) {
      await enqueueStepJob(deps.io, job, step.nextAttemptAt);
      return null;
    }
    return commit(deps, flow, job, step, { type: "next", port: step.port, output: step.output }, step.startedAt ?? new Date());
  }
  // An inline step was inserted RUNNING by the commit that queued it.
  const startedAt = carried?.startedAt ?? (await markRunning(deps.io, step));
  let result: Outcome;
  const connections: string[] = [];
  try {
    result = await execute(deps, flow, job, step, connections);
  } catch (error) {
    result = { type: "error", error, connections };
  }
  return commit(deps, flow, job, step, result, startedAt);
}

async function loadStep(sql: Sql, job: StepJobPayload): Promise<LoadedStep | null> {
  const rows = await sql.query<Omit<LoadedStep, "run"> & { r_status: string; r_generation: number } & Omit<RunRow, "id" | "status" | "generation">>(
    `SELECT s.id, s.status, s.attempt, s."maxAttempts", s.input, s.output, s.port, s."nextAttemptAt", s."startedAt",
            r.status AS r_status, r.generation AS r_generation, r."flowId", r."versionId", r."environmentId", r.mode, r."businessKey",
            r."triggerKind", r."startedAt" AS "runStartedAt", r."createdAt"
       FROM "StepRun" s JOIN "Run" r ON r.id = s."runId"
      WHERE s."runId" = $1::uuid AND s."nodeId" = $2 AND s.generation = $3`,
    [job.runId, job.nodeId, job.generation],
  );
  const row = rows[0] as (Record<string, unknown> & Omit<LoadedStep, "run">) | undefined;
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    input: row.input,
    output: row.output,
    port: row.port,
    nextAttemptAt: row.nextAttemptAt,
    startedAt: row.startedAt,
    run: {
      id: job.runId,
      status: row.r_status as string,
      generation: row.r_generation as number,
      flowId: row.flowId as string,
      versionId: row.versionId as string | null,
      environmentId: row.environmentId as string | null,
      mode: row.mode as "LIVE" | "TEST",
      businessKey: row.businessKey as string | null,
      triggerKind: row.triggerKind as string,
      startedAt: row.runStartedAt as Date | null,
      createdAt: row.createdAt as Date,
    },
  };
}

async function markRunning(sql: Sql, step: LoadedStep): Promise<Date> {
  const startedAt = new Date();
  await sql.query(
    `WITH s AS (UPDATE "StepRun" SET status = 'RUNNING', "startedAt" = $2 WHERE id = $1::uuid RETURNING "runId")
     UPDATE "Run" SET status = 'RUNNING', "startedAt" = coalesce("startedAt", $2), "updatedAt" = $2
      WHERE id = (SELECT "runId" FROM s) AND status IN ('QUEUED', 'WAITING')`,
    [step.id, startedAt],
  );
  return startedAt;
}

/** Executes the node; the names of the connections it resolves are collected in `connections`. */
async function execute(deps: EngineDeps, flow: CompiledFlow, job: StepJobPayload, step: LoadedStep, connections: string[]): Promise<StepResult> {
  const compiled = flow.nodes.get(job.nodeId);
  if (!compiled) throw new BusinessError(`The flow has no step "${job.nodeId}"`, { code: "unknown-node" });
  const name = compiled.node.label || compiled.node.kind;
  if (compiled.configError) throw new BusinessError(`Step "${name}" is not configured correctly: ${compiled.configError}`, { code: "invalid-config" });
  const run = runInfo(step.run);
  const ctx: ExecutorContext<never> = {
    run,
    node: { id: compiled.node.id, kind: compiled.node.kind, ...(compiled.node.label ? { label: compiled.node.label } : {}) },
    config: compiled.config as never,
    input: step.input,
    attempt: step.attempt,
    maxAttempts: step.maxAttempts,
    idempotencyKey: `${job.runId}:${job.nodeId}:${job.generation}`,
    sandbox: bindSandbox(deps.sandbox, { input: step.input, run }),
    http: createStepHttp({ allowPrivateNetwork: await allowsPrivateNetwork(deps.io, step.run.environmentId), signal: deps.signal }),
    connection: (connectionName) => {
      connections.push(connectionName);
      return resolveConnection(deps.io, step.run.environmentId, connectionName);
    },
    db: deps.db,
    log: deps.log.child({ runId: job.runId, nodeId: job.nodeId, attempt: step.attempt }),
    now: () => new Date(),
    signal: deps.signal,
  };
  return executorFor(compiled.node.kind).execute(ctx);
}

function runInfo(run: RunRow): RunInfo {
  return {
    id: run.id,
    flowId: run.flowId,
    versionId: run.versionId,
    environmentId: run.environmentId,
    mode: run.mode,
    businessKey: run.businessKey,
    generation: run.generation,
    triggerKind: run.triggerKind,
    startedAt: (run.startedAt ?? run.createdAt).toISOString(),
  };
}

type Outcome = StepResult | { type: "error"; error: unknown; connections: string[] } | { type: "resume" };

/** Records the outcome and queues what follows, in one transaction; returns the inline successor. */
async function commit(deps: EngineDeps, flow: CompiledFlow, job: StepJobPayload, step: LoadedStep, outcome: Outcome, startedAt: Date): Promise<Next | null> {
  return deps.io.transaction(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || isTerminal(run.status) || run.generation !== job.generation) return null; // cancelled or replayed meanwhile
    const finishedAt = new Date();
    switch (outcome.type) {
      case "next":
        return succeed(sql, flow, job, step, run, outcome.port, outcome.output, startedAt, finishedAt);
      case "sleep":
        if (outcome.until.getTime() <= finishedAt.getTime()) return succeed(sql, flow, job, step, run, outcome.port, outcome.output, startedAt, finishedAt);
        await sleep(sql, job, step, run, outcome, startedAt);
        return null;
      case "end":
        await endRun(sql, flow, job, step, run, outcome, startedAt, finishedAt);
        return null;
      case "wait":
        await openTask(sql, job, run.flowId, { id: step.id, input: step.input, startedAt }, run.pending, outcome.task);
        return null;
      case "resume": {
        if (!(await stillWaiting(sql, step.id))) return null; // another job of this step continued it
        const resumed = await resumeTask(sql, job, { id: step.id, input: step.input, startedAt }, finishedAt);
        if (resumed?.type === "next") return succeed(sql, flow, job, step, run, resumed.port, resumed.output, startedAt, finishedAt);
        if (resumed?.type === "error") await fail(sql, flow, job, step, run, resumed.error, startedAt, finishedAt);
        return null;
      }
      case "error": {
        const error = await fail(sql, flow, job, step, run, outcome.error, startedAt, finishedAt);
        if (error.class === "authentication") await markConnectionsAuthFailed(sql, run.environmentId, outcome.connections, error.message);
        return null;
      }
    }
  });
}

async function succeed(
  sql: Sql,
  flow: CompiledFlow,
  job: StepJobPayload,
  step: LoadedStep,
  run: LockedRun,
  port: string,
  output: unknown,
  startedAt: Date,
  finishedAt: Date,
): Promise<Next | null> {
  const targets = flow.targets(job.nodeId, port);
  if (targets.length <= 1) return succeedInLine(sql, flow, job, step, run, { port, output, startedAt, finishedAt, target: targets[0] ?? null });
  await sql.query(
    `UPDATE "StepRun" SET status = 'SUCCEEDED', output = $2::jsonb, port = $3, "startedAt" = coalesce("startedAt", $4), "finishedAt" = $5, "nextAttemptAt" = NULL
      WHERE id = $1::uuid`,
    [step.id, json(output), port, startedAt, finishedAt],
  );
  let queued = 0;
  let inline: Next | null = null;
  for (const target of targets) {
    const runsInline = inline === null;
    const maxAttempts = retryPolicyFor(flow, target).maxAttempts;
    const now = new Date();
    const id = await queueStep(sql, {
      runId: job.runId,
      nodeId: target,
      generation: job.generation,
      input: output,
      maxAttempts,
      inline: runsInline,
      predecessorNodeId: job.nodeId,
      ...(runsInline ? { startedAt: now } : {}),
    });
    if (!id) continue;
    queued++;
    if (runsInline) {
      const next = { runId: job.runId, nodeId: target, generation: job.generation };
      const carried: LoadedStep = { id, status: "RUNNING", attempt: 1, maxAttempts, input: output, output: null, port: null, nextAttemptAt: null, startedAt: now, run: { ...run, status: "RUNNING" } };
      inline = { job: next, step: carried };
    }
  }
  const pending = run.pending - 1 + queued;
  if (pending <= 0) {
    await finishRun(sql, flow, run, { status: "SUCCEEDED" });
    return null;
  }
  await sql.query(`UPDATE "Run" SET pending = $2, status = 'RUNNING', "updatedAt" = now() WHERE id = $1::uuid`, [job.runId, pending]);
  return inline;
}

type Success = { port: string; output: unknown; startedAt: Date; finishedAt: Date; target: string | null };

/**
 * The common case, a step with at most one successor, in one statement: the step succeeds, its
 * successor is inserted RUNNING for this job to execute next, and the run's pending count moves
 * (the run row is already locked by this transaction). Same effect as the general path in succeed().
 */
async function succeedInLine(sql: Sql, flow: CompiledFlow, job: StepJobPayload, step: LoadedStep, run: LockedRun, success: Success): Promise<Next | null> {
  const maxAttempts = success.target ? retryPolicyFor(flow, success.target).maxAttempts : 1;
  const rows = await sql.query<{ pending: number; nextId: string | null }>(
    `WITH done AS (
       UPDATE "StepRun" SET status = 'SUCCEEDED', output = $2::jsonb, port = $3, "startedAt" = coalesce("startedAt", $4), "finishedAt" = $5, "nextAttemptAt" = NULL
        WHERE id = $1::uuid RETURNING id),
     next AS (
       INSERT INTO "StepRun" (id, "runId", "nodeId", generation, "maxAttempts", status, input, inline, "predecessorNodeId", "queuedAt", "startedAt")
       SELECT gen_random_uuid(), $6::uuid, $7::text, $8, $9, 'RUNNING', $2::jsonb, true, $10, $5, $5 WHERE $7::text IS NOT NULL
       ON CONFLICT ("runId", "nodeId", generation) DO NOTHING RETURNING id)
     UPDATE "Run" SET pending = pending - 1 + (SELECT count(*) FROM next)::int, status = 'RUNNING', "updatedAt" = $5
      WHERE id = $6::uuid AND EXISTS (SELECT 1 FROM done) RETURNING pending, (SELECT id FROM next) AS "nextId"`,
    [step.id, json(success.output), success.port, success.startedAt, success.finishedAt, job.runId, success.target, job.generation, maxAttempts, job.nodeId],
  );
  const row = rows[0];
  if (!row) throw new Error(`step ${step.id} of run ${job.runId} vanished while it was being recorded`);
  if (row.pending <= 0) {
    await finishRun(sql, flow, run, { status: "SUCCEEDED" });
    return null;
  }
  if (!row.nextId || !success.target) return null;
  const carried: LoadedStep = {
    id: row.nextId, status: "RUNNING", attempt: 1, maxAttempts, input: success.output, output: null, port: null, nextAttemptAt: null,
    startedAt: success.finishedAt, run: { ...run, status: "RUNNING" },
  };
  return { job: { runId: job.runId, nodeId: success.target, generation: job.generation }, step: carried };
}

async function sleep(sql: Sql, job: StepJobPayload, step: LoadedStep, run: LockedRun, outcome: Extract<StepResult, { type: "sleep" }>, startedAt: Date): Promise<void> {
  await sql.query(
    `UPDATE "StepRun" SET status = 'WAITING', output = $2::jsonb, port = $3, "nextAttemptAt" = $4, "startedAt" = coalesce("startedAt", $5), inline = false
      WHERE id = $1::uuid`,
    [step.id, json(outcome.output), outcome.port, outcome.until, startedAt],
  );
  if (run.pending <= 1) await sql.query(`UPDATE "Run" SET status = 'WAITING', "updatedAt" = now() WHERE id = $1::uuid`, [job.runId]);
  await enqueueStepJob(sql, job, outcome.until);
}

async function endRun(
  sql: Sql,
  flow: CompiledFlow,
  job: StepJobPayload,
  step: LoadedStep,
  run: LockedRun,
  outcome: Extract<StepResult, { type: "end" }>,
  startedAt: Date,
  finishedAt: Date,
): Promise<void> {
  await sql.query(`UPDATE "StepRun" SET status = 'SUCCEEDED', output = $2::jsonb, "startedAt" = coalesce("startedAt", $3), "finishedAt" = $4 WHERE id = $1::uuid`, [
    step.id,
    json(outcome.output),
    startedAt,
    finishedAt,
  ]);
  const error: StepErrorInfo | null =
    outcome.outcome === "failure" ? { class: "business", message: outcome.message ?? "The flow ended with a failure", code: "end-failure" } : null;
  await finishRun(sql, flow, run, {
    status: outcome.outcome === "success" ? "SUCCEEDED" : "FAILED",
    response: outcome.response ?? null,
    error: error ? { ...error, nodeId: job.nodeId } : null,
    failedNodeId: error ? job.nodeId : null,
  });
}

/** Records a failed attempt (a retry, a wait, or the run's end as a dead letter); returns the error as stored. */
async function fail(sql: Sql, flow: CompiledFlow, job: StepJobPayload, step: LoadedStep, run: LockedRun, thrown: unknown, startedAt: Date, finishedAt: Date): Promise<StepErrorInfo> {
  const error = classifyError(thrown);
  if (thrown instanceof TransientError && !thrown.countsAsAttempt) {
    // Nothing was attempted (an open circuit breaker): wait and try again, same attempt number.
    const at = new Date(finishedAt.getTime() + Math.max(thrown.retryAfterMs ?? 0, 1000));
    await sql.query(`UPDATE "StepRun" SET status = 'QUEUED', error = $2::jsonb, "nextAttemptAt" = $3, inline = false WHERE id = $1::uuid`, [step.id, json(error), at]);
    await enqueueStepJob(sql, job, at);
    return error;
  }
  const previous = json([{ attempt: step.attempt, error, startedAt, finishedAt }]);
  if (error.class === "transient" && step.attempt < step.maxAttempts) {
    const retryAfterMs = thrown instanceof TransientError ? thrown.retryAfterMs : undefined;
    const at = new Date(finishedAt.getTime() + retryDelayMs(retryPolicyFor(flow, job.nodeId), step.attempt, retryAfterMs));
    await sql.query(
      `UPDATE "StepRun" SET status = 'QUEUED', attempt = attempt + 1, attempts = attempts || $2::jsonb, error = $3::jsonb, "nextAttemptAt" = $4, inline = false
        WHERE id = $1::uuid`,
      [step.id, previous, json(error), at],
    );
    await enqueueStepJob(sql, job, at);
    return error;
  }
  await sql.query(`UPDATE "StepRun" SET status = 'FAILED', error = $2::jsonb, "startedAt" = coalesce("startedAt", $3), "finishedAt" = $4 WHERE id = $1::uuid`, [
    step.id,
    json(error),
    startedAt,
    finishedAt,
  ]);
  const label = flow.nodes.get(job.nodeId)?.node.label;
  await finishRun(sql, flow, run, { status: "FAILED", error: { ...error, nodeId: job.nodeId, ...(label ? { nodeLabel: label } : {}) }, failedNodeId: job.nodeId, deadLetter: true });
  return error;
}

async function stillWaiting(sql: Sql, stepId: string): Promise<boolean> {
  const rows = await sql.query<{ status: string }>(`SELECT status FROM "StepRun" WHERE id = $1::uuid`, [stepId]);
  return rows[0]?.status === "WAITING";
}

/** After a crash: the inline step this one queued (its chain continues in this job). */
async function inlineSuccessor(sql: Sql, job: StepJobPayload): Promise<Next | null> {
  const rows = await sql.query<{ nodeId: string }>(
    `SELECT "nodeId" FROM "StepRun" WHERE "runId" = $1::uuid AND generation = $2 AND "predecessorNodeId" = $3 AND inline LIMIT 1`,
    [job.runId, job.generation, job.nodeId],
  );
  return rows[0] ? { job: { runId: job.runId, nodeId: rows[0].nodeId, generation: job.generation } } : null;
}
