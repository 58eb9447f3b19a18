// Reads for the runs console: the run list (filters + keyset pagination on (createdAt, id)), the
// dead letters (keyset on (deadLetteredAt, id)) and one run's detail with its steps. Plain DTOs
// (lib/runs/run-types.ts); callers check the role first.
//
// Index use (prisma/schema.prisma, Run): status filters walk (status, createdAt); a flow plus an
// environment walks (flowId, environmentId, createdAt); dead letters walk (deadLetteredAt); a
// business-key prefix is a range on (businessKey). Step rows come through the unique
// (runId, nodeId, generation) index. Without any filter the newest page is a top-N sort over all
// runs: an index on (createdAt, id) would make it a walk.
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { readDefinition } from "../flows/drafts.server.ts";
import { getNodeDefinition } from "../../nodes/registry.ts";
import { cachedVersion, compiledVersion } from "../../runtime/engine/compiled-flow.ts";
import { decodeCursor, encodeCursor, timeWindow, type RunCursor, type RunQuery } from "./run-query.ts";
import type { AttemptView, RunDetail, RunListItem, RunListPage, RunMode, RunStatus, StepErrorInfo, StepView } from "./run-types.ts";

export type ListRunsOptions = {
  flowId?: string;
  environmentId?: string;
  status?: RunStatus[];
  from?: Date;
  to?: Date;
  /** Business key search: starting with it (default), or containing it anywhere. */
  businessKey?: string;
  businessKeyMatch?: "prefix" | "contains";
  /** LIVE by default: test runs show only when asked for. */
  mode?: RunMode | "ALL";
  cursor?: string;
  /** "next": the page after the cursor (older); "prev": the page before it (newer). */
  direction?: "next" | "prev";
  limit?: number;
};

export type ListDeadLettersOptions = Pick<ListRunsOptions, "flowId" | "environmentId" | "businessKey" | "businessKeyMatch" | "cursor" | "direction" | "limit">;

type Page = Omit<RunListPage, "deadLetterCount">;

const RUN_SELECT = {
  id: true, flowId: true, versionId: true, status: true, mode: true, businessKey: true, triggerKind: true,
  createdAt: true, startedAt: true, finishedAt: true, failedNodeId: true, error: true, deadLetteredAt: true,
  environment: { select: { id: true, key: true, name: true, protected: true } },
  version: { select: { number: true } },
} satisfies Prisma.RunSelect;

type RunRow = Prisma.RunGetPayload<{ select: typeof RUN_SELECT }>;

/** Runs newest first, LIVE only unless asked. */
export async function listRuns(db: Db, options: ListRunsOptions = {}): Promise<Page> {
  const where: Prisma.RunWhereInput = {
    ...scopeWhere(options),
    ...(options.mode === "ALL" ? {} : { mode: options.mode ?? "LIVE" }),
    ...(options.status && options.status.length > 0 ? { status: { in: options.status } } : {}),
    ...(options.from || options.to ? { createdAt: { ...(options.from ? { gte: options.from } : {}), ...(options.to ? { lt: options.to } : {}) } } : {}),
  };
  return pageOf(db, where, "createdAt", options);
}

/** Failed live runs waiting for a decision (replay or discard), most recently dead-lettered first. */
export async function listDeadLetters(db: Db, options: ListDeadLettersOptions = {}): Promise<Page> {
  return pageOf(db, { ...deadLetterWhere(), ...scopeWhere(options) }, "deadLetteredAt", options);
}

export async function countDeadLetters(db: Db, options: Pick<ListRunsOptions, "flowId" | "environmentId"> = {}): Promise<number> {
  return db.run.count({ where: { ...deadLetterWhere(), ...scopeWhere(options) } });
}

/** The list a console query asks for (all runs or dead letters) with the dead-letter count. */
export async function runsForQuery(db: Db, query: RunQuery, now = new Date()): Promise<RunListPage> {
  const common = {
    flowId: query.flow, environmentId: query.env, businessKey: query.q || undefined, businessKeyMatch: query.match,
    cursor: query.cursor, direction: query.dir, limit: query.limit,
  };
  const [page, deadLetterCount] = await Promise.all([
    query.view === "dead"
      ? listDeadLetters(db, common)
      : listRuns(db, { ...common, ...timeWindow(query, now), status: query.status, mode: query.mode === "all" ? "ALL" : query.mode === "test" ? "TEST" : "LIVE" }),
    countDeadLetters(db, { flowId: query.flow, environmentId: query.env }),
  ]);
  return { ...page, deadLetterCount };
}

/** What the filter bar offers: every flow that has runs or versions, and every environment. */
export async function runFilterOptions(db: Db): Promise<{ flows: { id: string; name: string }[]; environments: { id: string; key: string; name: string }[] }> {
  const [flows, environments] = await Promise.all([
    db.flow.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.environment.findMany({ orderBy: { position: "asc" }, select: { id: true, key: true, name: true } }),
  ]);
  return { flows, environments };
}

/** One run with its definition and steps; null when there is no such run. */
export async function getRunDetail(db: Db, runId: string): Promise<RunDetail | null> {
  if (!UUID.test(runId)) return null;
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      ...RUN_SELECT, definition: true, triggerNodeId: true, triggerPayload: true, generation: true, startedById: true, response: true, updatedAt: true,
      version: { select: { number: true, definition: true } },
    },
  });
  if (!run) return null;
  const [flow, startedBy, stepRows, taskRows] = await Promise.all([
    db.flow.findUnique({ where: { id: run.flowId }, select: { id: true, name: true, slug: true } }),
    run.startedById ? db.user.findUnique({ where: { id: run.startedById }, select: { id: true, name: true } }) : null,
    db.stepRun.findMany({ where: { runId }, orderBy: [{ nodeId: "asc" }, { generation: "desc" }] }),
    db.humanTask.findMany({
      where: { runId, generation: run.generation },
      select: { id: true, nodeId: true, title: true, status: true, assignees: true, dueAt: true, decidedAt: true, decidedBy: { select: { name: true } } },
    }),
  ]);
  const definition = run.versionId ? versionDefinition(run.versionId, run.version?.definition) : readDefinition(run.definition ?? EMPTY, run.flowId);
  const steps: StepView[] = [];
  const earlier: StepView[] = [];
  for (const row of stepRows) (steps.at(-1)?.nodeId === row.nodeId ? earlier : steps).push(stepView(row));
  steps.sort((a, b) => stepOrder(a) - stepOrder(b));
  earlier.sort((a, b) => b.generation - a.generation || stepOrder(a) - stepOrder(b));
  const item = toItem(run, flow?.name ?? "(deleted flow)", definition);
  return {
    run: {
      ...item,
      flowSlug: flow?.slug ?? null,
      triggerNodeId: run.triggerNodeId,
      triggerPayload: run.triggerPayload,
      generation: run.generation,
      startedBy: startedBy ?? null,
      response: run.response ?? null,
      updatedAt: run.updatedAt.toISOString(),
    },
    definition,
    steps,
    earlier,
    tasks: taskRows.map((task) => ({
      id: task.id,
      nodeId: task.nodeId,
      title: task.title,
      status: task.status,
      assignees: (task.assignees as { labels?: string[] }).labels ?? [],
      dueAt: task.dueAt?.toISOString() ?? null,
      decidedBy: task.decidedBy?.name ?? null,
      decidedAt: task.decidedAt?.toISOString() ?? null,
    })),
  };
}

// ---- Helpers ----------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY = { schemaVersion: 1, nodes: [], edges: [], notes: [], settings: {} };

// Live runs only: a failed test run is the designer's business, shown in its test panel.
function deadLetterWhere(): Prisma.RunWhereInput {
  return { status: "FAILED", deadLetteredAt: { not: null }, mode: "LIVE" };
}

function scopeWhere(options: Pick<ListRunsOptions, "flowId" | "environmentId" | "businessKey" | "businessKeyMatch">): Prisma.RunWhereInput {
  const key = options.businessKey?.trim();
  return {
    ...(options.flowId ? { flowId: options.flowId } : {}),
    ...(options.environmentId ? { environmentId: options.environmentId } : {}),
    ...(key ? { businessKey: options.businessKeyMatch === "contains" ? { contains: key, mode: "insensitive" as const } : prefixRange(key) } : {}),
  };
}

/**
 * "Starts with", as a range the (businessKey) index can walk in any collation (LIKE 'x%' uses the
 * index only under the plain C collation, not C.UTF-8): [key, key with its last character raised),
 * exact in code-point order; startsWith stays as the exact test.
 */
function prefixRange(key: string): Prisma.StringNullableFilter<"Run"> {
  const chars = Array.from(key);
  const last = chars.pop()?.codePointAt(0) ?? 0x10ffff;
  if (last >= 0x10ffff) return { startsWith: key };
  return { gte: key, lt: chars.join("") + String.fromCodePoint(last + 1), startsWith: key };
}

/** One page by keyset on (field, id), newest first, and the cursors either side of it. */
async function pageOf(db: Db, where: Prisma.RunWhereInput, field: "createdAt" | "deadLetteredAt", options: Pick<ListRunsOptions, "cursor" | "direction" | "limit">): Promise<Page> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && !cursor) throw new AppError("VALIDATION", "The page cursor is not valid; start from the first page.", [{ path: "cursor", message: "Not a cursor from this list" }]);
  const backwards = options.direction === "prev" && cursor !== null;
  const order = backwards ? "asc" : "desc";
  const rows = await db.run.findMany({
    where: cursor ? { AND: [where, afterCursor(field, cursor, backwards)] } : where,
    orderBy: [{ [field]: order }, { id: order }],
    take: limit + 1,
    select: RUN_SELECT,
  });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();
  const edge = (row: RunRow | undefined) => (row ? encodeCursor({ at: (field === "createdAt" ? row.createdAt : row.deadLetteredAt) ?? row.createdAt, id: row.id }) : null);
  const runs = await toItems(db, page);
  if (backwards) return { runs, prevCursor: more ? edge(page[0]) : null, nextCursor: edge(page.at(-1)) ?? options.cursor ?? null };
  return { runs, nextCursor: more ? edge(page.at(-1)) : null, prevCursor: cursor ? (edge(page[0]) ?? options.cursor ?? null) : null };
}

function afterCursor(field: "createdAt" | "deadLetteredAt", cursor: RunCursor, backwards: boolean): Prisma.RunWhereInput {
  const beyond = backwards ? "gt" : "lt";
  return { OR: [{ [field]: { [beyond]: cursor.at } }, { [field]: cursor.at, id: { [beyond]: cursor.id } }] };
}

/** Rows -> DTOs, with flow names and the failed step's label (one query each, not one per row). */
async function toItems(db: Db, rows: RunRow[]): Promise<RunListItem[]> {
  if (rows.length === 0) return [];
  const flowIds = [...new Set(rows.map((r) => r.flowId))];
  const failed = rows.filter((r) => r.failedNodeId);
  const versionIds = [...new Set(failed.map((r) => r.versionId).filter((id): id is string => id !== null && !cachedVersion(id)))];
  const testIds = failed.filter((r) => r.versionId === null).map((r) => r.id);
  const [flows, versions, tests] = await Promise.all([
    db.flow.findMany({ where: { id: { in: flowIds } }, select: { id: true, name: true } }),
    versionIds.length ? db.flowVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, flowId: true, definition: true } }) : [],
    testIds.length ? db.run.findMany({ where: { id: { in: testIds } }, select: { id: true, flowId: true, definition: true } }) : [],
  ]);
  for (const v of versions) versionDefinition(v.id, v.definition);
  const names = new Map(flows.map((f) => [f.id, f.name]));
  const testDefinitions = new Map(tests.map((t) => [t.id, readDefinition(t.definition ?? EMPTY, t.flowId)]));
  return rows.map((row) => {
    const definition = row.versionId ? cachedVersion(row.versionId)?.definition : testDefinitions.get(row.id);
    return toItem(row, names.get(row.flowId) ?? "(deleted flow)", definition);
  });
}

function toItem(row: RunRow, flowName: string, definition: TFlowDefinition | undefined): RunListItem {
  return {
    id: row.id,
    status: row.status,
    mode: row.mode,
    flow: { id: row.flowId, name: flowName },
    environment: row.environment,
    version: row.version?.number ?? null,
    businessKey: row.businessKey,
    triggerKind: row.triggerKind,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    failedStep: row.failedNodeId ? { nodeId: row.failedNodeId, label: nodeLabel(definition, row.failedNodeId) } : null,
    error: errorInfo(row.error),
    deadLetteredAt: iso(row.deadLetteredAt),
  };
}

/** A step's name on the canvas: its label, else its kind's name, else its id. */
export function nodeLabel(definition: TFlowDefinition | undefined, nodeId: string): string {
  const node = definition?.nodes.find((n) => n.id === nodeId);
  if (!node) return nodeId;
  return node.label || getNodeDefinition(node.kind)?.label || node.kind;
}

// Versions are immutable: their parsed definitions come from the engine's per-process cache.
function versionDefinition(versionId: string, json: unknown): TFlowDefinition {
  return compiledVersion(versionId, json).definition;
}

type StepRow = Prisma.StepRunGetPayload<object>;

function stepView(row: StepRow): StepView {
  return {
    nodeId: row.nodeId,
    generation: row.generation,
    status: row.status,
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    input: row.input ?? null,
    output: row.output ?? null,
    port: row.port,
    error: errorInfo(row.error),
    attempts: attemptsOf(row.attempts),
    queuedAt: row.queuedAt.toISOString(),
    nextAttemptAt: iso(row.nextAttemptAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

function stepOrder(step: StepView): number {
  return Date.parse(step.startedAt ?? step.queuedAt);
}

/** StepRun.attempts is JSON written by the engine: read it defensively. */
function attemptsOf(json: unknown): AttemptView[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry): AttemptView[] => {
    if (!entry || typeof entry !== "object") return [];
    const e = entry as Record<string, unknown>;
    return [{
      attempt: typeof e.attempt === "number" ? e.attempt : 0,
      error: errorInfo(e.error),
      startedAt: typeof e.startedAt === "string" ? e.startedAt : null,
      finishedAt: typeof e.finishedAt === "string" ? e.finishedAt : null,
    }];
  });
}

function errorInfo(json: unknown): StepErrorInfo | null {
  if (!json || typeof json !== "object") return null;
  const e = json as Partial<StepErrorInfo>;
  return { ...e, class: e.class ?? "transient", message: typeof e.message === "string" ? e.message : "Unknown error" } as StepErrorInfo;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
