// HTTP request step: builds the request from the config (URL, query and headers are templates over
// the step input; the body is JSON, text or a form) plus the connection's base URL, headers and
// credentials, sends it through the environment's HTTP client (private addresses refused unless
// allowed) and classifies the answer:
// - a success status -> output { status, headers, body } (body parsed by the response format);
// - a "retry on" status (429, 502-504 by default) -> TransientError, honouring Retry-After;
// - 401 while the connection authenticates -> AuthenticationError (no retry; the connection is flagged);
// - any other status -> BusinessError with the status and the start of the body.
// Non-GET/HEAD requests carry `Idempotency-Key: <run/step key>`, stable across retries, so a
// receiver that honours it performs the side effect once however often the step is retried.
import { STATUS_CODES } from "node:http";
import { AuthenticationError, BusinessError, TransientError } from "../../runtime/engine/errors.ts";
import { parseConnection } from "../../runtime/engine/connections.ts";
import type { ExecutorContext, ExecutorFor, HttpResponse } from "../../runtime/engine/executor.ts";
import { httpAuth, ZHttpConnectionConfig, ZHttpConnectionSecret, type THttpConnectionConfig } from "../../runtime/http/connection.ts";
import { statusInRanges } from "../fields.ts";
import type { ZHttpRequestConfig } from "./definition.ts";
import type { z } from "zod";

type Config = z.output<typeof ZHttpRequestConfig>;
type Ctx = ExecutorContext<Config>;
type Connection = { name: string; config: THttpConnectionConfig; auth: { headers: Record<string, string>; query: Record<string, string> } };

const EXCERPT_CHARS = 500;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const executeHttpRequest: ExecutorFor<typeof ZHttpRequestConfig> = async (ctx) => {
  const { config } = ctx;
  const connection = config.connection ? await loadConnection(ctx, config.connection) : null;
  const url = await buildUrl(ctx, connection);
  const body = BODY_METHODS.has(config.method) ? await buildBody(ctx) : null;
  const headers = await buildHeaders(ctx, connection, body?.contentType);
  const response = await ctx.http.request({ method: config.method, url: url.href, headers, body: body?.text, timeoutMs: config.timeoutMs, followRedirects: config.followRedirects });
  return { type: "next", port: "out", output: interpret(ctx, response, connection) };
};

async function loadConnection(ctx: Ctx, name: string): Promise<Connection> {
  const resolved = await ctx.connection(name);
  const { config, secret } = parseConnection(resolved, { kind: "http", usedBy: "HTTP request step", needs: "an HTTP connection", config: ZHttpConnectionConfig, secret: ZHttpConnectionSecret });
  return { name, config, auth: httpAuth(name, config, secret) };
}

/** The rendered URL: a full URL, or a path joined onto the connection's base URL; then the query. */
async function buildUrl(ctx: Ctx, connection: Connection | null): Promise<URL> {
  const rendered = (await ctx.sandbox.renderTemplate(ctx.config.url)).trim();
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(rendered);
  if (!absolute && !connection)
    throw new BusinessError(`The URL "${rendered}" is not a full URL (https://...), and the step has no connection to provide a base URL`, { code: "http-bad-url" });
  const text = absolute || !connection ? rendered : joinUrl(connection.config.baseUrl, rendered);
  if (!URL.canParse(text)) throw new BusinessError(`"${text}" is not a valid URL`, { code: "http-bad-url" });
  const url = new URL(text);
  // Credentials of a connection go only to its own origin, whatever a placeholder produced.
  if (connection && absolute && url.origin !== new URL(connection.config.baseUrl).origin)
    throw new BusinessError(
      `The URL ${url.origin} is not the connection "${connection.name}"'s server (${new URL(connection.config.baseUrl).origin}); use a path, or a step without the connection`,
      { code: "http-bad-url" },
    );
  for (const [name, template] of Object.entries(ctx.config.query)) url.searchParams.append(name, await ctx.sandbox.renderTemplate(template));
  for (const [name, value] of Object.entries(connection?.auth.query ?? {})) url.searchParams.set(name, value);
  return url;
}

function joinUrl(base: string, path: string): string {
  if (path === "") return base;
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

async function buildBody(ctx: Ctx): Promise<{ text: string; contentType: string } | null> {
  const body = ctx.config.body;
  switch (body.type) {
    case "none":
      return null;
    case "json":
      return { text: JSON.stringify((await ctx.sandbox.renderValue(body.json)) ?? null), contentType: "application/json" };
    case "text":
      return { text: await ctx.sandbox.renderTemplate(body.text), contentType: body.contentType };
    case "form": {
      const form = new URLSearchParams();
      for (const [name, template] of Object.entries(body.fields)) form.append(name, await ctx.sandbox.renderTemplate(template));
      return { text: form.toString(), contentType: "application/x-www-form-urlencoded" };
    }
  }
}

/** Connection headers, then the step's (rendered), then credentials; defaults fill what is missing. */
async function buildHeaders(ctx: Ctx, connection: Connection | null, contentType: string | undefined): Promise<Record<string, string>> {
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string) => headers.set(name.toLowerCase(), [name, value]);
  const setDefault = (name: string, value: string) => {
    if (!headers.has(name.toLowerCase())) set(name, value);
  };
  for (const [name, value] of Object.entries(connection?.config.headers ?? {})) set(name, value);
  for (const [name, template] of Object.entries(ctx.config.headers)) set(name, await ctx.sandbox.renderTemplate(template));
  for (const [name, value] of Object.entries(connection?.auth.headers ?? {})) set(name, value);
  if (contentType) setDefault("Content-Type", contentType);
  setDefault("Accept", ctx.config.responseFormat === "text" ? "text/plain, */*;q=0.8" : "application/json, */*;q=0.8");
  setDefault("User-Agent", "Millwright");
  if (ctx.config.method !== "GET" && ctx.config.method !== "HEAD") setDefault("Idempotency-Key", ctx.idempotencyKey);
  return Object.fromEntries(headers.values());
}

function interpret(ctx: Ctx, response: HttpResponse, connection: Connection | null): { status: number; headers: Record<string, string>; body: unknown } {
  const { status } = response;
  if (statusInRanges(status, ctx.config.successStatus)) {
    // Cookies are credentials: they are not kept in the step's stored output.
    const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => name !== "set-cookie"));
    return { status, headers, body: parseBody(response, ctx.config.method, ctx.config.responseFormat) };
  }
  const excerpt = bodyExcerpt(response.body);
  const where = new URL(response.url);
  // The query is left out: it may hold an API key.
  const details = { status, url: `${where.origin}${where.pathname}`, ...(excerpt ? { body: excerpt } : {}) };
  const answered = `${where.host} answered ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ""}${excerpt ? `: ${excerpt}` : ""}`;
  if (statusInRanges(status, ctx.config.retryOnStatus))
    throw new TransientError(answered, { code: "http-status", details, retryAfterMs: retryAfterMs(response.headers["retry-after"], ctx.now()) });
  if (status === 401 && connection && connection.config.auth.type !== "none")
    throw new AuthenticationError(`${answered} (the credentials of the connection "${connection.name}" were refused)`, { code: "http-unauthorized", details });
  throw new BusinessError(answered, { code: "http-status", details });
}

function parseBody(response: HttpResponse, method: string, format: Config["responseFormat"]): unknown {
  const text = new TextDecoder().decode(response.body);
  if (format === "text") return text;
  if (method === "HEAD" || text.trim() === "") return null;
  const looksJson = /[/+]json\b/i.test(response.headers["content-type"] ?? "");
  if (format === "auto" && !looksJson) return text;
  try {
    return JSON.parse(text);
  } catch {
    if (format === "auto") return text;
    throw new BusinessError(`The response is not valid JSON: ${bodyExcerpt(response.body)}`, { code: "http-bad-json", details: { status: response.status } });
  }
}

function bodyExcerpt(body: Uint8Array): string {
  const text = new TextDecoder().decode(body.subarray(0, EXCERPT_CHARS * 4)).replace(/\s+/g, " ").trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
