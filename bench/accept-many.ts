// Accepting many runs as webhooks do (run row + first job, one transaction each), 8 at a time.
import type { Db } from "../lib/db/client.ts";
import { acceptRun } from "../runtime/engine/accept.ts";
import type { ReleasedFlow } from "../test/flow-fixtures.ts";

/** Accepts `count` runs of `flow` with the webhook bodies `body(i)`; returns accepts/s. */
export async function acceptMany(db: Db, flow: ReleasedFlow, count: number, body: (i: number) => unknown): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const i = next++;
        await db.$transaction((tx) =>
          acceptRun(tx, {
            flowId: flow.flowId, versionId: flow.versionId, environmentId: flow.environmentId, mode: "LIVE", triggerNodeId: "trigger",
            triggerKind: "webhook", payload: { body: body(i), headers: {}, query: {}, receivedAt: new Date().toISOString() },
          }),
        );
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}
