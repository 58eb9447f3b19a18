// Promotion: a published version moves one environment forward, through gates.
//   (a) every connection the version names exists in the target (else blocked, with the list);
//   (b) the flow's saved test cases pass against the version in a dry run (TEST mode runs using
//       the connections of the environment the version comes from; no test cases passes with a
//       warning);
//   (c) into a protected environment the promotion becomes a PromotionRequest that a second admin
//       approves (requests.server.ts / decide.server.ts).
// Forward-only: the version must be what the previous environment runs; the first environment
// takes any version of the flow (as publishing does).
import type { Db, DbTx } from "../db/client.ts";
import { appendAudit } from "../audit/audit.server.ts";
import { AppError } from "../errors.ts";
import type { TFlowDefinition } from "../flows/definition.ts";
import { definitionConnections } from "../flows/definition-connections.ts";
import { diffDefinitions } from "../flows/diff.ts";
import { readDefinition } from "../flows/drafts.server.ts";
import { auditActor, lockFlow, type Actor } from "../flows/flows.server.ts";
import { runTestCases, testCaseResults, waitForTestRuns } from "../flows/test-cases.server.ts";
import type { DiffSummary, GateResults } from "./gates.ts";
import { missingConnections, releaseVersion } from "./release.server.ts";

/** How long the test gate waits for its dry runs before counting the unfinished ones as failed. */
export const TEST_GATE_TIMEOUT_MS = 60_000;

export type PromoteInput = { flowId: string; versionId: string; environmentId: string; note?: string };
export type PromoteOutcome =
  | { outcome: "released"; gates: GateResults; environmentName: string; versionNumber: number }
  | { outcome: "requested"; gates: GateResults; environmentName: string; versionNumber: number; requestId: string }
  | { outcome: "blocked"; gates: GateResults; environmentName: string; versionNumber: number };

type EnvironmentRow = { id: string; key: string; name: string; position: number; protected: boolean };
type VersionRow = { id: string; number: number; authorId: string; definition: TFlowDefinition };

export async function promote(db: Db, actor: Actor, input: PromoteInput, options: { testTimeoutMs?: number } = {}): Promise<PromoteOutcome> {
  const { target, source, version } = await checkForward(db, input);
  const gates = await runGates(db, actor, { flowId: input.flowId, version, target, source }, options.testTimeoutMs ?? TEST_GATE_TIMEOUT_MS);
  const base = { gates, environmentName: target.name, versionNumber: version.number };
  if (!gates.connections.passed || !gates.tests.passed) {
    await db.$transaction((tx) =>
      appendAudit(tx, {
        ...auditActor(actor), action: "promotion.blocked", subjectType: "flow", subjectId: input.flowId,
        after: { environment: target.key, versionId: version.id, number: version.number, gates },
      }),
    );
    return { outcome: "blocked", ...base };
  }
  return db.$transaction(async (tx) => {
    await lockFlow(tx, input.flowId);
    // Checked again under the lock: another promotion may have landed while the tests ran.
    await checkForward(tx, input);
    const current = await currentRelease(tx, target.id, input.flowId);
    const diff = summarizeDiff(current?.definition ?? null, version.definition);
    if (target.protected) {
      const request = await tx.promotionRequest.create({
        data: {
          flowId: input.flowId, versionId: version.id, environmentId: target.id, currentVersionId: current?.id ?? null, note: input.note ?? "",
          gates: gates as object, requestedById: actor.id,
        },
      });
      await appendAudit(tx, {
        ...auditActor(actor), action: "promotion.requested", subjectType: "flow", subjectId: input.flowId,
        before: { environment: target.key, versionId: current?.id ?? null, number: current?.number ?? null },
        after: { environment: target.key, versionId: version.id, number: version.number, requestId: request.id, note: input.note ?? "", diff, gates },
      });
      return { outcome: "requested" as const, ...base, requestId: request.id };
    }
    await releaseVersion(tx, actor, { environmentId: target.id, flowId: input.flowId, version, action: "promote", note: input.note ?? "" });
    await appendAudit(tx, {
      ...auditActor(actor), action: "release.promoted", subjectType: "flow", subjectId: input.flowId,
      before: { environment: target.key, versionId: current?.id ?? null, number: current?.number ?? null },
      after: { environment: target.key, versionId: version.id, number: version.number, diff, gates },
    });
    return { outcome: "released" as const, ...base };
  });
}

/**
 * The target, the environment before it and the version, or why the promotion cannot go ahead:
 * the version must be what the previous environment runs, not what the target runs already, and
 * no other request into a protected target may be waiting.
 */
export async function checkForward(db: DbTx, input: PromoteInput): Promise<{ target: EnvironmentRow; source: EnvironmentRow | null; version: VersionRow }> {
  const environments = await db.environment.findMany({ orderBy: { position: "asc" }, select: { id: true, key: true, name: true, position: true, protected: true } });
  const index = environments.findIndex((env) => env.id === input.environmentId);
  const target = environments[index];
  if (!target) throw new AppError("NOT_FOUND", "This environment does not exist (any more).");
  const row = await db.flowVersion.findFirst({
    where: { id: input.versionId, flowId: input.flowId, flow: { archivedAt: null } },
    select: { id: true, number: true, authorId: true, definition: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "This version does not exist, or its flow is archived.");
  const version = { ...row, definition: readDefinition(row.definition, input.flowId) };
  const source = index > 0 ? environments[index - 1]! : null;
  const releases = await db.release.findMany({
    where: { flowId: input.flowId, environmentId: { in: [target.id, ...(source ? [source.id] : [])] } },
    select: { environmentId: true, versionId: true, version: { select: { number: true } } },
  });
  const inTarget = releases.find((r) => r.environmentId === target.id);
  if (inTarget?.versionId === version.id) throw new AppError("CONFLICT", `${target.name} already runs v${version.number}.`);
  if (source) {
    const inSource = releases.find((r) => r.environmentId === source.id);
    if (inSource?.versionId !== version.id) {
      const runs = inSource ? `runs v${inSource.version.number}` : "runs no version of this flow";
      throw new AppError("CONFLICT", `Only the version ${source.name} runs can move to ${target.name}: ${source.name} ${runs}, not v${version.number}. Promote one environment at a time.`);
    }
  }
  if (target.protected) {
    const pending = await db.promotionRequest.findFirst({ where: { flowId: input.flowId, environmentId: target.id, status: "PENDING" }, select: { id: true } });
    if (pending) throw new AppError("CONFLICT", `A promotion request into ${target.name} is already waiting for this flow. Decide or cancel it first.`);
  }
  return { target, source, version };
}

async function runGates(
  db: Db,
  actor: Actor,
  input: { flowId: string; version: VersionRow; target: EnvironmentRow; source: EnvironmentRow | null },
  timeoutMs: number,
): Promise<GateResults> {
  const missing = await missingConnections(db, input.target.id, input.version.definition);
  const connections = { passed: missing.length === 0, missing };
  const environmentName = input.source?.name ?? null;
  if (!connections.passed) return { connections, tests: { passed: false, skipped: true, warning: null, environmentName, results: [] } };
  const { runs } = await runTestCases(db, { flowId: input.flowId, definition: input.version.definition, environmentId: input.source?.id ?? null, actorId: actor.id });
  if (runs.length === 0) {
    return { connections, tests: { passed: true, skipped: false, warning: "This flow has no test cases: nothing was tried before the promotion.", environmentName, results: [] } };
  }
  const runIds = runs.map((run) => run.runId);
  await waitForTestRuns(db, runIds, timeoutMs);
  const results = (await testCaseResults(db, input.flowId, runIds)).map((r) => ({
    name: r.name, runId: r.runId, passed: r.evaluation.passed, summary: r.evaluation.finished ? r.evaluation.summary : "The run did not finish in time.",
  }));
  return { connections, tests: { passed: results.length === runs.length && results.every((r) => r.passed), skipped: false, warning: null, environmentName, results } };
}

/** What the environment runs of the flow now, with its definition, or null. */
export async function currentRelease(db: DbTx, environmentId: string, flowId: string): Promise<{ id: string; number: number; definition: TFlowDefinition } | null> {
  const release = await db.release.findUnique({
    where: { environmentId_flowId: { environmentId, flowId } },
    select: { version: { select: { id: true, number: true, definition: true } } },
  });
  return release ? { ...release.version, definition: readDefinition(release.version.definition, flowId) } : null;
}

/** Counts of what changes between what runs and the candidate, and the connection names added/removed. */
export function summarizeDiff(from: TFlowDefinition | null, to: TFlowDefinition): DiffSummary {
  const before = from ? definitionConnections(from) : new Set<string>();
  const after = definitionConnections(to);
  const connections = { connectionsAdded: [...after].filter((n) => !before.has(n)).sort(), connectionsRemoved: [...before].filter((n) => !after.has(n)).sort() };
  if (!from) return { nodesAdded: to.nodes.length, nodesRemoved: 0, nodesChanged: 0, edgesAdded: to.edges.length, edgesRemoved: 0, settingsChanged: 0, ...connections };
  const { summary } = diffDefinitions(from, to);
  return {
    nodesAdded: summary.nodesAdded, nodesRemoved: summary.nodesRemoved, nodesChanged: summary.nodesChanged,
    edgesAdded: summary.edgesAdded, edgesRemoved: summary.edgesRemoved, settingsChanged: summary.settingsChanged, ...connections,
  };
}
