// The draft: the one mutable definition of a flow, autosaved by the editor.
//
// Optimistic concurrency: every save names the revision it started from, and lands only if the
// draft is still at that revision (a compare-and-set in one UPDATE). Otherwise the caller gets the
// draft as it is now (who saved it, when), so the editor can offer "reload theirs" or "keep mine"
// (which saves again from the new revision). Two tabs never overwrite each other silently.
//
// Autosaves are not audited (they would drown the trail); the draft keeps who saved last and when,
// and publishing, which is what matters, is audited.
import type { Db, DbTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { logger } from "../log.ts";
import { DraftConflictError, type DraftConflict } from "./action-result.ts";
import { ZFlowDefinition, type TFlowDefinition } from "./definition.ts";
import { ARCHIVED_MESSAGE, notFound, type Actor } from "./flows.server.ts";

export type SavedDraft = { revision: number; updatedAt: string };

/** `definition` must already have passed parseDefinitionShape (flow-schemas.ts). */
export async function saveDraft(db: Db | DbTx, actor: Actor, flowId: string, baseRevision: number, definition: TFlowDefinition): Promise<SavedDraft> {
  const saved = await compareAndSetDraft(db, actor, flowId, baseRevision, definition);
  if (saved) return saved;
  throw await whyNotSaved(db, flowId);
}

/**
 * The draft becomes `definition` if it is still at `baseRevision` and the flow is not archived;
 * null otherwise. One statement, so a concurrent save either sees the new revision or waits for
 * the row lock and then re-checks the revision (PostgreSQL re-evaluates the WHERE after the wait).
 */
export async function compareAndSetDraft(db: Db | DbTx, actor: Actor, flowId: string, baseRevision: number, definition: TFlowDefinition): Promise<SavedDraft | null> {
  const rows = await db.$queryRaw<{ revision: number; updatedAt: Date }[]>`
    UPDATE "FlowDraft" AS d
    SET definition = ${JSON.stringify(definition)}::jsonb, revision = d.revision + 1, "editorId" = ${actor.id}::uuid, "updatedAt" = now()
    FROM "Flow" AS f
    WHERE d."flowId" = ${flowId}::uuid AND d.revision = ${baseRevision} AND f.id = d."flowId" AND f."archivedAt" IS NULL
    RETURNING d.revision, d."updatedAt"`;
  const row = rows[0];
  return row ? { revision: row.revision, updatedAt: row.updatedAt.toISOString() } : null;
}

/** After a refused compare-and-set: the flow is gone, archived, or someone saved first. */
export async function whyNotSaved(db: Db | DbTx, flowId: string): Promise<AppError> {
  const flow = await db.flow.findUnique({ where: { id: flowId }, select: { archivedAt: true } });
  if (!flow) return notFound();
  if (flow.archivedAt) return new AppError("CONFLICT", ARCHIVED_MESSAGE);
  const current = await currentDraft(db, flowId);
  if (!current) return notFound();
  return new DraftConflictError(
    `${current.editorName} saved this flow after you loaded it (it is now at revision ${current.revision}). Reload their version or keep yours.`,
    current,
  );
}

export async function currentDraft(db: Db | DbTx, flowId: string): Promise<DraftConflict | null> {
  const draft = await db.flowDraft.findUnique({
    where: { flowId },
    select: { revision: true, definition: true, updatedAt: true, editor: { select: { name: true } } },
  });
  if (!draft) return null;
  return { revision: draft.revision, definition: readDefinition(draft.definition, flowId), editorName: draft.editor.name, updatedAt: draft.updatedAt.toISOString() };
}

/**
 * A stored definition as the editor's type. Everything stored went through ZFlowDefinition, so
 * this only fills defaults of fields added since; a definition that no longer parses is handed over
 * as it is (the validator then shows what is wrong) rather than locking the analyst out.
 */
export function readDefinition(json: unknown, flowId: string): TFlowDefinition {
  const parsed = ZFlowDefinition.safeParse(json);
  if (parsed.success) return parsed.data;
  logger.warn({ flowId, issues: parsed.error.issues.slice(0, 5) }, "stored flow definition does not parse");
  return json as TFlowDefinition;
}
