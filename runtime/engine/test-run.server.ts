// Test runs from the designer: the current draft runs through the same engine as live runs, as a
// Run with mode TEST that carries its own snapshot of the definition. It uses no environment's
// connections unless the analyst picked an environment.
import type { Db } from "../../lib/db/client.ts";
import type { TFlowDefinition } from "../../lib/flows/definition.ts";
import { getNodeDefinition } from "../../nodes/registry.ts";
import { acceptRun } from "./accept.ts";

export type TestRunInput = {
  flowId: string;
  definition: TFlowDefinition;
  /** The trigger step's input (what the trigger node outputs). */
  payload: unknown;
  environmentId: string | null;
  actorId: string;
  testCaseId?: string | null;
};

export async function startTestRun(db: Db, input: TestRunInput): Promise<{ runId: string }> {
  const trigger = input.definition.nodes.find((node) => getNodeDefinition(node.kind)?.trigger);
  if (!trigger) throw new Error("startTestRun: the definition has no trigger (validate the draft first)");
  const accepted = await db.$transaction((tx) =>
    acceptRun(tx, {
      flowId: input.flowId,
      versionId: null,
      environmentId: input.environmentId,
      mode: "TEST",
      definition: input.definition,
      triggerNodeId: trigger.id,
      triggerKind: "test",
      payload: input.payload,
      startedById: input.actorId,
      testCaseId: input.testCaseId ?? null,
    }),
  );
  return { runId: accepted.runId };
}
