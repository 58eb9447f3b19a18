// The environments matrix: for each flow and environment, the released version, since when and by
// whom, live runs in the last 24 hours with failures, a pending promotion request, and what a
// rollback would return to. A fixed number of queries, whatever the number of flows.
import type { Db } from "../db/client.ts";
import { rollbackVersionId } from "./rollback-target.ts";

export type MatrixEnvironment = { id: string; key: string; name: string; position: number; protected: boolean; webhookBaseUrl: string | null };

export type MatrixCell = {
  versionId: string;
  number: number;
  releasedAt: Date;
  releasedBy: string | null;
  action: string | null;
  runs24h: number;
  failed24h: number;
  rollbackTo: number | null;
};

export type MatrixRow = {
  flow: { id: string; name: string; slug: string };
  cells: Record<string, MatrixCell | undefined>;
  pending: Record<string, { requestId: string; number: number } | undefined>;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export async function releaseMatrix(db: Db, now = new Date()): Promise<{ environments: MatrixEnvironment[]; rows: MatrixRow[] }> {
  const since = new Date(now.getTime() - DAY_MS);
  const [environments, flows, releases, history, runs, pending] = await Promise.all([
    db.environment.findMany({ orderBy: { position: "asc" }, select: { id: true, key: true, name: true, position: true, protected: true, webhookBaseUrl: true } }),
    db.flow.findMany({ where: { archivedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true, slug: true } }),
    db.release.findMany({ select: { environmentId: true, flowId: true, versionId: true, releasedAt: true, version: { select: { number: true } } } }),
    // The release history per (environment, flow), newest first: who released, how, and what a rollback returns to.
    db.releaseHistory.findMany({
      orderBy: [{ environmentId: "asc" }, { flowId: "asc" }, { createdAt: "desc" }],
      select: { environmentId: true, flowId: true, action: true, previousVersionId: true, releasedBy: { select: { name: true } } },
    }),
    db.run.groupBy({
      by: ["flowId", "environmentId", "status"],
      where: { mode: "LIVE", createdAt: { gte: since }, environmentId: { not: null } },
      _count: { _all: true },
    }),
    db.promotionRequest.findMany({ where: { status: "PENDING" }, select: { id: true, flowId: true, environmentId: true, versionId: true } }),
  ]);
  const cellKey = (environmentId: string | null, flowId: string) => `${environmentId}:${flowId}`;
  const historyBy = new Map<string, typeof history>();
  for (const entry of history) {
    const key = cellKey(entry.environmentId, entry.flowId);
    historyBy.set(key, [...(historyBy.get(key) ?? []), entry]);
  }
  const rollbackIds = new Map([...historyBy].map(([key, entries]) => [key, rollbackVersionId(entries)]));
  const previousIds = [...new Set([...rollbackIds.values(), ...pending.map((p) => p.versionId)].filter((id): id is string => id !== null))];
  const numbers = new Map((await db.flowVersion.findMany({ where: { id: { in: previousIds } }, select: { id: true, number: true } })).map((v) => [v.id, v.number]));
  const runsBy = new Map<string, { runs: number; failed: number }>();
  for (const group of runs) {
    const key = cellKey(group.environmentId, group.flowId);
    const entry = runsBy.get(key) ?? { runs: 0, failed: 0 };
    entry.runs += group._count._all;
    if (group.status === "FAILED") entry.failed += group._count._all;
    runsBy.set(key, entry);
  }
  const rows = flows.map((flow): MatrixRow => {
    const cells: MatrixRow["cells"] = {};
    const pendingCells: MatrixRow["pending"] = {};
    for (const release of releases.filter((r) => r.flowId === flow.id)) {
      const key = cellKey(release.environmentId, flow.id);
      const latest = historyBy.get(key)?.[0];
      const rollbackId = rollbackIds.get(key) ?? null;
      const counts = runsBy.get(key);
      cells[release.environmentId] = {
        versionId: release.versionId, number: release.version.number, releasedAt: release.releasedAt,
        releasedBy: latest?.releasedBy.name ?? null, action: latest?.action ?? null,
        runs24h: counts?.runs ?? 0, failed24h: counts?.failed ?? 0,
        rollbackTo: rollbackId ? (numbers.get(rollbackId) ?? null) : null,
      };
    }
    for (const request of pending.filter((p) => p.flowId === flow.id)) {
      pendingCells[request.environmentId] = { requestId: request.id, number: numbers.get(request.versionId) ?? 0 };
    }
    return { flow, cells, pending: pendingCells };
  });
  return { environments, rows };
}
