// The Environments page shows a connection's circuit breaker when it is open or counting failures.
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { listConnections } from "./connections.server.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => t?.drop());

it("lists an open breaker with its probe time, and nothing for a closed one", async () => {
  const dev = await t.db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  const connection = await t.db.connection.findFirstOrThrow({ where: { environmentId: dev.id, name: "odoo-main" } });
  expect((await listConnections(t.db, { environmentId: dev.id }))[0]?.circuit).toBeNull();

  const probeAt = new Date(Date.now() + 30_000);
  await t.db.connectionCircuit.create({ data: { connectionId: connection.id, state: "OPEN", failures: 5, openedAt: new Date(), probeAt, lastError: "Odoo answered 503" } });
  const [listed] = await listConnections(t.db, { environmentId: dev.id });
  expect(listed?.circuit).toEqual({ state: "OPEN", failures: 5, probeAt: probeAt.toISOString(), lastError: "Odoo answered 503" });

  await t.db.connectionCircuit.update({ where: { connectionId: connection.id }, data: { state: "CLOSED", failures: 0 } });
  expect((await listConnections(t.db, { environmentId: dev.id }))[0]?.circuit).toBeNull();
});
