// The HTTP request step against a local sink: what it sends (URL, query, headers, body, credentials,
// idempotency key), how it reads the answer, and how it classifies failures for the engine.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, BusinessError, TransientError } from "../../runtime/engine/errors.ts";
import { fakeContext, type FakeContextOverrides } from "../../runtime/engine/fake-context.ts";
import { closeSharedHttpAgents, createStepHttp } from "../../runtime/http/client.ts";
import { startHttpSink, type HttpSink } from "../../test/http-sink.ts";
import { ZHttpRequestConfig } from "./definition.ts";
import { executeHttpRequest, retryAfterMs } from "./execute.server.ts";
import type { z } from "zod";

type Config = z.output<typeof ZHttpRequestConfig>;
let sink: HttpSink;

beforeAll(async () => {
  sink = await startHttpSink();
});
afterAll(async () => {
  await sink.close();
  closeSharedHttpAgents();
});
beforeEach(() => {
  sink.setBehaviour({});
  sink.calls.length = 0;
});

function call(config: Record<string, unknown>, input: unknown = {}, overrides: FakeContextOverrides<Config> = {}) {
  return executeHttpRequest(fakeContext(ZHttpRequestConfig.parse({ url: `${sink.url}/`, ...config }), input, overrides));
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("the step did not fail");
    },
    (error: unknown) => error as BusinessError | TransientError,
  );

const connection = (auth: Record<string, unknown>, secret: Record<string, unknown> | null = null, extra: Record<string, unknown> = {}) => ({
  connections: { cmms: { kind: "http", config: { baseUrl: `${sink.url}/api/v2/`, auth, ...extra }, secret } },
});

describe("HTTP request step: the request", () => {
  it("renders the URL, query and headers from the input and parses a JSON answer", async () => {
    sink.setBehaviour({ body: { asset: "P-7", status: "running" } });
    const result = await call(
      { url: `${sink.url}/assets/{{ input.assetId }}`, query: { site: "{{ input.site }}", verbose: "1" }, headers: { "X-Plant": "{{ input.site }}" } },
      { assetId: "P-7", site: "Gent & Co" },
    );
    expect(result).toMatchObject({ type: "next", port: "out", output: { status: 200, body: { asset: "P-7", status: "running" } } });
    expect((result as { output: { headers: Record<string, string> } }).output.headers["content-type"]).toBe("application/json");
    const sent = sink.calls[0];
    expect(sent?.method).toBe("GET");
    expect(sent?.url).toBe("/assets/P-7?site=Gent+%26+Co&verbose=1");
    expect(sent?.headers["x-plant"]).toBe("Gent & Co");
    expect(sent?.headers["idempotency-key"]).toBeUndefined();
  });

  it("POSTs a rendered JSON body with the step's idempotency key", async () => {
    const ctx = { idempotencyKey: "run-1:post:1" };
    await call({ method: "POST", body: { type: "json", json: { asset: "{{ input.assetId }}", qty: "{{ input.qty }}" } } }, { assetId: "P-7", qty: 3 }, ctx);
    const sent = sink.calls[0];
    expect(JSON.parse(sent?.body ?? "")).toEqual({ asset: "P-7", qty: 3 });
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.headers["idempotency-key"]).toBe("run-1:post:1");
  });

  it("a retried step sends the same key, so the receiver performs the side effect once", async () => {
    sink.setBehaviour({ failFirst: 2 });
    const config = { method: "PUT", body: { type: "text", text: "qty={{ input.qty }}", contentType: "text/plain" } };
    const overrides = { idempotencyKey: "run-2:put:1" };
    for (let attempt = 1; attempt <= 2; attempt++) expect(await failure(call(config, { qty: 1 }, { ...overrides, attempt }))).toBeInstanceOf(TransientError);
    expect(await call(config, { qty: 1 }, { ...overrides, attempt: 3 })).toMatchObject({ output: { status: 200 } });
    await call(config, { qty: 1 }, { ...overrides, attempt: 4 }); // a redelivered job after the success
    expect(sink.calls).toHaveLength(4);
    expect(sink.effects.filter((key) => key === "run-2:put:1")).toHaveLength(1);
    expect(sink.calls[3]?.body).toBe("qty=1");
  });

  it("sends a form body", async () => {
    await call({ method: "POST", body: { type: "form", fields: { asset: "{{ input.assetId }}", note: "a&b" } } }, { assetId: "P-7" });
    expect(sink.calls[0]?.body).toBe("asset=P-7&note=a%26b");
    expect(sink.calls[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });
});

describe("HTTP request step: connections", () => {
  it("joins the path onto the base URL and sends a bearer token and the connection's headers", async () => {
    await call({ connection: "cmms", url: "/assets/{{ input.id }}" }, { id: 4 }, connection({ type: "bearer" }, { token: "t0k" }, { headers: { "X-Tenant": "plant-1" } }));
    expect(sink.calls[0]?.url).toBe("/api/v2/assets/4");
    expect(sink.calls[0]?.headers.authorization).toBe("Bearer t0k");
    expect(sink.calls[0]?.headers["x-tenant"]).toBe("plant-1");
  });

  it("sends basic credentials and API keys", async () => {
    await call({ connection: "cmms", url: "orders" }, {}, connection({ type: "basic", username: "millwright" }, { password: "pässword" }));
    expect(sink.calls[0]?.headers.authorization).toBe(`Basic ${Buffer.from("millwright:pässword").toString("base64")}`);
    await call({ connection: "cmms", url: "orders" }, {}, connection({ type: "api-key", placement: "query", name: "key" }, { apiKey: "k-1" }));
    expect(sink.calls[1]?.url).toBe("/api/v2/orders?key=k-1");
    await call({ connection: "cmms", url: "orders" }, {}, connection({ type: "api-key" }, { apiKey: "k-2" }));
    expect(sink.calls[2]?.headers["x-api-key"]).toBe("k-2");
  });

  it("refuses to send a connection's credentials to another server", async () => {
    const error = await failure(call({ connection: "cmms", url: "{{ input.url }}" }, { url: "http://127.0.0.2:9/steal" }, connection({ type: "bearer" }, { token: "t0k" })));
    expect(error).toBeInstanceOf(BusinessError);
    expect(error.message).toMatch(/is not the connection "cmms"'s server/);
    expect(sink.calls).toHaveLength(0);
  });

  it("says which secret is missing, and which connection kind is wrong", async () => {
    await expect(call({ connection: "cmms", url: "x" }, {}, connection({ type: "bearer" }))).rejects.toThrow('The connection "cmms" has no token');
    await expect(call({ connection: "erp", url: "x" }, {}, { connections: { erp: { kind: "odoo", config: {}, secret: null } } })).rejects.toThrow(
      'The connection "erp" is a odoo connection; the HTTP request step needs an HTTP connection',
    );
  });

  it("a 401 with a connection's credentials is an authentication error", async () => {
    sink.setBehaviour({ status: 401, body: { error: "bad token" } });
    const error = await failure(call({ connection: "cmms", url: "x" }, {}, connection({ type: "bearer" }, { token: "old" })));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/the credentials of the connection "cmms" were refused/);
  });
});

describe("HTTP request step: the answer", () => {
  it("an unexpected status fails the step with the status and the start of the body", async () => {
    sink.setBehaviour({ status: 404, body: { error: "no such asset" } });
    const error = await failure(call({ url: `${sink.url}/assets/9?token=x` }));
    expect(error).toBeInstanceOf(BusinessError);
    expect(error.message).toBe(`127.0.0.1:${sink.port} answered 404 Not Found: {"error":"no such asset"}`);
    expect(error.details).toEqual({ status: 404, url: `${sink.url}/assets/9`, body: '{"error":"no such asset"}' });
  });

  it("a status listed as success is a success", async () => {
    sink.setBehaviour({ status: 404, body: { error: "no such asset" } });
    expect(await call({ successStatus: ["200-299", "404"] })).toMatchObject({ output: { status: 404, body: { error: "no such asset" } } });
  });

  it("a retry status is transient and honours Retry-After", async () => {
    sink.setBehaviour({ failFirst: 1, failStatus: 429, retryAfterSeconds: 30 });
    const error = await failure(call({}));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBe(30_000);
    expect(error.details).toMatchObject({ status: 429 });
  });

  it("reads text answers, and refuses bad JSON when JSON is required", async () => {
    sink.setBehaviour({ body: "not json" }); // the sink sends this JSON string as "\"not json\""
    expect(await call({ responseFormat: "text" })).toMatchObject({ output: { body: '"not json"' } });
    expect(await call({ responseFormat: "json" })).toMatchObject({ output: { body: "not json" } });
    sink.setBehaviour({ status: 200 });
    const text = await call({ url: `${sink.url}/`, responseFormat: "text" });
    expect(typeof (text as { output: { body: unknown } }).output.body).toBe("string");
  });

  it("refuses a private address when the environment does not allow it", async () => {
    const error = await failure(call({}, {}, { http: createStepHttp({ allowPrivateNetwork: false }) }));
    expect(error).toBeInstanceOf(BusinessError);
    expect(error.message).toMatch(/An administrator can allow them on the Environments page\.$/);
    expect(sink.calls).toHaveLength(0);
  });

  it("a server that does not answer in time is transient", async () => {
    sink.setBehaviour({ delayMs: 400 });
    const error = await failure(call({ timeoutMs: 100 }));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe("http-timeout");
  });
});

describe("HTTP request step: bad JSON with JSON required", () => {
  it("fails with the start of the body", async () => {
    const http = { request: async () => ({ status: 200, headers: { "content-type": "text/html" }, body: new TextEncoder().encode("<html>oops</html>"), url: "https://api.example.com/" }) };
    await expect(call({ url: "https://api.example.com/", responseFormat: "json" }, {}, { http })).rejects.toMatchObject({ errorClass: "business", message: "The response is not valid JSON: <html>oops</html>" });
    expect(await call({ url: "https://api.example.com/" }, {}, { http })).toMatchObject({ output: { body: "<html>oops</html>" } });
  });
});

describe("retryAfterMs", () => {
  const now = new Date("2025-03-01T08:00:00Z");
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Sat, 01 Mar 2025 08:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
