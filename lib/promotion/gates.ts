// Gate results of a promotion (browser-safe: the matrix dialog and the request page show them).
// Stored on a PromotionRequest as `gates` so the approver sees what the requester saw.
export type TestGateResult = { name: string; runId: string; passed: boolean; summary: string };

export type GateResults = {
  connections: { passed: boolean; missing: string[] };
  tests: {
    passed: boolean;
    /** Skipped when the connections gate already blocked the promotion. */
    skipped: boolean;
    warning: string | null;
    /** Whose connections the dry runs used (the environment the version comes from), or null. */
    environmentName: string | null;
    results: TestGateResult[];
  };
};

export function gatesPassed(gates: GateResults): boolean {
  return gates.connections.passed && gates.tests.passed;
}

/** Reads stored gate results; anything else (an older shape) reads as unknown (null). */
export function readGates(json: unknown): GateResults | null {
  if (!json || typeof json !== "object") return null;
  const value = json as Partial<GateResults>;
  return value.connections && value.tests ? (value as GateResults) : null;
}

/** What a diff between the running and the candidate version amounts to, for the audit log. */
export type DiffSummary = {
  nodesAdded: number;
  nodesRemoved: number;
  nodesChanged: number;
  edgesAdded: number;
  edgesRemoved: number;
  settingsChanged: number;
  connectionsAdded: string[];
  connectionsRemoved: string[];
};
