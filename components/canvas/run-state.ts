// What a canvas shows of a run on each node: the designer's test run and the runs console's run
// detail both colour nodes by their step's status. Browser-safe, data only.
export type NodeRunStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "WAITING" | "SKIPPED";

export type NodeRunState = {
  status: NodeRunStatus;
  attempt: number;
  maxAttempts: number;
  durationMs: number | null;
  /** The error message of a failed (or retrying) step. */
  error: string | null;
  /** The output port the step left through (its edge is highlighted). */
  port: string | null;
};

/** Keyed by node id; nodes without an entry were not reached. */
export type RunStates = Record<string, NodeRunState>;
