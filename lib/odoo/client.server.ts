// The Odoo client: one connection's calls over JSON-RPC (/jsonrpc, Odoo 16-19) or JSON-2
// (/json/2/<model>/<method>, Odoo 19+), exactly per ../shared/odoo/PROTOCOL.md:
// - JSON-RPC: common.version, common.authenticate (uid cached per client; `false` = refused) and
//   object.execute_kw(db, uid, secret, model, method, args, kwargs). A missing `result` means null.
// - JSON-2: `Authorization: bearer <API key>`, `X-Odoo-Database`, named parameters only: positional
//   args of the common ORM methods are mapped to their parameter names (section 5.2); for other
//   methods args may only hold the record ids, and further arguments go in kwargs.
// - The connection's context (lang, tz, allowed_company_ids) is merged under kwargs.context (the
//   caller's keys win), since Odoo replaces the env context with the one sent.
// - `create` answers an id for one dict and a list for a list on JSON-RPC, always a list on JSON-2:
//   `call` gives the JSON-RPC shape on both transports; createOne / createMany normalise further.
// - Every failure is an OdooError (errors.ts), with outcomeUnknown for timeouts and lost connections.
// Network policy: Odoo connections are configured by admins on the Environments page (not by flow
// authors), so calls go straight to the configured base URL, private addresses included, without
// the environment's private-address policy that guards the HTTP request step.
import { OdooError, odooErrorFromSerialized } from "./errors.ts";
import type { TOdooConnectionConfig, TOdooConnectionSecret } from "./connection.ts";

export type OdooVersion = { serverVersion: string; serverSerie: string; protocolVersion: number; major: number };
export type OdooConnectionInfo = { serverVersion: string; database: string; uid: number; userName: string };
export type OdooKwargs = Record<string, unknown>;

export type OdooClient = {
  version(): Promise<OdooVersion>;
  /** The uid of the connection's user; cached for the client's life. */
  authenticate(): Promise<number>;
  /** Any public method; `args` as for JSON-RPC execute_kw (record ids first for record methods). */
  call<T = unknown>(model: string, method: string, args: unknown[], kwargs?: OdooKwargs): Promise<T>;
  createOne(model: string, values: Record<string, unknown>, kwargs?: OdooKwargs): Promise<number>;
  createMany(model: string, valuesList: Record<string, unknown>[], kwargs?: OdooKwargs): Promise<number[]>;
  testConnection(): Promise<OdooConnectionInfo>;
};

export type OdooClientOptions = {
  /** The step's signal: aborting it aborts the call in flight. */
  signal?: AbortSignal;
  /** Overrides the connection's timeoutMs (e.g. the step's own timeout). */
  timeoutMs?: number;
  /** For tests. */
  fetch?: typeof fetch;
};

type Config = Pick<TOdooConnectionConfig, "baseUrl" | "database" | "login" | "protocol"> & Partial<Pick<TOdooConnectionConfig, "companyIds" | "lang" | "tz" | "timeoutMs">>;

const DEFAULT_TIMEOUT_MS = 30_000;
const EXCERPT_CHARS = 300;

/** Positional parameter names of the common ORM methods (PROTOCOL.md sections 5.2 and 7), for JSON-2. */
export const JSON2_SIGNATURES: Record<string, { ids: boolean; params: string[] }> = {
  search: { ids: false, params: ["domain", "offset", "limit", "order"] },
  search_read: { ids: false, params: ["domain", "fields", "offset", "limit", "order"] },
  search_count: { ids: false, params: ["domain", "limit"] },
  read: { ids: true, params: ["fields", "load"] },
  create: { ids: false, params: ["vals_list"] },
  write: { ids: true, params: ["vals"] },
  unlink: { ids: true, params: [] },
  name_search: { ids: false, params: ["name", "domain", "operator", "limit"] },
  name_create: { ids: false, params: ["name"] },
  fields_get: { ids: false, params: ["allfields", "attributes"] },
  default_get: { ids: false, params: ["fields_list"] },
  copy: { ids: true, params: ["default"] },
};

export function createOdooClient(config: Config, secret: TOdooConnectionSecret, options: OdooClientOptions = {}): OdooClient {
  const http = createTransport(config, options);
  const credential = secret.apiKey ?? secret.password ?? "";
  let versionPromise: Promise<OdooVersion> | null = null;
  let uidPromise: Promise<number> | null = null;

  function version(): Promise<OdooVersion> {
    versionPromise ??= fetchVersion(http).catch((error: unknown) => {
      versionPromise = null;
      throw error;
    });
    return versionPromise;
  }

  function authenticate(): Promise<number> {
    uidPromise ??= (config.protocol === "json2" ? authenticateJson2(http, secret) : authenticateJsonRpc(http, config, credential)).catch((error: unknown) => {
      uidPromise = null;
      throw error;
    });
    return uidPromise;
  }

  async function call<T>(model: string, method: string, args: unknown[], kwargs: OdooKwargs = {}): Promise<T> {
    const withContext = mergeContext(config, kwargs);
    if (config.protocol === "json2") {
      if (!secret.apiKey) throw noApiKey();
      const body = json2Body(model, method, args, withContext);
      const result = await http.json2(model, method, body, secret.apiKey);
      // JSON-2 always answers a list for create; give the JSON-RPC shape (an id for one dict).
      if (method === "create" && isPlainObject(args[0]) && Array.isArray(result)) return result[0] as T;
      return result as T;
    }
    const uid = await authenticate();
    const finalKwargs = method === "name_search" ? renameNameSearchDomain(withContext, (await version()).major) : withContext;
    return (await http.jsonRpc("object", "execute_kw", [config.database, uid, credential, model, method, args, finalKwargs], { model, method })) as T;
  }

  return {
    version,
    authenticate,
    call,
    async createOne(model, values, kwargs) {
      return normaliseCreateResult(await call<unknown>(model, "create", [values], kwargs), "one");
    },
    async createMany(model, valuesList, kwargs) {
      if (valuesList.length === 0) return [];
      return normaliseCreateResult(await call<unknown>(model, "create", [valuesList], kwargs), "many");
    },
    async testConnection() {
      const info = await version();
      const uid = await authenticate();
      const users = await call<{ name?: unknown }[]>("res.users", "read", [[uid], ["name"]]);
      const name = users[0]?.name;
      return { serverVersion: info.serverVersion, database: config.database, uid, userName: typeof name === "string" ? name : "" };
    },
  };
}

/** createOne -> one id; createMany -> ids, whatever shape the transport answered. */
export function normaliseCreateResult(result: unknown, shape: "one"): number;
export function normaliseCreateResult(result: unknown, shape: "many"): number[];
export function normaliseCreateResult(result: unknown, shape: "one" | "many"): number | number[] {
  const ids = Array.isArray(result) ? result : [result];
  if (!ids.every((id) => typeof id === "number" && Number.isInteger(id)))
    throw new OdooError({ kind: "server", message: `Odoo answered an unexpected value for create: ${excerpt(JSON.stringify(result) ?? "")}`, method: "create" });
  if (shape === "many") return ids as number[];
  if (ids.length !== 1) throw new OdooError({ kind: "server", message: `Odoo created ${ids.length} records where one was expected`, method: "create" });
  return ids[0] as number;
}

/** kwargs with the connection's context under `context`; the caller's context keys win. */
export function mergeContext(config: Pick<Config, "lang" | "tz" | "companyIds">, kwargs: OdooKwargs): OdooKwargs {
  const base: Record<string, unknown> = {};
  if (config.lang) base.lang = config.lang;
  if (config.tz) base.tz = config.tz;
  if (config.companyIds && config.companyIds.length > 0) base.allowed_company_ids = config.companyIds;
  const own = isPlainObject(kwargs.context) ? kwargs.context : {};
  const context = { ...base, ...own };
  if (Object.keys(context).length === 0 && !("context" in kwargs)) return kwargs;
  return { ...kwargs, context };
}

/** name_search's domain parameter is `args` in 16-18 and `domain` in 19+ (PROTOCOL.md 2.4). */
export function renameNameSearchDomain(kwargs: OdooKwargs, major: number): OdooKwargs {
  const [from, to] = major >= 19 ? ["args", "domain"] : ["domain", "args"];
  if (!(from in kwargs) || to in kwargs) return kwargs;
  const { [from]: value, ...rest } = kwargs;
  return { ...rest, [to]: value };
}

/** The JSON-2 body of a call given JSON-RPC-style positional args (PROTOCOL.md 5.2). */
export function json2Body(model: string, method: string, args: unknown[], kwargs: OdooKwargs): Record<string, unknown> {
  const signature = JSON2_SIGNATURES[method];
  const body: Record<string, unknown> = {};
  let rest = args;
  if (!signature || signature.ids) {
    if (rest.length > 0) {
      body.ids = toIds(rest[0], model, method);
      rest = rest.slice(1);
    }
  }
  const params = signature?.params ?? [];
  if (rest.length > params.length)
    throw new OdooError({
      kind: "business",
      message: `JSON-2 takes named arguments only: pass the arguments of ${model}.${method} after the record ids as keyword arguments (kwargs)`,
      model,
      method,
    });
  rest.forEach((value, index) => {
    body[params[index]!] = value;
  });
  // One dict is accepted too, but the answer is a list either way: send the list form.
  if (method === "create" && isPlainObject(body.vals_list)) body.vals_list = [body.vals_list];
  const named = method === "name_search" ? renameNameSearchDomain(kwargs, 19) : kwargs;
  for (const [key, value] of Object.entries(named)) {
    if (key in body && key !== "context")
      throw new OdooError({ kind: "business", message: `The argument "${key}" of ${model}.${method} was given twice (positionally and by name)`, model, method });
    body[key] = value;
  }
  return body;
}

function toIds(value: unknown, model: string, method: string): number[] {
  if (typeof value === "number" && Number.isInteger(value)) return [value];
  if (Array.isArray(value) && value.every((id) => typeof id === "number" && Number.isInteger(id))) return value as number[];
  throw new OdooError({
    kind: "business",
    message: `The first argument of ${model}.${method} must be the record ids (a list of numbers); further arguments go in kwargs with JSON-2`,
    model,
    method,
  });
}

// --- transport ---------------------------------------------------------------------------------

type Transport = {
  jsonRpc(service: string, method: string, args: unknown[], target?: { model?: string; method?: string }): Promise<unknown>;
  json2(model: string, method: string, body: Record<string, unknown>, apiKey: string): Promise<unknown>;
  get(path: string): Promise<unknown>;
};

function createTransport(config: Config, options: OdooClientOptions): Transport {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = config.baseUrl.replace(/\/+$/, "");
  let nextId = 1;

  async function send(path: string, init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string }, target: { model?: string; method?: string }) {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const what = target.model ? `${target.model}.${target.method}` : (target.method ?? path);
    let sent = false;
    try {
      const response = await doFetch(`${base}${path}`, {
        method: init.method,
        headers: { Accept: "application/json", "User-Agent": "Millwright", ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}), ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal,
        redirect: "manual",
      });
      sent = true;
      const text = await response.text();
      return { response, text };
    } catch (error) {
      throw networkError(error, { timedOut: timeout.aborted, cancelled: options.signal?.aborted ?? false, sent, timeoutMs, what, base, target });
    }
  }

  return {
    async jsonRpc(service, method, args, target = {}) {
      const id = nextId++;
      const { response, text } = await send("/jsonrpc", { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: { service, method, args }, id }) }, target.method ? target : { method: `${service}.${method}` });
      const body = response.status === 200 ? parseJson(text) : undefined;
      if (!isPlainObject(body)) throw httpError(response, text, { ...target, base, path: "/jsonrpc" });
      if (isPlainObject(body.error)) {
        const error = body.error;
        const data = isPlainObject(error.data) ? error.data : {};
        throw odooErrorFromSerialized(data, { httpStatus: response.status, ...(typeof error.message === "string" ? { fallbackMessage: error.message } : {}), ...target });
      }
      // Odoo leaves `result` out when the method returned None (PROTOCOL.md 2.5).
      return body.result ?? null;
    },
    async json2(model, method, body, apiKey) {
      const path = `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`;
      const headers = { Authorization: `bearer ${apiKey}`, "X-Odoo-Database": config.database };
      const { response, text } = await send(path, { method: "POST", headers, body: JSON.stringify(body) }, { model, method });
      if (response.ok) {
        if (text.trim() === "") return null;
        const parsed = parseJson(text);
        if (parsed === undefined) throw new OdooError({ kind: "server", message: `Odoo answered ${model}.${method} with something that is not JSON: ${excerpt(text)}`, httpStatus: response.status, model, method });
        return parsed;
      }
      const parsed = parseJson(text);
      const retryAfterMs = retryAfter(response);
      if (isPlainObject(parsed) && typeof parsed.name === "string")
        throw odooErrorFromSerialized(parsed, { httpStatus: response.status, model, method, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
      // Prototype servers answer a bare string (PROTOCOL.md 5.3).
      if (typeof parsed === "string") throw odooErrorFromSerialized({ message: parsed }, { httpStatus: response.status, model, method });
      throw httpError(response, text, { model, method, base, path });
    },
    async get(path) {
      const { response, text } = await send(path, { method: "GET" }, { method: `GET ${path}` });
      const parsed = response.ok ? parseJson(text) : undefined;
      if (parsed === undefined) throw httpError(response, text, { base, path });
      return parsed;
    },
  };
}

function networkError(
  error: unknown,
  facts: { timedOut: boolean; cancelled: boolean; sent: boolean; timeoutMs: number; what: string; base: string; target: { model?: string; method?: string } },
): OdooError {
  const target = { ...(facts.target.model ? { model: facts.target.model } : {}), ...(facts.target.method ? { method: facts.target.method } : {}) };
  if (facts.timedOut)
    return new OdooError({
      kind: "timeout",
      message: `Odoo did not answer ${facts.what} within ${facts.timeoutMs} ms; it may still have completed the call`,
      outcomeUnknown: true,
      cause: error,
      ...target,
    });
  if (facts.cancelled)
    return new OdooError({ kind: "timeout", message: `The call ${facts.what} was cancelled before Odoo answered; it may still have completed`, outcomeUnknown: true, cause: error, ...target });
  const code = errorCode(error);
  // Refused, unresolvable or unreachable: the request never reached Odoo, nothing was done.
  const notSent = code !== undefined && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT|ERR_INVALID_URL|CERT_|ERR_TLS|DEPTH_ZERO|UNABLE_TO_VERIFY|SELF_SIGNED)/.test(code);
  const detail = code ? ` (${code})` : "";
  return new OdooError({
    kind: "transport",
    message: notSent
      ? `Cannot reach the Odoo server at ${facts.base}${detail}`
      : `The connection to the Odoo server at ${facts.base} was lost during ${facts.what}${detail}; the call may have been completed`,
    outcomeUnknown: !notSent,
    cause: error,
    ...target,
  });
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A non-JSON answer (HTML error page, proxy error, wrong endpoint). */
function httpError(response: Response, text: string, where: { model?: string; method?: string; base: string; path: string }): OdooError {
  const status = response.status;
  const page = excerpt(stripHtml(text));
  const said = `${status}${response.statusText ? ` ${response.statusText}` : ""}${page ? `: ${page}` : ""}`;
  const retryAfterMs = retryAfter(response);
  const target = { ...(where.model ? { model: where.model } : {}), ...(where.method ? { method: where.method } : {}) };
  const common = { httpStatus: status, ...target, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (status === 404)
    return new OdooError({ kind: "not_found", message: `The Odoo server at ${where.base} answered 404 for ${where.path}: check the base URL, the database name and the protocol (${page})`, ...common });
  if (status >= 300 && status < 400)
    return new OdooError({ kind: "server", message: `The Odoo server at ${where.base} redirects ${where.path} to ${response.headers.get("location") ?? "elsewhere"}: check the base URL (https?)`, ...common });
  if (status === 400 || status === 415)
    return new OdooError({ kind: "server", message: `Odoo refused the request as malformed (HTTP ${said})`, ...common });
  if (status === 200) return new OdooError({ kind: "server", message: `Odoo answered with something that is not a JSON-RPC response: ${page}`, ...common });
  const kind = status === 401 ? "auth" : status === 403 ? "permission" : status === 409 ? "concurrency" : [408, 429, 502, 503, 504].includes(status) ? "transport" : "server";
  return new OdooError({ kind, message: `The Odoo server at ${where.base} answered ${said}`, ...common });
}

async function fetchVersion(http: Transport): Promise<OdooVersion> {
  let info: unknown;
  try {
    info = await http.jsonRpc("common", "version", []);
  } catch (error) {
    // Servers after 19.0 may close /jsonrpc; /web/version (19+) says the same.
    if (!(error instanceof OdooError && error.kind === "not_found" && error.odooName === null)) throw error;
    const web = await http.get("/web/version");
    const versionInfo = isPlainObject(web) && Array.isArray(web.version_info) ? web.version_info : [];
    info = { server_version: isPlainObject(web) ? web.version : undefined, server_version_info: versionInfo, server_serie: versionInfo.length >= 2 ? `${versionInfo[0]}.${versionInfo[1]}` : undefined, protocol_version: 1 };
  }
  return parseVersion(info);
}

export function parseVersion(info: unknown): OdooVersion {
  const record = isPlainObject(info) ? info : {};
  const versionInfo = Array.isArray(record.server_version_info) ? record.server_version_info : [];
  const serverVersion = typeof record.server_version === "string" ? record.server_version : "";
  const serverSerie = typeof record.server_serie === "string" ? record.server_serie : serverVersion.replace(/^(saas~)?(\d+\.\d+).*$/, "$2");
  const majorFromInfo = typeof versionInfo[0] === "number" ? versionInfo[0] : Number.NaN;
  const majorFromSerie = Number.parseInt(serverSerie.replace(/^saas~/, ""), 10);
  const major = Number.isFinite(majorFromInfo) ? majorFromInfo : majorFromSerie;
  if (!serverVersion || !Number.isFinite(major)) throw new OdooError({ kind: "server", message: `The server did not answer like Odoo (common.version gave ${excerpt(JSON.stringify(info) ?? "nothing")})` });
  return { serverVersion, serverSerie, protocolVersion: typeof record.protocol_version === "number" ? record.protocol_version : 1, major };
}

async function authenticateJsonRpc(http: Transport, config: Config, credential: string): Promise<number> {
  if (!credential) throw new OdooError({ kind: "auth", message: "The connection has no API key or password" });
  const uid = await http.jsonRpc("common", "authenticate", [config.database, config.login, credential, {}]);
  if (typeof uid === "number" && uid > 0) return uid;
  throw new OdooError({
    kind: "auth",
    message: `Odoo refused the login "${config.login}" on the database "${config.database}": check the login and the API key or password (users with two-factor authentication need an API key)`,
    odooName: "odoo.exceptions.AccessDenied",
  });
}

async function authenticateJson2(http: Transport, secret: TOdooConnectionSecret): Promise<number> {
  if (!secret.apiKey) throw noApiKey();
  const context = await http.json2("res.users", "context_get", {}, secret.apiKey);
  const uid = isPlainObject(context) ? context.uid : undefined;
  if (typeof uid === "number") return uid;
  throw new OdooError({ kind: "server", message: "Odoo did not say which user the API key belongs to (res.users.context_get gave no uid)" });
}

function noApiKey(): OdooError {
  return new OdooError({ kind: "auth", message: "The JSON-2 protocol needs an API key: add one to the connection, or use JSON-RPC with a password" });
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get("retry-after")?.trim();
  if (!header) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function stripHtml(text: string): string {
  return text
    .replace(/<(script|style|title)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
