// The project's Odoo test server ("sim"): a plain node:http server that speaks Odoo 17's or 19's
// /jsonrpc (common.version/login/authenticate, object.execute_kw) and, for 19, JSON-2
// (/json/2/<model>/<method>), to the letter of ../shared/odoo/PROTOCOL.md and recorded/*.json.
// Tests inject faults (serialization failures, ACL and validation errors, 502/503, slow answers,
// a timeout after commit) and inspect the in-memory records and the calls it received.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { callJson2, callJsonRpc } from "./call.ts";
import { aclError, accessDenied, httpException, OdooException, requiredFieldError, serializationFailure, typeError, type OdooVersion } from "./errors.ts";
import { modelsFor } from "./models.ts";
import { table, type Db, type Env, type ModelDef } from "./orm.ts";
import { ADMIN, seed, USER } from "./seed.ts";

export type OdooFault = {
  model?: string;
  method?: string;
  times?: number;
  kind: "serialization" | "slow" | "http-502" | "http-503" | "timeout-after-commit" | "access-error" | "validation-error";
  delayMs?: number;
};

export type OdooSimUser = { login: string; password: string; apiKey: string; uid: number };

export type OdooSim = {
  url: string;
  version: OdooVersion;
  database: string;
  admin: OdooSimUser;
  user: OdooSimUser;
  inject(fault: OdooFault): void;
  clearFaults(): void;
  records(model: string): Record<string, unknown>[];
  calls: { model: string; method: string; transport: "jsonrpc" | "json2" }[];
  close(): Promise<void>;
};

export type OdooSimOptions = { version?: OdooVersion; port?: number; host?: string; database?: string };

const VERSION_INFO = {
  17: { server_version: "17.0-20240709", server_version_info: [17, 0, 0, "final", 0, ""], server_serie: "17.0", protocol_version: 1 },
  19: { server_version: "19.0+e-20251227", server_version_info: [19, 0, 0, "final", 0, "e"], server_serie: "19.0", protocol_version: 1 },
} as const;

interface State {
  version: OdooVersion;
  database: string;
  db: Db;
  models: Record<string, ModelDef>;
  faults: (OdooFault & { left: number })[];
  calls: OdooSim["calls"];
  timers: Set<ReturnType<typeof setTimeout>>;
}

export async function startOdooSim(options: OdooSimOptions = {}): Promise<OdooSim> {
  const version = options.version ?? 17;
  const state: State = {
    version, database: options.database ?? "plant", db: { tables: {}, nextId: {}, sequences: {} }, models: modelsFor(version),
    faults: [], calls: [], timers: new Set(),
  };
  seed(makeEnv(state, ADMIN.uid));
  const server = createServer((req, res) => { void handle(state, req, res); });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    version, database: state.database, admin: { ...ADMIN }, user: { ...USER }, calls: state.calls,
    inject: (fault) => { state.faults.push({ ...fault, left: fault.times ?? 1 }); },
    clearFaults: () => { state.faults.length = 0; },
    records: (model) => [...table(makeEnv(state, ADMIN.uid), model).values()].map((row) => structuredClone({ ...row })),
    close: async () => {
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function makeEnv(state: State, uid: number): Env {
  return { version: state.version, uid, isAdmin: uid === ADMIN.uid || uid === 1, context: {}, db: state.db, models: state.models };
}

// ---------------------------------------------------------------- HTTP plumbing

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/jsonrpc") return await handleJsonRpc(state, req, res, body);
    if (path === "/json/2" || path.startsWith("/json/2/")) return await handleJson2(state, req, res, path, body);
    if (path === "/web/version" && state.version === 19) return sendJson(res, 200, { version_info: VERSION_INFO[19].server_version_info, version: VERSION_INFO[19].server_version });
    return sendHtml(res, 404, NOT_FOUND_HTML);
  } catch (error) {
    if (!res.headersSent) sendHtml(res, 500, `<p>${String(error)}</p>`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(value === undefined ? null : value);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html), ...headers });
  res.end(html);
}

const NOT_FOUND_HTML = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n";
const NO_DATABASE_HTML = "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n<!-- Alternatively, use the X-Odoo-Database header. -->\n";
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#39;");

function wrongContentType(state: State, res: ServerResponse, route: string, type: string): void {
  const inferred = `Request inferred type is compatible with ['http'] but '${route}' is type='${type}'.`;
  if (state.version === 17) {
    return sendHtml(res, 400, `<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>${escapeHtml(inferred)}</p>\n`);
  }
  sendHtml(res, 415, `<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n<h1>Unsupported Media Type</h1>\n<p>${escapeHtml(inferred)}<br><br>Please verify the Content-Type request header and try again.</p>\n`,
    { Accept: "application/json, application/json-rpc" });
}

const mimetype = (req: IncomingMessage) => (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
const delay = (state: State, ms: number) => new Promise<void>((resolve) => {
  const timer = setTimeout(() => { state.timers.delete(timer); resolve(); }, ms);
  state.timers.add(timer);
});

// ---------------------------------------------------------------- faults and transactions

function takeFault(state: State, model: string | undefined, method: string | undefined): OdooFault | undefined {
  const fault = state.faults.find((f) => f.left > 0 && (f.model === undefined ? true : f.model === model) && (f.method === undefined ? true : f.method === method)
    && (model !== undefined || (f.model === undefined && f.method === undefined)));
  if (!fault) return undefined;
  fault.left -= 1;
  if (fault.left <= 0) state.faults.splice(state.faults.indexOf(fault), 1);
  return fault;
}

const OPERATION: Record<string, "read" | "write" | "create" | "unlink"> = { create: "create", write: "write", unlink: "unlink", load: "create" };

function faultError(state: State, fault: OdooFault, model: string | undefined, method: string | undefined): OdooException {
  const def = model ? state.models[model] : undefined;
  if (fault.kind === "serialization") return serializationFailure();
  if (fault.kind === "access-error") {
    return aclError(state.version, OPERATION[method ?? ""] ?? (method && /^(search|read|name_|fields_get)/.test(method) ? "read" : "write"), def?.description ?? model ?? "Contact", model ?? "res.partner", "Administration/Settings", "Role / Administrator");
  }
  const required = def ? Object.entries(def.fields).find(([, f]) => f.required) : undefined;
  return requiredFieldError(state.version, def?.description ?? "Contact", model ?? "res.partner", required?.[1].string ?? "Name", required?.[0] ?? "name");
}

// Runs one call in a transaction (restored on error), applying the injected faults around it.
async function transact(state: State, res: ServerResponse, model: string | undefined, method: string | undefined, work: () => unknown, reply: (outcome: { value?: unknown; error?: unknown }) => void): Promise<void> {
  const fault = takeFault(state, model, method);
  if (fault?.kind === "http-502" || fault?.kind === "http-503") {
    const status = fault.kind === "http-502" ? 502 : 503;
    const title = status === 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable";
    return sendHtml(res, status, `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`);
  }
  if (fault?.kind === "slow") await delay(state, fault.delayMs ?? 3000);
  if (fault && ["serialization", "access-error", "validation-error"].includes(fault.kind)) return reply({ error: faultError(state, fault, model, method) });
  const snapshot = structuredClone(state.db);
  let outcome: { value?: unknown; error?: unknown };
  try {
    outcome = { value: work() };
  } catch (error) {
    Object.assign(state.db, snapshot);
    outcome = { error };
  }
  if (fault?.kind === "timeout-after-commit") {
    await Promise.race([delay(state, fault.delayMs ?? 60_000), new Promise<void>((resolve) => res.once("close", () => resolve()))]);
  }
  reply(outcome);
}

// ---------------------------------------------------------------- /jsonrpc

function debugText(error: OdooException, version: OdooVersion): string {
  const last = `${error.odooName.startsWith("builtins.") ? error.odooName.slice(9) : error.odooName}: ${error.message}\n`;
  if (version === 19 && error.odooName === "odoo.exceptions.AccessDenied") return last;
  return `Traceback (most recent call last):\n  File "odoo-sim", line 1, in dispatch\n${last}`;
}

function asOdooException(error: unknown): OdooException {
  if (error instanceof OdooException) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OdooException("builtins.Exception", message);
}

export function serializeException(error: OdooException, version: OdooVersion): Record<string, unknown> {
  const debug = debugText(error, version);
  if (version === 17) return { name: error.odooName, debug, message: error.message, arguments: error.args, context: {} };
  return { name: error.odooName, message: error.message, arguments: error.args, context: {}, debug };
}

function rpcAnswer(state: State, res: ServerResponse, id: unknown, outcome: { value?: unknown; error?: unknown }): void {
  if (outcome.error !== undefined) {
    const error = asOdooException(outcome.error);
    return sendJson(res, 200, { jsonrpc: "2.0", id, error: { code: state.version === 17 ? 200 : 0, message: "Odoo Server Error", data: serializeException(error, state.version) } });
  }
  const answer: Record<string, unknown> = { jsonrpc: "2.0", id };
  if (outcome.value !== null && outcome.value !== undefined) answer.result = outcome.value;
  sendJson(res, 200, answer);
}

async function handleJsonRpc(state: State, req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
  const type = mimetype(req);
  if (req.method !== "POST" || (type !== "application/json" && type !== "application/json-rpc")) {
    return wrongContentType(state, res, "/jsonrpc", state.version === 17 ? "json" : "jsonrpc");
  }
  let request: unknown;
  try { request = JSON.parse(text); } catch { return sendHtml(res, 400, "Invalid JSON data"); }
  if (!request || typeof request !== "object" || Array.isArray(request)) return sendHtml(res, 400, "Invalid JSON-RPC data");
  const envelope = request as Record<string, unknown>;
  const id = envelope.id ?? null;
  const params = envelope.params && typeof envelope.params === "object" && !Array.isArray(envelope.params) ? (envelope.params as Record<string, unknown>) : {};
  const missing = ["service", "method", "args"].filter((key) => !(key in params));
  if (missing.length) return rpcAnswer(state, res, id, { error: typeError(`${state.version === 17 ? "RPC" : "JSONRPC"}.jsonrpc() ${missingArguments(missing)}`) });
  const service = String(params.service);
  const method = String(params.method);
  const args = Array.isArray(params.args) ? params.args : [];
  if (service === "object" && (method === "execute_kw" || method === "execute")) {
    const [, , , model, modelMethod] = args as unknown[];
    const isCall = typeof model === "string" && typeof modelMethod === "string";
    if (isCall) state.calls.push({ model, method: modelMethod, transport: "jsonrpc" });
    return transact(state, res, isCall ? model : undefined, isCall ? modelMethod : undefined, () => objectService(state, method, args), (outcome) => rpcAnswer(state, res, id, outcome));
  }
  return transact(state, res, undefined, undefined, () => otherService(state, service, method, args), (outcome) => rpcAnswer(state, res, id, outcome));
}

function missingArguments(names: string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  if (quoted.length === 1) return `missing 1 required positional argument: ${quoted[0]}`;
  const list = quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}` : `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]}`;
  return `missing ${quoted.length} required positional arguments: ${list}`;
}

function checkDb(state: State, db: unknown): void {
  if (db !== state.database) {
    throw new OdooException("psycopg2.OperationalError", `connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "${String(db)}" does not exist\n`);
  }
}

function exactArgs(name: string, args: unknown[], params: string[]): void {
  if (args.length < params.length) throw typeError(`${name}() ${missingArguments(params.slice(args.length))}`);
  if (args.length > params.length) throw typeError(`${name}() takes ${params.length} positional arguments but ${args.length} were given`);
}

// The uid for a login and a password or API key (API keys work as passwords, PROTOCOL.md 2.3.1).
function authenticate(state: State, login: unknown, password: unknown): number | false {
  for (const user of [ADMIN, USER]) {
    if (user.login === login && (password === user.password || password === user.apiKey) && isActiveUser(state, user.uid)) return user.uid;
  }
  return false;
}

function isActiveUser(state: State, uid: number): boolean {
  const row = state.db.tables["res.users"]?.get(uid);
  return Boolean(row) && row?.active !== false;
}

function checkUid(state: State, uid: unknown, password: unknown): number {
  if (!password) throw accessDenied();
  const user = [ADMIN, USER].find((u) => u.uid === uid);
  if (!user || !isActiveUser(state, user.uid) || (password !== user.password && password !== user.apiKey)) throw accessDenied();
  return user.uid;
}

function otherService(state: State, service: string, method: string, args: unknown[]): unknown {
  if (service === "common") {
    if (method === "version") return VERSION_INFO[state.version];
    if (method === "login") { exactArgs("exp_login", args, ["db", "login", "password"]); checkDb(state, args[0]); return authenticate(state, args[1], args[2]); }
    if (method === "authenticate") { exactArgs("exp_authenticate", args, ["db", "login", "password", "user_agent_env"]); checkDb(state, args[0]); return authenticate(state, args[1], args[2]); }
    if (method === "about") return "See http://openerp.com";
    throw new OdooException("builtins.Exception", `Method not found: ${method}`);
  }
  if (service === "db") {
    if (method === "list") return [state.database];
    if (method === "server_version") return VERSION_INFO[state.version].server_version;
    throw new OdooException("builtins.KeyError", `Method not found: ${method}`);
  }
  throw new OdooException("builtins.KeyError", service);
}

function objectService(state: State, method: string, args: unknown[]): unknown {
  const [db, uid, password, model, modelMethod, ...rest] = args;
  if (args.length < 5) throw typeError(`${method}() missing required positional arguments`);
  if (state.version === 19 && !password) throw accessDenied();
  checkDb(state, db);
  const env = makeEnv(state, checkUid(state, uid, password));
  if (method === "execute") return callJsonRpc(env, String(model), String(modelMethod), rest, {});
  return callJsonRpc(env, String(model), String(modelMethod), rest[0], rest[1]);
}

// ---------------------------------------------------------------- JSON-2 (19 only)

function json2Error(state: State, res: ServerResponse, error: unknown): void {
  const exception = asOdooException(error);
  sendJson(res, exception.httpStatus, serializeException(exception, state.version), exception.headers);
}

function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    const detail = trimmed.startsWith("{") ? "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)" : "Expecting value: line 1 column 1 (char 0)";
    throw httpException("BadRequest", 400, `could not parse the body as json: ${detail}`);
  }
}

async function handleJson2(state: State, req: IncomingMessage, res: ServerResponse, path: string, text: string): Promise<void> {
  if (state.version !== 19) return sendHtml(res, 404, NOT_FOUND_HTML);
  const dbHeader = req.headers["x-odoo-database"];
  if (dbHeader !== undefined && dbHeader !== state.database) return sendHtml(res, 404, NO_DATABASE_HTML);
  const match = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match || req.method !== "POST") return json2Error(state, res, httpException("NotFound", 404, "Did you mean POST /json/2/<model>/<method>?"));
  if (text.length && mimetype(req) !== "application/json") return wrongContentType(state, res, "/json/2/<__model__>/<__method__>", "json2");
  const authorization = req.headers.authorization;
  const bearer = typeof authorization === "string" ? /^bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() : undefined;
  const unauthorized = (message: string) => httpException("Unauthorized", 401, message, { "WWW-Authenticate": "Bearer " });
  if (!authorization) return json2Error(state, res, unauthorized("User not authenticated, use an API Key with a Bearer Authorization header."));
  const user = [ADMIN, USER].find((u) => u.apiKey === bearer && isActiveUser(state, u.uid));
  if (!user) return json2Error(state, res, unauthorized("Invalid apikey"));
  let body: Record<string, unknown>;
  try {
    const parsed = text.length ? parseJsonBody(text) : {};
    body = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    return json2Error(state, res, error);
  }
  const model = decodeURIComponent(match[1] ?? "");
  const method = decodeURIComponent(match[2] ?? "");
  state.calls.push({ model, method, transport: "json2" });
  const env = makeEnv(state, user.uid);
  return transact(state, res, model, method, () => callJson2(env, model, method, body), (outcome) => {
    if (outcome.error !== undefined) return json2Error(state, res, outcome.error);
    sendJson(res, 200, outcome.value ?? null);
  });
}
