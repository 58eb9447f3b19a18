// Test support for the trigger tests: a flow whose one version (trigger -> end) is released to an
// environment, created the way publish and release store them. Not used by the application.
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { definitionHash } from "../flows/content-hash.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { validateFlow } from "../flows/validate.ts";
import { ensureTriggerSecretsForRelease } from "./trigger-secrets.server.ts";

export type TestRelease = { flowId: string; versionId: string; environmentId: string; slug: string; environmentKey: string; ownerId: string };

export function triggerFlow(trigger: { kind: string; config: Record<string, unknown> }): TFlowDefinition {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: trigger.kind, kindVersion: 1, position: { x: 0, y: 0 }, config: trigger.config },
      { id: "done", kind: "end", kindVersion: 1, position: { x: 300, y: 0 }, config: {} },
    ],
    edges: [{ id: "e1", source: "start", sourcePort: "out", target: "done", targetPort: "in" }],
    notes: [],
    settings: {},
  };
}

/** Creates (or reuses) the environment and owner, then a flow released there with `definition`. */
export async function releaseTestFlow(db: Db, options: { slug: string; environmentKey?: string; definition: TFlowDefinition; webhookBaseUrl?: string | null }): Promise<TestRelease> {
  const environmentKey = options.environmentKey ?? "dev";
  const { definition, issues } = validateFlow(options.definition, { connectionNames: null });
  if (!definition) throw new Error(`test flow does not validate: ${issues.map((issue) => issue.message).join("; ")}`);
  const json = definition as Prisma.InputJsonValue;
  const position = (await db.environment.count()) + 1;
  const environment = await db.environment.upsert({
    where: { key: environmentKey },
    update: {},
    create: { key: environmentKey, name: environmentKey.toUpperCase(), position, webhookBaseUrl: options.webhookBaseUrl ?? null },
  });
  const owner = await db.user.upsert({ where: { email: "owner@plant.example" }, update: {}, create: { email: "owner@plant.example", name: "Owner", roles: ["ANALYST"], passwordHash: "x" } });
  return db.$transaction(async (tx) => {
    const flow = await tx.flow.create({ data: { slug: options.slug, name: options.slug, ownerId: owner.id, draft: { create: { definition: json, editorId: owner.id } } } });
    const version = await tx.flowVersion.create({ data: { flowId: flow.id, number: 1, definition: json, contentHash: definitionHash(definition), authorId: owner.id } });
    await tx.release.create({ data: { environmentId: environment.id, flowId: flow.id, versionId: version.id } });
    await ensureTriggerSecretsForRelease(tx, { environmentId: environment.id, flowId: flow.id, definition });
    return { flowId: flow.id, versionId: version.id, environmentId: environment.id, slug: options.slug, environmentKey, ownerId: owner.id };
  });
}
