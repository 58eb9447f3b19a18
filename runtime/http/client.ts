// Outbound HTTP for steps (the HTTP request node, later connectors): node:http/node:https with the
// environment's network policy. Every connection goes through a DNS lookup that refuses private,
// loopback and link-local addresses (address-policy.ts) unless the environment allows them, so a
// hostname cannot smuggle a request into the plant network; literal-IP URLs are checked before
// connecting. Redirects are followed by hand (at most 5, each hop checked again). One deadline
// (AbortSignal) covers connecting, sending and reading the whole response; the body is capped.
//
// Failures are classified for the engine: network errors and timeouts are TransientError (retried);
// a refused address, a non-HTTP scheme, too many redirects or an oversized body are BusinessError.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { BusinessError, TransientError } from "../engine/errors.ts";
import type { HttpRequest, HttpResponse, StepHttp } from "../engine/executor.ts";
import { isRefusedAddress, refusedAddressError } from "./address-policy.ts";

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials: dropped when a redirect leaves the original origin. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]);

export type StepHttpOptions = {
  /** The environment's setting: true lets steps call private, loopback and link-local addresses. */
  allowPrivateNetwork: boolean;
  /** Aborts every request of this client (the run was cancelled or the worker is stopping). */
  signal?: AbortSignal;
  /** Name resolution; tests replace it. Defaults to the system resolver (dns.lookup). */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
  /** Which addresses the policy refuses; tests narrow it to prove each redirect hop is checked. */
  refuse?: (address: string) => boolean;
};

export type StepHttpClient = StepHttp & {
  /** Closes idle keep-alive connections of a client with its own agents (a test's); shared ones stay. */
  close(): void;
};

type Agents = { "http:": http.Agent; "https:": https.Agent };

function newAgents(): Agents {
  return { "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }) };
}

// Keep-alive agents shared by every step with the same policy. Never shared across policies: a
// pooled socket is reused without a new lookup, so a connection opened for an environment that
// allows private addresses must not serve one that does not.
const sharedAgents = new Map<boolean, Agents>();

/** Closes the shared keep-alive connections (worker shutdown). */
export function closeSharedHttpAgents(): void {
  for (const agents of sharedAgents.values()) for (const agent of Object.values(agents)) agent.destroy();
  sharedAgents.clear();
}

/** A step's HTTP client; cheap to create per step (connections are pooled per policy). */
export function createStepHttp(options: StepHttpOptions): StepHttpClient {
  const refuse = options.allowPrivateNetwork ? () => false : (options.refuse ?? isRefusedAddress);
  const lookup = guardedLookup(refuse, options.resolve);
  const custom = options.resolve !== undefined || options.refuse !== undefined;
  let agents = custom ? newAgents() : sharedAgents.get(options.allowPrivateNetwork);
  if (!agents) {
    agents = newAgents();
    sharedAgents.set(options.allowPrivateNetwork, agents);
  }
  const own = custom ? agents : null;
  return {
    request: (request) => requestWithRedirects(request, { signal: options.signal, refuse, lookup, agents }),
    close() {
      if (own) for (const agent of Object.values(own)) agent.destroy();
    },
  };
}

type Internals = {
  signal: AbortSignal | undefined;
  refuse: (address: string) => boolean;
  lookup: LookupFunction;
  agents: Agents;
};

async function requestWithRedirects(request: HttpRequest, internals: Internals): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = internals.signal ? AbortSignal.any([timeout, internals.signal]) : timeout;
  let current = { method: request.method.toUpperCase(), url: parseUrl(request.url), headers: { ...request.headers }, body: request.body };
  for (let hop = 0; ; hop++) {
    checkLiteralAddress(current.url, internals.refuse);
    const response = await send(current, request, internals, signal);
    const location = response.headers.location;
    if (request.followRedirects === false || !REDIRECT_STATUSES.has(response.status) || !location) return response;
    if (hop >= MAX_REDIRECTS)
      throw new BusinessError(`${request.url} redirected more than ${MAX_REDIRECTS} times; the last hop pointed at ${location}`, { code: "http-too-many-redirects" });
    current = redirected(current, response.status, location);
  }
}

type Outgoing = { method: string; url: URL; headers: Record<string, string>; body: string | Uint8Array | undefined };

/** The next hop: 303 (and 301/302 after a POST, as browsers do) becomes a GET without a body. */
function redirected(previous: Outgoing, status: number, location: string): Outgoing {
  const url = parseUrl(location, previous.url);
  const toGet = (status === 303 && previous.method !== "HEAD") || ((status === 301 || status === 302) && previous.method === "POST");
  let headers = { ...previous.headers };
  if (toGet) headers = withoutHeaders(headers, (name) => name === "content-type" || name === "content-length");
  if (url.origin !== previous.url.origin) headers = withoutHeaders(headers, (name) => CREDENTIAL_HEADERS.has(name));
  return { method: toGet ? "GET" : previous.method, url, headers, body: toGet ? undefined : previous.body };
}

function withoutHeaders(headers: Record<string, string>, drop: (lowerName: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop(name.toLowerCase())));
}

function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new BusinessError(`"${text}" is not a valid URL`, { code: "http-bad-url" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new BusinessError(`Only http and https URLs can be called; "${url.href}" uses ${url.protocol.slice(0, -1)}`, { code: "http-bad-url" });
  if (url.username || url.password) throw new BusinessError("URLs with a user name or password are refused: put credentials in a connection", { code: "http-bad-url" });
  return url;
}

/** Node connects to a literal IP without a lookup, so those are checked here. */
function checkLiteralAddress(url: URL, refuse: (address: string) => boolean): void {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) && refuse(host)) throw refusedAddressError(host, host);
}

/** A net lookup that resolves, then drops refused addresses; none left fails with the policy error. */
function guardedLookup(refuse: (address: string) => boolean, resolver: StepHttpOptions["resolve"]): LookupFunction {
  const resolve = resolver ?? ((hostname: string) => dns.promises.lookup(hostname, { all: true, order: "verbatim" }));
  return (hostname, lookupOptions, callback) => {
    resolve(hostname)
      .then((found) => {
        const allowed = found.filter((entry) => !refuse(entry.address));
        const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const usable = family ? allowed.filter((entry) => entry.family === family) : allowed;
        if (found.length > 0 && allowed.length === 0) throw refusedAddressError(hostname, (found[0] as { address: string }).address);
        if (usable.length === 0) throw Object.assign(new Error(`No address found for ${hostname}`), { code: "ENOTFOUND" });
        if (lookupOptions.all) callback(null, usable);
        else callback(null, (usable[0] as { address: string }).address, (usable[0] as { family: number }).family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, "", 0));
  };
}

function send(outgoing: Outgoing, request: HttpRequest, internals: Internals, signal: AbortSignal): Promise<HttpResponse> {
  const { url } = outgoing;
  const limit = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const transport = url.protocol === "https:" ? https : http;
  const headers = { ...outgoing.headers };
  if (outgoing.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === "content-length"))
    headers["Content-Length"] = String(Buffer.byteLength(outgoing.body));
  return new Promise<HttpResponse>((resolve, reject) => {
    let connected = false;
    const fail = (error: unknown) => reject(classify(error, url, signal, connected));
    if (signal.aborted) return fail(signal.reason);
    let req: http.ClientRequest;
    try {
      req = transport.request(url, { method: outgoing.method, headers, agent: internals.agents[url.protocol as "http:" | "https:"], lookup: internals.lookup, signal });
    } catch (error) {
      // Node refuses malformed header names and values before sending anything.
      return reject(new BusinessError(`The request to ${url.host} cannot be sent: ${error instanceof Error ? error.message : String(error)}`, { code: "http-bad-request" }));
    }
    req.on("socket", (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once("connect", () => (connected = true));
    });
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          reject(new BusinessError(`The response from ${url.host} is larger than ${limit} bytes`, { code: "http-response-too-large", details: { url: url.href, limit } }));
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on("error", fail);
      res.on("aborted", () => fail(new Error("The server closed the connection before the response was complete")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks), url: url.href }));
    });
    req.end(outgoing.body);
  });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH|ERR_TLS/i;

/** Any failure of one hop as a step error. */
function classify(error: unknown, url: URL, signal: AbortSignal, connected: boolean): Error {
  if (error instanceof BusinessError || error instanceof TransientError) return error;
  const details = { url: url.href };
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof DOMException && reason.name === "TimeoutError") {
      const what = connected ? "did not answer completely" : "could not be reached";
      return new TransientError(`${url.host} ${what} within the time limit`, { code: "http-timeout", details, cause: error });
    }
    return new TransientError(`The request to ${url.host} was stopped (the run was cancelled or the worker is stopping)`, { code: "http-aborted", details, cause: error });
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const message = error instanceof Error ? error.message : String(error);
  if (TLS_CODES.test(code))
    return new BusinessError(`The TLS certificate of ${url.host} was refused: ${message}`, { code: "http-tls", details: { ...details, reason: code }, cause: error });
  if (code === "ENOTFOUND") return new TransientError(`The host name ${url.hostname} could not be resolved`, { code: "http-dns", details, cause: error });
  return new TransientError(`Could not call ${url.host}: ${message}${code && !message.includes(code) ? ` (${code})` : ""}`, { code: "http-network", details: { ...details, reason: code }, cause: error });
}
