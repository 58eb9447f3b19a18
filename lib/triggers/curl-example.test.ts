// The example shown after "Rotate secret" must work as pasted: run it with bash, curl and openssl
// against a local server that checks the request the way the webhook route does.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlExample, shellQuote } from "./curl-example.ts";
import type { RotatedSecret } from "./panel-types.ts";
import { verifyWebhookAuth } from "./webhook-auth.ts";

const run = promisify(execFile);
const tools = ["/usr/bin/curl", "/usr/bin/openssl", "/bin/bash"].every((tool) => existsSync(tool));
const secret = "mwhs_it's-a-secret";
let server: Server;
let url: string;
const seen: { auth: string; body: string; headers: Record<string, string | string[] | undefined> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers = new Headers(Object.entries(request.headers).map(([name, value]): [string, string] => [name, String(value)]));
      const auth = headers.has("authorization") ? "bearer" : "hmac";
      try {
        verifyWebhookAuth({ auth, signatureHeader: "X-Millwright-Signature", timestampHeader: "X-Millwright-Timestamp", toleranceSeconds: 300 }, headers, body, secret, new Date());
        seen.push({ auth, body: body.toString(), headers: request.headers });
        response.writeHead(202).end("{}");
      } catch (error) {
        response.writeHead(401).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/hooks/dev/work-orders`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const rotated = (auth: "hmac" | "bearer"): RotatedSecret => ({
  secret, rotatedAt: new Date().toISOString(), url, method: "POST", auth,
  signatureHeader: "X-Millwright-Signature", timestampHeader: "X-Millwright-Timestamp", idempotencyHeader: "Idempotency-Key",
  exampleBody: JSON.stringify({ workOrder: { number: "WO-1", note: "it's $HOME `here`" } }),
});

describe("the curl example", () => {
  it("quotes anything for the shell", () => {
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });

  it.skipIf(!tools)("signs a request the webhook accepts, as pasted", async () => {
    const { stdout } = await run("/bin/bash", ["-c", curlExample(rotated("hmac"))]);
    expect(stdout).toMatch(/^HTTP\/1.1 202/);
    expect(seen.at(-1)).toMatchObject({ auth: "hmac", body: rotated("hmac").exampleBody });
    expect(seen.at(-1)?.headers["idempotency-key"]).toMatch(/^example-\d+$/);
  });

  it.skipIf(!tools)("sends the bearer token for bearer triggers", async () => {
    const { stdout } = await run("/bin/bash", ["-c", curlExample(rotated("bearer"))]);
    expect(stdout).toMatch(/^HTTP\/1.1 202/);
    expect(seen.at(-1)?.auth).toBe("bearer");
  });
});
