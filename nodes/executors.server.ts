// Every node kind's executor and its default retry policy (worker only). `satisfies` makes a kind
// without an executor a compile error. Retries apply to transient errors only (network, timeouts,
// 5xx); a node's own retry setting or the flow's settings override these defaults.
// Kinds that later issues implement answer with a business error that says so in a sentence.
import { BusinessError } from "../runtime/engine/errors.ts";
import type { Executor, ExecutorEntry, RetryPolicy } from "../runtime/engine/executor.ts";
import { executeAmqpPublish } from "./amqp-publish/execute.server.ts";
import { executeAmqpTrigger } from "./amqp-trigger/execute.server.ts";
import { executeApprove } from "./approve/execute.server.ts";
import { executeBranch } from "./branch/execute.server.ts";
import { executeCallOdoo } from "./call-odoo/execute.server.ts";
import { executeDelay } from "./delay/execute.server.ts";
import { executeEnd } from "./end/execute.server.ts";
import { executeHttpRequest } from "./http-request/execute.server.ts";
import { executeLookupTable } from "./lookup-table/execute.server.ts";
import { executeManualTrigger } from "./manual-trigger/execute.server.ts";
import { executeMap } from "./map/execute.server.ts";
import { executeMqttPublish } from "./mqtt-publish/execute.server.ts";
import { executeMqttTrigger } from "./mqtt-trigger/execute.server.ts";
import { executeOdooTrigger } from "./odoo-trigger/execute.server.ts";
import type { NodeKind } from "./registry.ts";
import { executeScheduleTrigger } from "./schedule-trigger/execute.server.ts";
import { executeWebhookTrigger } from "./webhook-trigger/execute.server.ts";

/** One try: the step is deterministic (a script, a table, a template), so trying again changes nothing. */
const ONCE: RetryPolicy = { maxAttempts: 1, initialDelayMs: 1000 };
/** Calls to other systems: 5 tries, waiting about 1, 2, 4 and 8 s between them (plus jitter). */
const REMOTE: RetryPolicy = { maxAttempts: 5, initialDelayMs: 1000 };

function notInstalled(sentence: string): Executor<never> {
  return async () => {
    throw new BusinessError(sentence, { code: "kind-not-installed" });
  };
}

function entry(execute: Executor<never>, retry: RetryPolicy): ExecutorEntry {
  return { execute, retry };
}

export const EXECUTORS = {
  "webhook-trigger": entry(executeWebhookTrigger, ONCE),
  "schedule-trigger": entry(executeScheduleTrigger, ONCE),
  "manual-trigger": entry(executeManualTrigger, ONCE),
  "odoo-trigger": entry(executeOdooTrigger, ONCE),
  "mqtt-trigger": entry(executeMqttTrigger, ONCE),
  "amqp-trigger": entry(executeAmqpTrigger, ONCE),
  map: entry(executeMap, ONCE),
  branch: entry(executeBranch, ONCE),
  approve: entry(executeApprove, ONCE),
  "call-odoo": entry(executeCallOdoo, REMOTE),
  "http-request": entry(executeHttpRequest, REMOTE),
  "mqtt-publish": entry(executeMqttPublish, REMOTE),
  "amqp-publish": entry(executeAmqpPublish, REMOTE),
  "lookup-table": entry(executeLookupTable, ONCE),
  delay: entry(executeDelay, ONCE),
  end: entry(executeEnd, ONCE),
} satisfies Record<NodeKind, ExecutorEntry>;

/** The executor and default retry policy of a kind; an unknown kind fails its step with a business error. */
export function executorFor(kind: string): ExecutorEntry {
  if (Object.hasOwn(EXECUTORS, kind)) return EXECUTORS[kind as NodeKind];
  return { execute: notInstalled(`Steps of the kind "${kind}" cannot run: this build of Millwright does not know that kind`), retry: ONCE };
}
