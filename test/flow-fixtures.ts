// For engine tests: build a flow definition in a few lines, publish it as a version and release it
// to an environment, straight through the database (the designer's own paths have their tests).
import { randomUUID } from "node:crypto";
import type { Db } from "../lib/db/client.ts";
import { FLOW_SCHEMA_VERSION, type TFlowDefinition, type TFlowNode } from "../lib/flows/definition.ts";
import { getNodeDefinition } from "../nodes/registry.ts";
import { seedDemo } from "../prisma/seed.ts";

export function flowNode(id: string, kind: string, config: Record<string, unknown> = {}, label?: string): TFlowNode {
  const definition = getNodeDefinition(kind);
  if (!definition) throw new Error(`unknown kind ${kind}`);
  const defaults = definition.defaults() as Record<string, unknown>;
  return { id, kind, kindVersion: definition.kindVersion, position: { x: 0, y: 0 }, config: { ...defaults, ...config }, ...(label ? { label } : {}) };
}

/** Edges as [source, target] or [source, target, sourcePort]. */
export function flowDefinition(nodes: TFlowNode[], edges: ([string, string] | [string, string, string])[], settings: TFlowDefinition["settings"] = {}): TFlowDefinition {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    nodes,
    edges: edges.map(([source, target, port], index) => ({ id: `e${index}`, source, sourcePort: port ?? "out", target, targetPort: "in" })),
    notes: [],
    settings,
  };
}

export type ReleasedFlow = { flowId: string; slug: string; versionId: string; environmentId: string; environmentKey: string; authorId: string };

/** Seeds the demo data (idempotent), then creates a flow with one version released to `environmentKey`. */
export async function releaseFlow(db: Db, definition: TFlowDefinition, environmentKey = "dev"): Promise<ReleasedFlow> {
  await seedDemo(db);
  const author = await db.user.findUniqueOrThrow({ where: { email: "analyst@millwright.local" } });
  const environment = await db.environment.findUniqueOrThrow({ where: { key: environmentKey } });
  const slug = `flow-${randomUUID().slice(0, 8)}`;
  const flow = await db.flow.create({ data: { slug, name: slug, ownerId: author.id } });
  const version = await db.flowVersion.create({ data: { flowId: flow.id, number: 1, definition: definition as object, contentHash: randomUUID(), authorId: author.id } });
  await db.release.create({ data: { environmentId: environment.id, flowId: flow.id, versionId: version.id } });
  return { flowId: flow.id, slug, versionId: version.id, environmentId: environment.id, environmentKey, authorId: author.id };
}

/** Polls until the run has one of `statuses` (or fails the test after `timeoutMs`). */
export async function waitForRun(db: Db, runId: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    if (statuses.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${run.status}, expected ${statuses.join(" or ")}; steps: ${JSON.stringify(run.steps.map((s) => [s.nodeId, s.status, s.error]))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
