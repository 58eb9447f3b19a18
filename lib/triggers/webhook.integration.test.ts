// The webhook trigger end to end against a real PostgreSQL: the route handler is called with a
// Request, and what it answers is checked together with what was committed (runs and jobs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { createTestDatabase, type TestDatabase } from "../../test/test-database.ts";
import { releaseTestFlow, triggerFlow, type TestRelease } from "./test-release.ts";
import { readTriggerSecret } from "./trigger-secrets.server.ts";
import { sqlOfTx } from "../../runtime/engine/sql.ts";
import { signWebhook } from "./webhook-auth.ts";
import { handleWebhook } from "./webhook.server.ts";

let t: TestDatabase;
const flows: Record<string, TestRelease> = {};
const secrets: Record<string, string> = {};
let route: typeof import("../../app/api/hooks/[environmentKey]/[flowSlug]/route.ts");

const orderSchema = {
  type: "object",
  required: ["order"],
  properties: { order: { type: "object", required: ["id", "qty"], properties: { id: { type: "string" }, qty: { type: "integer", minimum: 1 } } } },
};

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  route = await import("../../app/api/hooks/[environmentKey]/[flowSlug]/route.ts");
  flows.signed = await releaseTestFlow(t.db, {
    slug: "work-orders",
    definition: triggerFlow({ kind: "webhook-trigger", config: { auth: "hmac", payloadSchema: orderSchema, businessKeyPath: "order.id", maxBodyBytes: 2048 } }),
  });
  flows.bearer = await releaseTestFlow(t.db, {
    slug: "bearer-orders",
    definition: triggerFlow({ kind: "webhook-trigger", config: { auth: "bearer", idempotency: { source: "payload", path: "order.id", required: true } } }),
  });
  flows.form = await releaseTestFlow(t.db, { slug: "form-posts", definition: triggerFlow({ kind: "webhook-trigger", config: { auth: "none", bodyFormat: "form", method: "PUT" } }) });
  flows.wait = await releaseTestFlow(t.db, {
    slug: "wait-for-it",
    definition: triggerFlow({ kind: "webhook-trigger", config: { auth: "none", responseMode: "wait", waitTimeoutMs: 1000, idempotency: { source: "none" } } }),
  });
  flows.manual = await releaseTestFlow(t.db, { slug: "by-hand", definition: triggerFlow({ kind: "manual-trigger", config: {} }) });
  for (const name of ["signed", "bearer"]) secrets[name] = (await readTriggerSecret(sqlOfTx(t.db), { environmentId: flows[name]!.environmentId, flowId: flows[name]!.flowId, nodeId: "start" }))!;
});
afterAll(async () => {
  await t?.drop();
});

type Send = { method?: string; body?: string; headers?: Record<string, string>; timestamp?: number; secret?: string; sign?: boolean };

function signedRequest(slug: string, options: Send = {}): Request {
  const body = options.body ?? JSON.stringify({ order: { id: "A-1", qty: 2 } });
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.sign !== false) {
    headers["x-millwright-timestamp"] = String(timestamp);
    headers["x-millwright-signature"] = `sha256=${signWebhook(options.secret ?? secrets.signed!, timestamp, body)}`;
  }
  return new Request(`http://localhost/api/hooks/dev/${slug}?source=cmms`, { method: options.method ?? "POST", body, headers });
}

const call = (request: Request, environmentKey = "dev", flowSlug = new URL(request.url).pathname.split("/").pop()!) =>
  route.POST(request, { params: Promise.resolve({ environmentKey, flowSlug }) });

async function counts(flowId: string): Promise<{ runs: number; jobs: number }> {
  const runs = await t.db.run.count({ where: { flowId } });
  const [jobs] = await t.db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM graphile_worker.jobs j JOIN "Run" r ON j.key LIKE 'step:' || r.id || ':%' WHERE r."flowId" = $1::uuid`,
    flowId,
  );
  return { runs, jobs: jobs!.n };
}

describe("a signed webhook", () => {
  it("is accepted: 202 with the run id, the run and its first job committed together", async () => {
    const response = await call(signedRequest("work-orders", { headers: { "idempotency-key": "key-1" } }));
    expect(response.status).toBe(202);
    const { runId } = await response.json();
    expect(response.headers.get("location")).toBe(`/runs/${runId}`);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "QUEUED", mode: "LIVE", triggerKind: "webhook", triggerNodeId: "start", idempotencyKey: "key-1", businessKey: "A-1", versionId: flows.signed!.versionId });
    const payload = run.triggerPayload as { body: unknown; headers: Record<string, string>; query: Record<string, string>; receivedAt: string };
    expect(payload.body).toEqual({ order: { id: "A-1", qty: 2 } });
    expect(payload.query).toEqual({ source: "cmms" });
    expect(payload.headers["x-millwright-timestamp"]).toBeDefined();
    expect(payload.headers["x-millwright-signature"]).toBeUndefined();
    expect(await counts(flows.signed!.flowId)).toEqual({ runs: 1, jobs: 1 });
  });

  it("answers a repeated idempotency key with the original run and starts nothing", async () => {
    const first = await (await call(signedRequest("work-orders", { headers: { "idempotency-key": "key-2" } }))).json();
    const before = await counts(flows.signed!.flowId);
    const again = await call(signedRequest("work-orders", { headers: { "idempotency-key": "key-2" } }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ runId: first.runId, duplicate: true });
    expect(await counts(flows.signed!.flowId)).toEqual(before);
  });

  it("is refused with 401 and no run for a bad signature, a stale timestamp or a missing signature", async () => {
    const before = await counts(flows.signed!.flowId);
    const cases: [Request, RegExp][] = [
      [signedRequest("work-orders", { secret: "mwhs_not-the-secret" }), /^Bad signature/],
      [signedRequest("work-orders", { timestamp: Math.floor(Date.now() / 1000) - 600 }), /^Stale timestamp/],
      [signedRequest("work-orders", { sign: false }), /^Missing X-Millwright-Timestamp header/],
      [signedRequest("work-orders", { sign: false, headers: { "x-millwright-timestamp": String(Math.floor(Date.now() / 1000)) } }), /^Missing X-Millwright-Signature header/],
    ];
    for (const [request, message] of cases) {
      const response = await call(request);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.error.code).toBe("UNAUTHENTICATED");
      expect(body.error.message).toMatch(message);
    }
    expect(await counts(flows.signed!.flowId)).toEqual(before);
  });

  it("refuses a body over the limit with 413, malformed JSON with 400 and a schema mismatch with 422 listing every path", async () => {
    const before = await counts(flows.signed!.flowId);
    const large = await call(signedRequest("work-orders", { body: JSON.stringify({ order: { id: "A", qty: 1, note: "x".repeat(3000) } }) }));
    expect(large.status).toBe(413);
    expect((await large.json()).error.code).toBe("PAYLOAD_TOO_LARGE");

    const malformed = await call(signedRequest("work-orders", { body: '{"order": {"id": "A-1",, }}' }));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ code: "MALFORMED_BODY", message: expect.stringMatching(/not valid JSON: .*position 23/) });

    const invalid = await call(signedRequest("work-orders", { body: JSON.stringify({ order: { qty: 0 } }) }));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({
      error: {
        code: "INVALID_PAYLOAD",
        message: "The payload does not match the trigger's schema: 2 problems.",
        fields: [{ path: "/order/id", message: "is required" }, { path: "/order/qty", message: "must be >= 1" }],
      },
    });
    expect(await counts(flows.signed!.flowId)).toEqual(before);
  });

  it("answers 404 for an unknown environment, flow, or a flow not started by a webhook, and 405 for another method", async () => {
    for (const [env, slug] of [["nowhere", "work-orders"], ["dev", "no-such-flow"], ["dev", "by-hand"]] as const) {
      const response = await call(signedRequest(slug), env, slug);
      expect(response.status, `${env}/${slug}`).toBe(404);
      expect((await response.json()).error.code).toBe("NOT_FOUND");
    }
    const put = await route.PUT(signedRequest("work-orders", { method: "PUT" }), { params: Promise.resolve({ environmentKey: "dev", flowSlug: "work-orders" }) });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST");
  });
});

describe("bearer tokens, form bodies and payload idempotency keys", () => {
  const bearer = (token: string | null, body: unknown) =>
    new Request("http://localhost/api/hooks/dev/bearer-orders", {
      method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

  it("accepts the right token, refuses a wrong or missing one, and keys runs by the payload path", async () => {
    expect((await call(bearer(`${secrets.bearer}x`, { order: { id: "B-1" } }))).status).toBe(401);
    expect((await call(bearer(null, { order: { id: "B-1" } }))).status).toBe(401);
    expect((await call(bearer(secrets.signed!, { order: { id: "B-1" } }))).status).toBe(401);
    const first = await call(bearer(secrets.bearer!, { order: { id: "B-1" } }));
    expect(first.status).toBe(202);
    const again = await call(bearer(secrets.bearer!, { order: { id: "B-1" }, resent: true }));
    expect(again.status).toBe(200);
    expect((await again.json()).runId).toBe((await first.json()).runId);
    const run = await t.db.run.findFirstOrThrow({ where: { flowId: flows.bearer!.flowId } });
    expect(run.idempotencyKey).toBe("B-1");
    expect((run.triggerPayload as { headers: Record<string, string> }).headers.authorization).toBeUndefined();
  });

  it("refuses a request without the required key with 400", async () => {
    const response = await call(bearer(secrets.bearer!, { order: {} }));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "IDEMPOTENCY_KEY_REQUIRED", message: "An idempotency key is required: send it in the payload field order.id." });
  });

  it("takes urlencoded forms with the configured method and no authentication", async () => {
    const request = new Request("http://localhost/api/hooks/dev/form-posts", { method: "PUT", body: "asset=PUMP-7&tag=a&tag=b", headers: { "content-type": "application/x-www-form-urlencoded" } });
    const response = await route.PUT(request, { params: Promise.resolve({ environmentKey: "dev", flowSlug: "form-posts" }) });
    expect(response.status).toBe(202);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: (await response.json()).runId } });
    expect((run.triggerPayload as { body: unknown }).body).toEqual({ asset: "PUMP-7", tag: ["a", "b"] });
  });
});

describe("responseMode wait", () => {
  const post = () => call(new Request("http://localhost/api/hooks/dev/wait-for-it", { method: "POST", body: "{}" }));

  // Stands in for the engine: once the run exists, what its End step (or a failure) writes.
  async function whenRunExists(change: (runId: string) => Promise<unknown>): Promise<void> {
    for (;;) {
      const run = await t.db.run.findFirst({ where: { flowId: flows.wait!.flowId, response: { equals: Prisma.DbNull }, status: "QUEUED" }, select: { id: true } });
      if (run) return void (await change(run.id));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("answers with the End step's response once the run has one", async () => {
    const [response] = await Promise.all([
      post(),
      whenRunExists((id) => t.db.run.update({ where: { id }, data: { status: "SUCCEEDED", response: { status: 201, headers: { "x-order": "PO-9" }, body: { created: "PO-9" } } } })),
    ]);
    expect(response.status).toBe(201);
    expect(response.headers.get("x-order")).toBe("PO-9");
    expect(response.headers.get("x-millwright-run-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ created: "PO-9" });
  });

  it("answers 502 with the run id when the run fails without a response", async () => {
    const [response] = await Promise.all([post(), whenRunExists((id) => t.db.run.update({ where: { id }, data: { status: "FAILED", error: { message: "Odoo said no" } } }))]);
    expect(response.status).toBe(502);
    const body = await response.json();
    expect(body).toMatchObject({ runId: expect.any(String), error: { code: "RUN_FAILED" } });
    expect(JSON.stringify(body)).not.toContain("Odoo said no");
  });

  it("answers 202 with the run id when the wait times out; the run carries on", async () => {
    const started = Date.now();
    const response = await post();
    expect(response.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await t.db.run.count({ where: { id: (await response.json()).runId, status: "QUEUED" } })).toBe(1);
  });
});

describe("when the database is down", () => {
  it("answers 503 with Retry-After and a JSON error, never a 500", async () => {
    const down = createDb("postgresql://postgres@127.0.0.1:1/nowhere");
    try {
      const response = await handleWebhook(signedRequest("work-orders"), { environmentKey: "dev", flowSlug: "work-orders" }, { db: down });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toEqual({ error: { code: "UNAVAILABLE", message: expect.stringMatching(/temporarily unavailable/) } });
    } finally {
      await down.$disconnect();
    }
  });
});
