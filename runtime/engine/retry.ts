// Retry policy of a step (node override, else the flow's settings, else the kind's default) and the
// delay before the next attempt: exponential from the first delay, capped, with +-25% jitter so
// retries of many runs that failed together do not hit the recovering system at the same instant.
import { executorFor } from "../../nodes/executors.server.ts";
import type { CompiledFlow } from "./compiled-flow.ts";
import type { RetryPolicy } from "./executor.ts";

export const MAX_RETRY_DELAY_MS = 60 * 60_000;

export function retryPolicyFor(flow: CompiledFlow, nodeId: string): RetryPolicy {
  const compiled = flow.nodes.get(nodeId);
  if (compiled?.retry) return compiled.retry;
  if (flow.settings.retry) return flow.settings.retry;
  return compiled ? executorFor(compiled.node.kind).retry : { maxAttempts: 1, initialDelayMs: 1000 };
}

/** Milliseconds to wait after failed attempt `attempt` (1-based). */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.initialDelayMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS);
  const jittered = Math.round(exponential * (0.75 + random() * 0.5));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_DELAY_MS));
}
