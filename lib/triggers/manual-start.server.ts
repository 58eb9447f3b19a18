// "Run now": a person starts a LIVE run of a flow whose trigger is a manual start, in one of the
// environments it is released to. The input is checked against the trigger's input schema (every
// failing path reported), then the run is accepted like any other (runtime/engine/accept.ts) and
// the start is audited in the same transaction.
import { appendAudit } from "../audit/audit.server.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { acceptRun } from "../../runtime/engine/accept.ts";
import { checkPayload, SchemaCompileError } from "./payload-schema.ts";
import { releasedTrigger } from "./released-trigger.server.ts";

export type ManualStarter = { id: string; email: string };

export async function startManualRun(db: Db, actor: ManualStarter, request: { flowId: string; environmentId: string; input: unknown }): Promise<{ runId: string }> {
  const release = await releasedTrigger(db, request.flowId, request.environmentId);
  if (release.flow.archivedAt) throw new AppError("CONFLICT", "This flow is archived: it does not start new runs.");
  const trigger = release.trigger;
  if (!trigger || trigger.kind !== "manual-trigger") throw new AppError("CONFLICT", `v${release.version.number} in ${release.environment.name} is not started by hand.`);
  if (trigger.configError) throw new AppError("CONFLICT", `The manual start's settings are invalid (${trigger.configError}).`);
  checkInput(trigger.config as { inputSchema?: Record<string, unknown> }, request.input, `${release.version.id}:${trigger.nodeId}`);

  return db.$transaction(async (tx) => {
    const accepted = await acceptRun(tx, {
      flowId: request.flowId, versionId: release.version.id, environmentId: release.environment.id, mode: "LIVE",
      triggerNodeId: trigger.nodeId, triggerKind: "manual", payload: { input: request.input, startedBy: actor.email }, startedById: actor.id,
    });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.email, action: "run.started", subjectType: "run", subjectId: accepted.runId,
      after: { flowId: request.flowId, environment: release.environment.key, version: release.version.number, trigger: "manual" },
    });
    return { runId: accepted.runId };
  });
}

function checkInput(config: { inputSchema?: Record<string, unknown> }, input: unknown, cacheKey: string): void {
  if (!config.inputSchema) return;
  let fields;
  try {
    fields = checkPayload(config.inputSchema, input, cacheKey);
  } catch (error) {
    if (error instanceof SchemaCompileError) throw new AppError("CONFLICT", `${error.message}. Fix the manual start's input schema and release the flow again.`);
    throw error;
  }
  if (fields.length > 0) {
    throw new AppError("VALIDATION", fields.length === 1 ? `The input does not match the schema: ${fields[0]!.path} ${fields[0]!.message}.` : `The input does not match the schema (${fields.length} problems).`, fields);
  }
}
