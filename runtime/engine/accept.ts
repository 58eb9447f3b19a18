// Accept: the durable start of a run (DESIGN.md runtime contract, 1). In the caller's ONE
// transaction: insert the run (unique idempotency key per flow + environment), queue its trigger
// step and add the step's job. Only after the commit may a webhook answer 202. A repeated key
// returns the original run and starts nothing.
import type { DbTx } from "../../lib/db/client.ts";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { compileFlow, type CompiledFlow } from "./compiled-flow.ts";
import { scheduleDeadline } from "./deadline.ts";
import { admitOnAccept, hasLimits } from "./gate.ts";
import { queueStep } from "./queue.ts";
import { flowOfRun } from "./run-flow.ts";
import { json, sqlOfTx, type Sql } from "./sql.ts";

export type AcceptInput = {
  flowId: string;
  versionId: string | null;
  environmentId: string | null;
  mode: "LIVE" | "TEST";
  /** The draft a TEST run executes (required when versionId is null). */
  definition?: TFlowDefinition;
  triggerNodeId: string;
  triggerKind: string;
  /** The trigger step's input: the trigger node's output shape (e.g. { body, headers, query, receivedAt }). */
  payload: unknown;
  idempotencyKey?: string | null;
  businessKey?: string | null;
  startedById?: string | null;
  testCaseId?: string | null;
  /** Start the run at this time (a schedule tick enqueued ahead of time). */
  runAt?: Date;
};

export type Accepted = { runId: string; duplicate: boolean; gated: boolean };

export async function acceptRun(tx: DbTx, input: AcceptInput): Promise<Accepted> {
  return acceptWithSql(sqlOfTx(tx), input);
}

export async function acceptWithSql(sql: Sql, input: AcceptInput): Promise<Accepted> {
  if (!input.versionId && !input.definition) throw new Error("acceptRun: a run needs a version or (for a test run) a definition");
  const flow: CompiledFlow = input.versionId ? await flowOfRun(sql, { id: "", versionId: input.versionId }) : compileFlow(input.definition);
  // Without concurrency limits the run starts at once: its one pending step is counted on insert.
  const limited = input.mode === "LIVE" && input.environmentId !== null && hasLimits(flow);
  const inserted = await insertRun(sql, input, limited ? 0 : 1);
  if (!inserted) return { runId: await existingRunId(sql, input), duplicate: true, gated: false };
  if (limited) {
    const gate = { id: inserted, flowId: input.flowId, environmentId: input.environmentId, businessKey: input.businessKey ?? null, mode: input.mode };
    if (!(await admitOnAccept(sql, flow, gate))) {
      await sql.query(`UPDATE "Run" SET gated = true WHERE id = $1::uuid`, [inserted]);
      return { runId: inserted, duplicate: false, gated: true };
    }
    await sql.query(`UPDATE "Run" SET pending = 1 WHERE id = $1::uuid`, [inserted]);
  }
  await queueStep(sql, { runId: inserted, nodeId: input.triggerNodeId, generation: 0, input: input.payload, maxAttempts: 1, runAt: input.runAt });
  await scheduleDeadline(sql, flow, { runId: inserted, generation: 0 }, input.runAt);
  return { runId: inserted, duplicate: false, gated: false };
}

async function insertRun(sql: Sql, input: AcceptInput, pending: number): Promise<string | null> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO "Run" (id, "flowId", "versionId", "environmentId", mode, definition, "testCaseId", status, "triggerKind", "triggerNodeId",
                        "triggerPayload", "idempotencyKey", "businessKey", "startedById", pending, "createdAt", "updatedAt")
     VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4::"RunMode", $5::jsonb, $6::uuid, 'QUEUED', $7, $8, $9::jsonb, $10, $11, $12::uuid, $13, now(), now())
     ON CONFLICT ("flowId", "environmentId", "idempotencyKey") DO NOTHING RETURNING id`,
    [
      input.flowId,
      input.versionId,
      input.environmentId,
      input.mode,
      input.versionId ? null : json(input.definition),
      input.testCaseId ?? null,
      input.triggerKind,
      input.triggerNodeId,
      json(input.payload),
      input.idempotencyKey ?? null,
      input.businessKey ?? null,
      input.startedById ?? null,
      pending,
    ],
  );
  return rows[0]?.id ?? null;
}

async function existingRunId(sql: Sql, input: AcceptInput): Promise<string> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM "Run" WHERE "flowId" = $1::uuid AND "environmentId" IS NOT DISTINCT FROM $2::uuid AND "idempotencyKey" = $3`,
    [input.flowId, input.environmentId, input.idempotencyKey],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error("acceptRun: the idempotency key conflicted but the original run is not visible");
  return id;
}
