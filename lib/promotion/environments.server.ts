// Environments as an admin shapes them: add one (key, name), rename it, mark it protected, set its
// webhook base URL, move it along the promotion path. Every change is audited.
import { z } from "zod";
import type { Db, DbTx } from "../db/client.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { AppError } from "../errors.ts";
import { auditActor, type Actor } from "../flows/flows.server.ts";

const ZKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,23}$/, "Use 1 to 24 lowercase letters, digits or dashes, starting with a letter (it appears in webhook URLs)");
const ZName = z.string().trim().min(1, "Give the environment a name").max(60, "Keep the name under 60 characters");
const ZWebhookBaseUrl = z
  .string()
  .trim()
  .max(300, "Keep the URL under 300 characters")
  .refine((value) => value === "" || /^https?:\/\/[^\s/]+/.test(value), "Enter a URL starting with http:// or https://, or leave it empty");

export const ZAddEnvironment = z.object({ key: ZKey, name: ZName, protected: z.boolean().default(false), webhookBaseUrl: ZWebhookBaseUrl.default("") });
export const ZUpdateEnvironment = z.object({ environmentId: z.uuid("Choose an environment"), name: ZName, protected: z.boolean(), webhookBaseUrl: ZWebhookBaseUrl });
export const ZMoveEnvironment = z.object({ environmentId: z.uuid("Choose an environment"), direction: z.enum(["earlier", "later"]) });

export async function addEnvironment(db: Db, actor: Actor, input: z.output<typeof ZAddEnvironment>): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await lockEnvironments(tx);
    if (await tx.environment.findUnique({ where: { key: input.key }, select: { id: true } })) {
      throw new AppError("CONFLICT", `An environment with the key "${input.key}" exists already.`, [{ path: "key", message: "Already in use" }]);
    }
    const last = await tx.environment.findFirst({ orderBy: { position: "desc" }, select: { position: true } });
    const created = await tx.environment.create({
      data: { key: input.key, name: input.name, protected: input.protected, webhookBaseUrl: input.webhookBaseUrl || null, position: (last?.position ?? 0) + 1 },
    });
    await appendAudit(tx, {
      ...auditActor(actor), action: "environment.created", subjectType: "environment", subjectId: created.id,
      after: { key: created.key, name: created.name, position: created.position, protected: created.protected, webhookBaseUrl: created.webhookBaseUrl },
    });
    return { id: created.id };
  });
}

export async function updateEnvironment(db: Db, actor: Actor, input: z.output<typeof ZUpdateEnvironment>): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { key: true, name: true, protected: true, webhookBaseUrl: true } });
    if (!before) throw new AppError("NOT_FOUND", "This environment does not exist (any more).");
    const after = { key: before.key, name: input.name, protected: input.protected, webhookBaseUrl: input.webhookBaseUrl || null };
    await tx.environment.update({ where: { id: input.environmentId }, data: { name: after.name, protected: after.protected, webhookBaseUrl: after.webhookBaseUrl } });
    await appendAudit(tx, { ...auditActor(actor), action: "environment.updated", subjectType: "environment", subjectId: input.environmentId, before, after });
  });
}

/** Swaps the environment with its neighbour on the promotion path. */
export async function moveEnvironment(db: Db, actor: Actor, input: z.output<typeof ZMoveEnvironment>): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockEnvironments(tx);
    const environments = await tx.environment.findMany({ orderBy: { position: "asc" }, select: { id: true, key: true, position: true } });
    const index = environments.findIndex((env) => env.id === input.environmentId);
    const self = environments[index];
    if (!self) throw new AppError("NOT_FOUND", "This environment does not exist (any more).");
    const other = environments[input.direction === "earlier" ? index - 1 : index + 1];
    if (!other) throw new AppError("CONFLICT", `This environment is already the ${input.direction === "earlier" ? "first" : "last"} one.`);
    // Positions are unique: park one out of the way while swapping.
    await tx.environment.update({ where: { id: self.id }, data: { position: -1 } });
    await tx.environment.update({ where: { id: other.id }, data: { position: self.position } });
    await tx.environment.update({ where: { id: self.id }, data: { position: other.position } });
    await appendAudit(tx, {
      ...auditActor(actor), action: "environment.reordered", subjectType: "environment", subjectId: self.id,
      before: { order: environments.map((env) => env.key) },
      after: { order: environments.map((env) => (env.id === self.id ? other.key : env.id === other.id ? self.key : env.key)) },
    });
  });
}

async function lockEnvironments(tx: DbTx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242007)`;
}
