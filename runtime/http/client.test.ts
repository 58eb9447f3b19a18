// The step HTTP client against a local server: requests and responses, redirects, limits, the
// classification of failures, and the private-network refusals (which never reach the server).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BusinessError, TransientError } from "../engine/errors.ts";
import { closeSharedHttpAgents, createStepHttp, type StepHttpClient } from "./client.ts";

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
let server: http.Server;
let base: string;
let port: number;
const seen: Seen[] = [];

// /echo answers what it got; /redirect?to=...&status=...; /chain/n redirects n more times;
// /slow waits 500 ms; /big sends 1000 bytes.
function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const url = new URL(req.url ?? "/", base);
  seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
  if (url.pathname === "/redirect") {
    res.writeHead(Number(url.searchParams.get("status") ?? 302), { location: url.searchParams.get("to") ?? "/echo" }).end();
  } else if (url.pathname.startsWith("/chain/")) {
    const left = Number(url.pathname.slice("/chain/".length));
    res.writeHead(302, { location: left > 0 ? `/chain/${left - 1}` : "/echo" }).end();
  } else if (url.pathname === "/slow") {
    setTimeout(() => res.writeHead(200).end("late"), 500);
  } else if (url.pathname === "/big") {
    res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(1000));
  } else {
    res.writeHead(201, { "content-type": "application/json", "x-multi": ["a", "b"] }).end(JSON.stringify({ method: req.method, body }));
  }
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  seen.length = 0;
});

const open = createStepHttp({ allowPrivateNetwork: true });
const strict = createStepHttp({ allowPrivateNetwork: false });
afterAll(closeSharedHttpAgents);

const text = (body: Uint8Array) => Buffer.from(body).toString("utf8");

async function failure(client: StepHttpClient, url: string, extra: Partial<Parameters<StepHttpClient["request"]>[0]> = {}) {
  try {
    await client.request({ method: "GET", url, timeoutMs: 2000, ...extra });
  } catch (error) {
    return error as BusinessError | TransientError;
  }
  throw new Error(`${url} did not fail`);
}

describe("requests on an environment that allows private addresses", () => {
  it("sends method, headers and body, and returns status, headers and body", async () => {
    const response = await open.request({ method: "POST", url: `${base}/echo`, headers: { "Content-Type": "text/plain", "Idempotency-Key": "k1" }, body: "héllo", timeoutMs: 2000 });
    expect(response.status).toBe(201);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.headers["x-multi"]).toBe("a, b");
    expect(JSON.parse(text(response.body))).toEqual({ method: "POST", body: "héllo" });
    expect(seen[0]?.headers["idempotency-key"]).toBe("k1");
    expect(seen[0]?.headers["content-length"]).toBe(String(Buffer.byteLength("héllo")));
  });

  it("follows redirects; a 303 turns a POST into a GET without its body", async () => {
    const response = await open.request({ method: "POST", url: `${base}/redirect?status=303&to=/echo`, body: "payload", headers: { "Content-Type": "text/plain" }, timeoutMs: 2000 });
    expect(JSON.parse(text(response.body))).toEqual({ method: "GET", body: "" });
    expect(response.url).toBe(`${base}/echo`);
    expect(seen.map((s) => s.method)).toEqual(["POST", "GET"]);
    expect(seen[1]?.headers["content-type"]).toBeUndefined();
  });

  it("keeps method and body on 307/308", async () => {
    const response = await open.request({ method: "PUT", url: `${base}/redirect?status=307&to=/echo`, body: "again", timeoutMs: 2000 });
    expect(JSON.parse(text(response.body))).toEqual({ method: "PUT", body: "again" });
  });

  it("follows 5 redirects and refuses a sixth", async () => {
    expect((await open.request({ method: "GET", url: `${base}/chain/4`, timeoutMs: 2000 })).status).toBe(201);
    const error = await failure(open, `${base}/chain/5`);
    expect(error).toBeInstanceOf(BusinessError);
    expect(error.message).toMatch(/redirected more than 5 times/);
  });

  it("returns the redirect itself when following is off", async () => {
    const response = await open.request({ method: "GET", url: `${base}/redirect?to=/echo`, timeoutMs: 2000, followRedirects: false });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("/echo");
  });

  it("drops credentials when a redirect leaves the origin", async () => {
    await open.request({ method: "GET", url: `${base}/redirect?to=${encodeURIComponent(`http://localhost:${port}/echo`)}`, headers: { Authorization: "Bearer s3cret", "X-Trace": "1" }, timeoutMs: 2000 });
    expect(seen[0]?.headers.authorization).toBe("Bearer s3cret");
    expect(seen[1]?.headers.authorization).toBeUndefined();
    expect(seen[1]?.headers["x-trace"]).toBe("1");
  });

  it("a slow server is a transient timeout", async () => {
    const error = await failure(open, `${base}/slow`, { timeoutMs: 100 });
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe("http-timeout");
    expect(error.message).toBe(`127.0.0.1:${port} did not answer completely within the time limit`);
  });

  it("a response over the size limit fails the step", async () => {
    const error = await failure(open, `${base}/big`, { maxResponseBytes: 100 });
    expect(error).toBeInstanceOf(BusinessError);
    expect(error.code).toBe("http-response-too-large");
  });

  it("a refused connection is transient", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(open, `http://127.0.0.1:${closedPort}/`);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe("http-network");
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("an unknown host name is transient", async () => {
    const client = createStepHttp({ allowPrivateNetwork: true, resolve: async () => { throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }); } });
    const error = await failure(client, "http://no-such-host.invalid/");
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe("The host name no-such-host.invalid could not be resolved");
  });

  it("stops when the run is cancelled", async () => {
    const controller = new AbortController();
    const client = createStepHttp({ allowPrivateNetwork: true, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(client, `${base}/slow`);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe("http-aborted");
    client.close();
  });

  it("only calls http and https URLs", async () => {
    for (const url of ["ftp://example.com/file", "file:///etc/passwd", "not a url"]) {
      const error = await failure(open, url);
      expect(error).toBeInstanceOf(BusinessError);
      expect(error.code).toBe("http-bad-url");
    }
  });
});

describe("the private-network refusal (environment does not allow private addresses)", () => {
  const refusedUrls = () => [
    `http://127.0.0.1:${port}/echo`,
    "http://10.1.2.3/",
    "http://169.254.169.254/latest/meta-data/",
    `http://[::1]:${port}/echo`,
    `http://[::ffff:127.0.0.1]:${port}/echo`,
    `http://2130706433:${port}/echo`, // 127.0.0.1 written as one number
    `http://localhost:${port}/echo`, // a host name resolving to loopback
  ];

  it("refuses private, loopback, link-local and mapped addresses before sending anything", async () => {
    for (const url of refusedUrls()) {
      const error = await failure(strict, url);
      expect(error, url).toBeInstanceOf(BusinessError);
      expect(error.code, url).toBe("http-private-address");
      expect(error.message, url).toMatch(/this environment does not allow calls to private network addresses\. An administrator can allow them on the Environments page\.$/);
    }
    expect(seen).toEqual([]);
  });

  it("says which host resolved to which address", async () => {
    const client = createStepHttp({ allowPrivateNetwork: false, resolve: async () => [{ address: "192.168.10.5", family: 4 }] });
    const error = await failure(client, "https://erp.plant.example/api");
    expect(error.message).toMatch(/^erp\.plant\.example \(192\.168\.10\.5\) is a private network address/);
  });

  it("checks every redirect hop again", async () => {
    // Narrow the policy so the first hop (127.0.0.1) passes and only 127.0.0.2 is refused.
    const resolve = async (host: string) => [{ address: host === "inner.test" ? "127.0.0.2" : "127.0.0.1", family: 4 }];
    const client = createStepHttp({ allowPrivateNetwork: false, refuse: (address) => address === "127.0.0.2", resolve });
    for (const target of [`http://127.0.0.2:${port}/echo`, `http://inner.test:${port}/echo`]) {
      const error = await failure(client, `http://outer.test:${port}/redirect?to=${encodeURIComponent(target)}`);
      expect(error.code, target).toBe("http-private-address");
    }
    expect(seen.map((s) => s.url.split("?")[0])).toEqual(["/redirect", "/redirect"]);
    client.close();
  });
});
