// Import a flow file into a new flow; export a flow's draft or one of its versions as a file.
// The file format and its checks are in import-export.ts (browser-safe).
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { FlowInvalidError } from "./action-result.ts";
import { definitionHash } from "./content-hash.ts";
import { readDefinition } from "./drafts.server.ts";
import { assertNameFree, auditActor, freeName, insertFlow, lockFlowNames, notFound, withSuffix, type Actor } from "./flows.server.ts";
import { slugify, type TImportFlow } from "./flow-schemas.ts";
import { buildFlowFile, flowFileName, parseFlowFile, type FlowFile, type LocatedIssue } from "./import-export.ts";
import { connectionNameSet, isUuid } from "./queries.server.ts";

export type ImportedFlow = { id: string; slug: string; name: string; warnings: LocatedIssue[] };

/**
 * A new flow whose draft is the file's definition. A file that is not a well-formed definition is
 * refused with the exact locations (FlowInvalidError); graph and config problems do not stop the
 * import (the draft is a work in progress) and come back as warnings to fix in the editor.
 * The name: `input.name` if given (must be free), else the file's, made unique with " (imported)".
 */
export async function importFlow(db: Db, actor: Actor, input: TImportFlow): Promise<ImportedFlow> {
  const parsed = parseFlowFile(input.json, { connectionNames: await connectionNameSet(db) });
  if (!parsed.ok) throw new FlowInvalidError(parsed.message, parsed.issues, parsed.fields);
  const { definition, meta, warnings } = parsed;
  const description = meta.description ?? "";
  return db.$transaction(async (tx) => {
    await lockFlowNames(tx);
    let name: string;
    if (input.name) {
      await assertNameFree(tx, input.name);
      name = input.name;
    } else {
      const base = meta.name ?? "Imported flow";
      name = await freeName(tx, (n) => (n === 1 ? base : withSuffix(base, n === 2 ? " (imported)" : ` (imported ${n - 1})`)));
    }
    // Keep the file's slug when it is free: webhook paths then match between installations.
    const slugBase = meta.slug && slugify(meta.slug) === meta.slug ? meta.slug : slugify(name);
    const flow = await insertFlow(tx, actor, { name, description, definition, slugBase });
    await appendAudit(tx, {
      ...auditActor(actor), action: "flow.imported", subjectType: "flow", subjectId: flow.id,
      after: {
        name, slug: flow.slug, description, contentHash: definitionHash(definition),
        source: { slug: meta.slug ?? null, versionNumber: meta.versionNumber ?? null },
        warnings: warnings.length,
      },
    });
    return { ...flow, name, warnings };
  });
}

export type ExportedFlow = { fileName: string; file: FlowFile };

/** The draft (no `versionNumber`) or one version as a flow file, secrets stripped. */
export async function exportFlow(db: Db, flowId: string, versionNumber?: number): Promise<ExportedFlow> {
  if (!isUuid(flowId)) throw notFound();
  const flow = await db.flow.findUnique({
    where: { id: flowId },
    select: { name: true, slug: true, description: true, draft: { select: { definition: true } } },
  });
  if (!flow || !flow.draft) throw notFound();
  const meta = { name: flow.name, slug: flow.slug, description: flow.description };
  if (versionNumber === undefined) {
    const file = buildFlowFile({ flow: meta, definition: readDefinition(flow.draft.definition, flowId), exportedAt: new Date() });
    return { fileName: flowFileName(flow.slug), file };
  }
  const version = await db.flowVersion.findUnique({
    where: { flowId_number: { flowId, number: versionNumber } },
    select: { number: true, note: true, definition: true },
  });
  if (!version) throw new AppError("NOT_FOUND", `Version v${versionNumber} of this flow does not exist.`);
  const file = buildFlowFile({
    flow: meta, version: { number: version.number, note: version.note },
    definition: readDefinition(version.definition, flowId), exportedAt: new Date(),
  });
  return { fileName: flowFileName(flow.slug, version.number), file };
}
