// Rollback: the environment returns to the version it ran before its current release (the
// history's previousVersionId, rollback-target.ts), in one click. Admin only, without four eyes even in a protected
// environment: it is the emergency exit, so it must not wait for a second person. It is audited
// loudly instead (release.rolled_back with emergency: true and the reason, which is required there).
import type { Db } from "../db/client.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { AppError } from "../errors.ts";
import { readDefinition } from "../flows/drafts.server.ts";
import { auditActor, lockFlow, type Actor } from "../flows/flows.server.ts";
import { currentRelease, summarizeDiff } from "./promote.server.ts";
import { missingConnections, missingConnectionsMessage, releaseVersion } from "./release.server.ts";
import { rollbackVersionId } from "./rollback-target.ts";

export type RollbackTarget = { versionId: string; number: number } | null;

/** The version a rollback would return to, or null (nothing released before). */
export async function rollbackTarget(db: Pick<Db, "releaseHistory" | "flowVersion">, environmentId: string, flowId: string): Promise<RollbackTarget> {
  const history = await db.releaseHistory.findMany({ where: { environmentId, flowId }, orderBy: { createdAt: "desc" }, select: { action: true, previousVersionId: true } });
  const versionId = rollbackVersionId(history);
  if (!versionId) return null;
  const version = await db.flowVersion.findUnique({ where: { id: versionId }, select: { id: true, number: true } });
  return version ? { versionId: version.id, number: version.number } : null;
}

export async function rollback(db: Db, actor: Actor, input: { environmentId: string; flowId: string; reason?: string }): Promise<{ versionNumber: number; environmentName: string }> {
  return db.$transaction(async (tx) => {
    await lockFlow(tx, input.flowId);
    const environment = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { id: true, key: true, name: true, protected: true } });
    if (!environment) throw new AppError("NOT_FOUND", "This environment does not exist (any more).");
    const reason = input.reason?.trim() ?? "";
    if (environment.protected && !reason) {
      throw new AppError("VALIDATION", `Say why ${environment.name} is rolled back: it is protected, and the reason goes into the audit log.`, [{ path: "reason", message: "Required for a protected environment" }]);
    }
    const target = await rollbackTarget(tx, environment.id, input.flowId);
    if (!target) throw new AppError("CONFLICT", `${environment.name} ran no other version of this flow before: there is nothing to roll back to.`);
    const row = await tx.flowVersion.findUniqueOrThrow({ where: { id: target.versionId }, select: { id: true, number: true, definition: true } });
    const definition = readDefinition(row.definition, input.flowId);
    const missing = await missingConnections(tx, environment.id, definition);
    if (missing.length > 0) throw new AppError("CONFLICT", `Cannot roll back to v${row.number}: ${missingConnectionsMessage(environment.name, missing)}`);
    const current = await currentRelease(tx, environment.id, input.flowId);
    await releaseVersion(tx, actor, { environmentId: environment.id, flowId: input.flowId, version: { id: row.id, definition }, action: "rollback", note: reason });
    await appendAudit(tx, {
      ...auditActor(actor), action: "release.rolled_back", subjectType: "flow", subjectId: input.flowId,
      before: { environment: environment.key, versionId: current?.id ?? null, number: current?.number ?? null },
      after: {
        environment: environment.key, versionId: row.id, number: row.number, reason, emergency: environment.protected,
        diff: summarizeDiff(current?.definition ?? null, definition),
      },
    });
    return { versionNumber: row.number, environmentName: environment.name };
  });
}
