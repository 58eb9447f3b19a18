import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { checkHealth } from "../lib/health.server.ts";
import { startWorker } from "./worker.ts";

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t.drop(); });

describe("worker process and /api/health", () => {
  it("reports degraded while no worker runs, ok while one does, and degraded again after it stops", async () => {
    expect(await checkHealth(t.db)).toMatchObject({ status: "degraded", database: { ok: true }, worker: { ok: false, alive: 0 } });

    const worker = await startWorker(t.url);
    try {
      expect(await checkHealth(t.db)).toMatchObject({ status: "ok", worker: { ok: true, alive: 1 } });
      // graphile-worker installed its schema in the same database and runs jobs from it.
      await t.db.$executeRaw`SELECT graphile_worker.add_job('prune-heartbeats', '{}'::json)`;
      await waitFor(async () => (await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs`)[0]?.n === 0n);
    } finally {
      await worker.stop();
    }
    expect(await checkHealth(t.db)).toMatchObject({ status: "degraded", worker: { ok: false } });
  });

  it("reports the database as down when it cannot be reached", async () => {
    const { createDb } = await import("../lib/db/client.ts");
    const unreachable = createDb("postgresql://nobody@127.0.0.1:1/none");
    try {
      expect(await checkHealth(unreachable)).toMatchObject({ status: "degraded", database: { ok: false } });
    } finally {
      await unreachable.$disconnect();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
