// Everything the request page shows: the request, the names around it, the two definitions to diff
// (what the target runs now, or ran when the request was decided, against the candidate), and
// whether the viewer may decide it.
import type { SessionUser } from "../auth/sign-in.server.ts";
import type { Db } from "../db/client.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { readDefinition } from "../flows/drafts.server.ts";
import { isUuid } from "../flows/queries.server.ts";
import { readGates, type DiffSummary, type GateResults } from "./gates.ts";
import { summarizeDiff } from "./promote.server.ts";
import { whyCannotDecide } from "./requests.server.ts";

export type RequestDetail = {
  id: string;
  status: string;
  note: string;
  comment: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  flow: { id: string; name: string; slug: string };
  environment: { id: string; key: string; name: string };
  version: { id: string; number: number; note: string; author: string; definition: TFlowDefinition };
  current: { number: number; definition: TFlowDefinition } | null;
  requestedBy: string;
  decidedBy: string | null;
  gates: GateResults | null;
  diff: DiffSummary;
  /** Null when the viewer may approve or reject; else why not. */
  cannotDecide: string | null;
  isRequester: boolean;
};

export async function requestDetail(db: Db, viewer: Pick<SessionUser, "id" | "roles">, requestId: string): Promise<RequestDetail | null> {
  if (!isUuid(requestId)) return null;
  const request = await db.promotionRequest.findUnique({ where: { id: requestId } });
  if (!request) return null;
  const [flow, environment, version, users, release] = await Promise.all([
    db.flow.findUniqueOrThrow({ where: { id: request.flowId }, select: { id: true, name: true, slug: true } }),
    db.environment.findUniqueOrThrow({ where: { id: request.environmentId }, select: { id: true, key: true, name: true } }),
    db.flowVersion.findUniqueOrThrow({ where: { id: request.versionId }, select: { id: true, number: true, note: true, definition: true, authorId: true, author: { select: { name: true } } } }),
    db.user.findMany({ where: { id: { in: [request.requestedById, ...(request.decidedById ? [request.decidedById] : [])] } }, select: { id: true, name: true } }),
    db.release.findUnique({ where: { environmentId_flowId: { environmentId: request.environmentId, flowId: request.flowId } }, select: { versionId: true } }),
  ]);
  // Pending: diff against what the target runs now; decided: against what it ran when requested.
  const currentId = request.status === "PENDING" ? (release?.versionId ?? null) : request.currentVersionId;
  const currentRow = currentId ? await db.flowVersion.findUnique({ where: { id: currentId }, select: { number: true, definition: true } }) : null;
  const current = currentRow ? { number: currentRow.number, definition: readDefinition(currentRow.definition, flow.id) } : null;
  const definition = readDefinition(version.definition, flow.id);
  const name = (id: string | null) => users.find((u) => u.id === id)?.name ?? null;
  return {
    id: request.id, status: request.status, note: request.note, comment: request.comment, createdAt: request.createdAt, decidedAt: request.decidedAt,
    flow, environment,
    version: { id: version.id, number: version.number, note: version.note, author: version.author.name, definition },
    current,
    requestedBy: name(request.requestedById) ?? "Unknown user",
    decidedBy: name(request.decidedById),
    gates: readGates(request.gates),
    diff: summarizeDiff(current?.definition ?? null, definition),
    cannotDecide: whyCannotDecide(viewer, request, version.authorId),
    isRequester: request.requestedById === viewer.id,
  };
}
