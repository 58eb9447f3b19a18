// For tests only: a tiny HTTP server that answers like Odoo by replaying the answers recorded from
// real Odoo 17 and 19 servers (../shared/odoo/recorded/*.json). Each test decides the answer to
// object calls; common.version and common.authenticate are answered from the recordings. Every
// request is kept, so tests can assert what went over the wire.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export type Recorded = { test: string; status?: number; ct?: string; content_type?: string; body?: unknown; text?: string; accept?: string; www_auth?: string | null };
export type FakeRequest = { path: string; method: string; headers: IncomingMessage["headers"]; body: unknown; raw: string };
export type FakeAnswer = { status?: number; body?: unknown; text?: string; contentType?: string; headers?: Record<string, string>; delayMs?: number; hangUp?: boolean };
export type FakeOdoo = {
  url: string;
  requests: FakeRequest[];
  /** Decides the answer to every request that is not common.version / common.authenticate. */
  answer: (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;
  close(): Promise<void>;
};

/** Real Odoo answers, copied into the repository from ../shared/odoo/recorded (see its README). */
export const RECORDED_DIR = path.resolve(import.meta.dirname, "../../test/odoo-recorded");

export function loadRecorded(file: "odoo17.json" | "odoo19.json" | "odoo19-json2.json"): Recorded[] {
  return JSON.parse(readFileSync(path.join(RECORDED_DIR, file), "utf8")) as Recorded[];
}

export function recorded(file: "odoo17.json" | "odoo19.json" | "odoo19-json2.json", test: string): Recorded {
  const entry = loadRecorded(file).find((candidate) => candidate.test === test);
  if (!entry) throw new Error(`No recorded answer "${test}" in ${file}`);
  return entry;
}

/** The recorded entry as an answer of the fake server. */
export function replay(entry: Recorded): FakeAnswer {
  const contentType = entry.ct ?? entry.content_type ?? "application/json; charset=utf-8";
  const headers: Record<string, string> = {};
  if (entry.accept) headers.accept = entry.accept;
  if (entry.www_auth) headers["www-authenticate"] = entry.www_auth;
  if (entry.text !== undefined) return { status: entry.status ?? 200, text: entry.text, contentType, headers };
  return { status: entry.status ?? 200, body: entry.body, contentType, headers };
}

export async function startFakeOdoo(options: { version?: 17 | 19; password?: string } = {}): Promise<FakeOdoo> {
  const file = options.version === 19 ? "odoo19.json" : "odoo17.json";
  const password = options.password ?? "admin";
  const fake: FakeOdoo = {
    url: "",
    requests: [],
    answer: () => ({ status: 500, text: "no answer set" }),
    close: async () => {},
  };
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = parseJson(raw);
    const request: FakeRequest = { path: req.url ?? "/", method: req.method ?? "GET", headers: req.headers, body, raw };
    fake.requests.push(request);
    const answer = builtIn(request) ?? (await fake.answer(request));
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.hangUp) {
      req.socket.destroy();
      return;
    }
    if (res.destroyed) return;
    const text = answer.text ?? JSON.stringify(withRequestId(answer.body, body));
    res.writeHead(answer.status ?? 200, { "content-type": answer.contentType ?? "application/json; charset=utf-8", ...answer.headers });
    res.end(text);
  }

  function builtIn(request: FakeRequest): FakeAnswer | null {
    const params = jsonRpcParams(request);
    if (!params) return null;
    if (params.service === "common" && params.method === "version") return replay(recorded(file, "common.version"));
    if (params.service === "common" && params.method === "authenticate") {
      const ok = Array.isArray(params.args) && params.args[2] === password;
      return replay(recorded(file, ok ? "common.authenticate ok" : "common.login bad"));
    }
    return null;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

export function jsonRpcParams(request: FakeRequest): { service?: unknown; method?: unknown; args?: unknown } | null {
  if (request.path !== "/jsonrpc" || typeof request.body !== "object" || request.body === null) return null;
  const params = (request.body as { params?: unknown }).params;
  return typeof params === "object" && params !== null ? (params as { service?: unknown; method?: unknown; args?: unknown }) : null;
}

/** The recorded JSON-RPC bodies carry id 1; echo the request's id like Odoo does. */
function withRequestId(answer: unknown, request: unknown): unknown {
  if (typeof answer !== "object" || answer === null || !("jsonrpc" in answer)) return answer;
  const id = typeof request === "object" && request !== null && "id" in request ? (request as { id: unknown }).id : null;
  return { ...answer, id };
}

function parseJson(raw: string): unknown {
  try {
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
