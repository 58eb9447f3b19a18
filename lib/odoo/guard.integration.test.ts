// The connection guard on a real PostgreSQL: the circuit breaker's states as every worker sees them
// (CLOSED -> OPEN after N transient failures in a row -> fail fast with the wait until the probe ->
// HALF_OPEN lets one probe through -> CLOSED on success / OPEN again on failure), and the
// per-process limits (calls at a time, calls per second).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/client.ts";
import { BusinessError, TransientError } from "../../runtime/engine/errors.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { OdooError } from "./errors.ts";
import { readCircuit, withConnectionGuard } from "./guard.server.ts";

let database: TestDatabase;
let otherWorkerDb: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  otherWorkerDb = createDb(database.url);
});
afterAll(async () => {
  await otherWorkerDb.$disconnect();
  await database.drop();
});

const T0 = new Date("2026-11-22T12:00:00Z");
const at = (ms: number) => () => new Date(T0.getTime() + ms);
const unavailable = () => new OdooError({ kind: "transport", message: "The Odoo server answered 503 Service Unavailable", httpStatus: 503 });
const refused = () => new OdooError({ kind: "validation", message: "Contacts require a name", odooName: "odoo.exceptions.ValidationError" });

function connection(config: Record<string, number> = {}) {
  return { id: randomUUID(), config: { breakerThreshold: 3, breakerCooldownMs: 20_000, ...config } };
}

async function fail(conn: ReturnType<typeof connection>, error: () => Error, now: () => Date, db: Db = database.db): Promise<unknown> {
  return withConnectionGuard(conn, () => Promise.reject(error()), { db, now }).catch((thrown: unknown) => thrown);
}

describe("circuit breaker", () => {
  it("opens after N transient failures in a row; then calls fail fast, in every worker, with the wait until the probe", async () => {
    const conn = connection();
    for (let i = 0; i < 3; i++) expect(await fail(conn, unavailable, at(i * 1000))).toBeInstanceOf(OdooError);
    expect(await readCircuit(conn.id, { db: database.db })).toMatchObject({ state: "OPEN", failures: 3, lastError: "The Odoo server answered 503 Service Unavailable" });

    let called = false;
    const blocked = await withConnectionGuard(conn, async () => (called = true), { db: otherWorkerDb, now: at(7000) }).catch((thrown: unknown) => thrown);
    expect(called).toBe(false);
    expect(blocked).toBeInstanceOf(TransientError);
    expect((blocked as TransientError).code).toBe("odoo-circuit-open");
    // Opened at +2 s with a 20 s cool-down: the probe is due at +22 s, 15 s after +7 s.
    expect((blocked as TransientError).retryAfterMs).toBe(15_000);
    expect((blocked as TransientError).message).toMatch(/paused after 3 failures in a row; the next attempt is in about 15 s\. Last error: The Odoo server answered 503/);
  });

  it("an answer from Odoo (a refused record) ends the streak; successes keep it closed", async () => {
    const conn = connection();
    await fail(conn, unavailable, at(0));
    await fail(conn, unavailable, at(1));
    expect(await fail(conn, refused, at(2))).toBeInstanceOf(OdooError);
    expect(await readCircuit(conn.id, { db: database.db })).toMatchObject({ state: "CLOSED", failures: 0 });
    await fail(conn, unavailable, at(3));
    await fail(conn, unavailable, at(4));
    expect(await withConnectionGuard(conn, async () => "ok", { db: database.db, now: at(5) })).toBe("ok");
    await fail(conn, unavailable, at(6));
    expect(await readCircuit(conn.id, { db: database.db })).toMatchObject({ state: "CLOSED", failures: 1 });
  });

  it("after the cool-down one probe goes through (HALF_OPEN) while others wait; its success closes the breaker", async () => {
    const conn = connection();
    for (let i = 0; i < 3; i++) await fail(conn, unavailable, at(0));
    let release!: (value: string) => void;
    const probe = withConnectionGuard(conn, () => new Promise<string>((resolve) => (release = resolve)), { db: database.db, now: at(20_000) });
    await expect.poll(async () => (await readCircuit(conn.id, { db: database.db })).state).toBe("HALF_OPEN");

    let called = false;
    const other = await withConnectionGuard(conn, async () => (called = true), { db: otherWorkerDb, now: at(20_100) }).catch((thrown: unknown) => thrown);
    expect(called).toBe(false);
    expect(other).toBeInstanceOf(TransientError);
    expect((other as TransientError).retryAfterMs).toBeGreaterThan(0);

    release("probe ok");
    expect(await probe).toBe("probe ok");
    expect(await readCircuit(conn.id, { db: database.db })).toMatchObject({ state: "CLOSED", failures: 0, probeAt: null });
    expect(await withConnectionGuard(conn, async () => "next", { db: otherWorkerDb, now: at(20_200) })).toBe("next");
  });

  it("a failed probe opens the breaker again for another cool-down", async () => {
    const conn = connection();
    for (let i = 0; i < 3; i++) await fail(conn, unavailable, at(0));
    expect(await fail(conn, unavailable, at(25_000))).toBeInstanceOf(OdooError);
    const circuit = await readCircuit(conn.id, { db: database.db });
    expect(circuit.state).toBe("OPEN");
    expect(circuit.probeAt?.toISOString()).toBe(at(45_000)().toISOString());
    const blocked = (await fail(conn, unavailable, at(30_000))) as TransientError;
    expect(blocked.code).toBe("odoo-circuit-open");
    expect(blocked.retryAfterMs).toBe(15_000);
  });

  it("a probe whose worker died is taken over once its lease has run out", async () => {
    const conn = connection({ timeoutMs: 5_000 });
    for (let i = 0; i < 3; i++) await fail(conn, unavailable, at(0));
    await database.db.connectionCircuit.update({ where: { connectionId: conn.id }, data: { state: "HALF_OPEN", probeAt: at(30_000)() } });
    expect(((await fail(conn, unavailable, at(29_000))) as TransientError).code).toBe("odoo-circuit-open");
    expect(await withConnectionGuard(conn, async () => "took over", { db: database.db, now: at(30_001) })).toBe("took over");
    expect((await readCircuit(conn.id, { db: database.db })).state).toBe("CLOSED");
  });

  it("a call that succeeded stays a success when the breaker's bookkeeping fails", async () => {
    const conn = connection();
    await fail(conn, unavailable, at(0));
    const circuit = database.db.connectionCircuit;
    const brokenDb = new Proxy(database.db, {
      get: (target, key) =>
        key === "connectionCircuit" ? { findUnique: circuit.findUnique.bind(circuit), updateMany: () => Promise.reject(new Error("database gone")) } : Reflect.get(target, key),
    });
    expect(await withConnectionGuard(conn, async () => 42, { db: brokenDb, now: at(1) })).toBe(42);
  });

  it("business errors of the work pass through untouched", async () => {
    const conn = connection();
    const error = new BusinessError("bad input");
    await expect(withConnectionGuard(conn, () => Promise.reject(error), { db: database.db })).rejects.toBe(error);
  });
});

describe("per-process limits", () => {
  it("runs at most maxConcurrent calls at a time", async () => {
    const conn = connection({ maxConcurrent: 2, callsPerSecond: 1000 });
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 30));
      running--;
    };
    await Promise.all(Array.from({ length: 7 }, () => withConnectionGuard(conn, work, { db: database.db })));
    expect(peak).toBe(2);
  });

  it("spaces calls out to callsPerSecond after the first burst", async () => {
    const conn = connection({ maxConcurrent: 50, callsPerSecond: 20 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 30 }, () => withConnectionGuard(conn, async () => {}, { db: database.db })));
    const elapsed = performance.now() - started;
    // 20 at once, then 10 more at 50 ms intervals: about half a second.
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2000);
  });
});
