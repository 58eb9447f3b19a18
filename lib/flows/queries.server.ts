// Reads for the flows list, the editor and the version viewer. They return plain data with ISO
// date strings (DTOs), so the same types hold whether a page passes them to a client component or
// a route handler sends them as JSON. Callers check the role (any flows reader) first.
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db, DbTx } from "../db/client.ts";
import type { TFlowDefinition } from "./definition.ts";
import { readDefinition } from "./drafts.server.ts";
import { draftContentHash } from "./content-hash.ts";

export type FlowRelease = { environmentKey: string; environmentName: string; protected: boolean; number: number; releasedAt: string };

export type FlowListItem = {
  id: string;
  slug: string;
  name: string;
  description: string;
  archivedAt: string | null;
  owner: { id: string; name: string };
  /** The last draft save (content edits; renames and archiving are in the audit trail). */
  lastEditedAt: string;
  lastEditorName: string;
  latestVersion: { number: number; createdAt: string } | null;
  /** One per environment the flow is released to, in environment order (dev, test, prod). */
  releases: FlowRelease[];
};

export type ListFlowsOptions = { search?: string; includeArchived?: boolean };

/** Flows by name (archived ones last, only when asked for); `search` matches name, slug or description. */
export async function listFlows(db: Db, options: ListFlowsOptions = {}): Promise<FlowListItem[]> {
  const search = options.search?.trim();
  const where: Prisma.FlowWhereInput = {
    ...(options.includeArchived ? {} : { archivedAt: null }),
    ...(search
      ? { OR: (["name", "slug", "description"] as const).map((field) => ({ [field]: { contains: search, mode: "insensitive" as const } })) }
      : {}),
  };
  const flows = await db.flow.findMany({
    where,
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    select: {
      id: true, slug: true, name: true, description: true, archivedAt: true, createdAt: true,
      owner: { select: { id: true, name: true } },
      draft: { select: { updatedAt: true, editor: { select: { name: true } } } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, createdAt: true } },
      releases: { select: RELEASE_SELECT },
    },
  });
  const items = flows.map((flow) => ({
    id: flow.id,
    slug: flow.slug,
    name: flow.name,
    description: flow.description,
    archivedAt: iso(flow.archivedAt),
    owner: flow.owner,
    lastEditedAt: (flow.draft?.updatedAt ?? flow.createdAt).toISOString(),
    lastEditorName: flow.draft?.editor.name ?? flow.owner.name,
    latestVersion: flow.versions[0] ? { number: flow.versions[0].number, createdAt: flow.versions[0].createdAt.toISOString() } : null,
    releases: toReleases(flow.releases),
  }));
  // Archived flows after the others, each group by name.
  return items.sort((a, b) => Number(a.archivedAt !== null) - Number(b.archivedAt !== null));
}

export type FlowVersionSummary = { number: number; note: string; authorName: string; createdAt: string; contentHash: string };
export type FlowConnection = { name: string; kind: string; environments: string[] };

export type FlowEditorData = {
  flow: { id: string; slug: string; name: string; description: string; archivedAt: string | null; owner: { id: string; name: string }; createdAt: string };
  draft: {
    revision: number;
    definition: TFlowDefinition;
    updatedAt: string;
    editorName: string;
    /** The latest version's number when the draft has the same content (nothing to publish), else null. */
    matchesVersion: number | null;
  };
  /** Newest first. */
  versions: FlowVersionSummary[];
  releases: FlowRelease[];
  /** Connection names defined in at least one environment (what the validator accepts). */
  connectionNames: string[];
  /** The same with their kind and environments, for pickers that filter by kind. */
  connections: FlowConnection[];
  /** Where publishing can release at once: the first environment, unless it is protected. */
  releaseTarget: { key: string; name: string } | null;
};

export async function getFlowForEditor(db: Db, flowId: string): Promise<FlowEditorData | null> {
  if (!isUuid(flowId)) return null;
  const flow = await db.flow.findUnique({
    where: { id: flowId },
    select: {
      id: true, slug: true, name: true, description: true, archivedAt: true, createdAt: true,
      owner: { select: { id: true, name: true } },
      draft: { select: { revision: true, definition: true, updatedAt: true, editor: { select: { name: true } } } },
      versions: { orderBy: { number: "desc" }, select: { number: true, note: true, createdAt: true, contentHash: true, author: { select: { name: true } } } },
      releases: { select: RELEASE_SELECT },
    },
  });
  if (!flow || !flow.draft) return null;
  const connections = await listConnections(db);
  const first = await db.environment.findFirst({ orderBy: { position: "asc" }, select: { key: true, name: true, protected: true } });
  const definition = readDefinition(flow.draft.definition, flow.id);
  const latest = flow.versions[0];
  return {
    flow: {
      id: flow.id, slug: flow.slug, name: flow.name, description: flow.description, archivedAt: iso(flow.archivedAt),
      owner: flow.owner, createdAt: flow.createdAt.toISOString(),
    },
    draft: {
      revision: flow.draft.revision,
      definition,
      updatedAt: flow.draft.updatedAt.toISOString(),
      editorName: flow.draft.editor.name,
      matchesVersion: latest && draftContentHash(definition) === latest.contentHash ? latest.number : null,
    },
    versions: flow.versions.map((v) => ({ number: v.number, note: v.note, authorName: v.author.name, createdAt: v.createdAt.toISOString(), contentHash: v.contentHash })),
    releases: toReleases(flow.releases),
    connectionNames: connections.map((c) => c.name),
    connections,
    releaseTarget: first && !first.protected ? { key: first.key, name: first.name } : null,
  };
}

export type FlowVersionDetail = FlowVersionSummary & { flowId: string; definition: TFlowDefinition };

export async function getVersion(db: Db, flowId: string, number: number): Promise<FlowVersionDetail | null> {
  if (!isUuid(flowId) || !Number.isSafeInteger(number)) return null;
  const version = await db.flowVersion.findUnique({
    where: { flowId_number: { flowId, number } },
    select: { number: true, note: true, createdAt: true, contentHash: true, definition: true, author: { select: { name: true } } },
  });
  if (!version) return null;
  return {
    flowId, number: version.number, note: version.note, authorName: version.author.name, createdAt: version.createdAt.toISOString(),
    contentHash: version.contentHash, definition: readDefinition(version.definition, flowId),
  };
}

/** Every connection name in any environment, sorted. */
export async function listConnectionNames(db: Db | DbTx): Promise<string[]> {
  return [...(await connectionNameSet(db))].sort();
}

export async function connectionNameSet(db: Db | DbTx): Promise<Set<string>> {
  const rows = await db.connection.findMany({ select: { name: true }, distinct: ["name"] });
  return new Set(rows.map((row) => row.name));
}

/** Connections by name (never their config or secrets): kind and the environments that have one. */
export async function listConnections(db: Db | DbTx): Promise<FlowConnection[]> {
  const rows = await db.connection.findMany({
    select: { name: true, kind: true, environment: { select: { key: true, position: true } } },
    orderBy: [{ name: "asc" }, { environment: { position: "asc" } }],
  });
  const byName = new Map<string, FlowConnection>();
  for (const row of rows) {
    const entry = byName.get(row.name) ?? { name: row.name, kind: row.kind, environments: [] };
    entry.environments.push(row.environment.key);
    byName.set(row.name, entry);
  }
  return [...byName.values()];
}

export type EnvironmentSummary = { key: string; name: string; position: number; protected: boolean };

export async function listEnvironments(db: Db): Promise<EnvironmentSummary[]> {
  return db.environment.findMany({ orderBy: { position: "asc" }, select: { key: true, name: true, position: true, protected: true } });
}

const RELEASE_SELECT = {
  releasedAt: true,
  environment: { select: { key: true, name: true, position: true, protected: true } },
  version: { select: { number: true } },
} as const;

type ReleaseRow = { releasedAt: Date; environment: { key: string; name: string; position: number; protected: boolean }; version: { number: number } };

function toReleases(rows: ReleaseRow[]): FlowRelease[] {
  return [...rows]
    .sort((a, b) => a.environment.position - b.environment.position)
    .map((r) => ({ environmentKey: r.environment.key, environmentName: r.environment.name, protected: r.environment.protected, number: r.version.number, releasedAt: r.releasedAt.toISOString() }));
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

// A malformed id is "not found", not a database error.
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
