// HTTP request: calls an outside API. Credentials and the base URL come from an optional "http"
// connection, per environment; the flow itself never carries a secret (the validator refuses
// literal Authorization headers and user:password URLs).
import { z } from "zod";
import { defineNode } from "../define.ts";
import { ZRetryOverride, connectionField, hasTemplate, jsonTemplateField, keyValueField, statusRangesField, templateField } from "../fields.ts";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]);

const ZBody = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("none").meta({ title: "No body" }) }),
    z.object({
      type: z.literal("json").meta({ title: "JSON" }),
      json: jsonTemplateField({ title: "JSON body", description: 'Placeholders allowed, e.g. { "asset": "{{ input.assetId }}" }.' }).default({}),
    }),
    z.object({
      type: z.literal("text").meta({ title: "Text" }),
      text: templateField({ title: "Text body", widget: "textarea" }, { max: 1_000_000 }).default(""),
      contentType: z.string().min(1).max(200).default("text/plain").meta({ title: "Content type", placeholder: "application/xml" }),
    }),
    z.object({
      type: z.literal("form").meta({ title: "Form (urlencoded)" }),
      fields: keyValueField({ title: "Form fields" }),
    }),
  ])
  .meta({ title: "Body", showWhen: { field: "method", equals: ["POST", "PUT", "PATCH", "DELETE"] } });

export const ZHttpRequestConfig = z
  .object({
    connection: connectionField("http", {
      description: "Base URL and credentials (API key, OAuth client, basic auth) for each environment. Leave empty for a public URL.",
    }).optional(),
    method: z.enum(HTTP_METHODS).default("GET").meta({ title: "Method" }),
    url: templateField(
      { title: "URL", placeholder: "https://api.example.com/assets/{{ input.assetId }}", description: "A full URL, or a path after the connection's base URL." },
      { required: "URL is required", max: 4000 },
    ).default("https://api.example.com/"),
    query: keyValueField({ title: "Query parameters" }),
    headers: keyValueField({ title: "Headers" }, { headerNames: true }),
    body: ZBody.default({ type: "none" }),
    timeoutMs: z.number().int().min(100).max(300_000, "Timeout is at most 300 000 ms").default(30_000).meta({ title: "Timeout (ms)" }),
    responseFormat: z
      .enum(["auto", "json", "text"])
      .default("auto")
      .meta({ title: "Response", enumLabels: { auto: "By content type", json: "JSON", text: "Text" } }),
    successStatus: statusRangesField({ title: "Success statuses", description: "Other statuses fail the step (e.g. 200-299, 404, 3xx)." }, ["200-299"]),
    retryOnStatus: statusRangesField(
      { title: "Retry on statuses", advanced: true, description: "Statuses treated as transient and retried; network errors and timeouts always are." },
      ["429", "502-504"],
    ),
    retry: ZRetryOverride,
    followRedirects: z.boolean().default(true).meta({ title: "Follow redirects", advanced: true }),
  })
  .superRefine((config, ctx) => {
    const url = config.url.trim();
    if (!config.connection && !url.startsWith("{{") && !/^https?:\/\/[^/\s]+/i.test(url))
      ctx.addIssue({ code: "custom", path: ["url"], message: "Enter a full URL (https://...) or choose a connection that provides the base URL" });
    if (/^https?:\/\/[^/@\s]*:[^/@\s]*@/i.test(url))
      ctx.addIssue({ code: "custom", path: ["url"], message: "Do not put a user name and password in the URL; use a connection (flows must not contain secrets)" });
    for (const [name, value] of Object.entries(config.headers)) {
      if (SECRET_HEADERS.has(name.toLowerCase()) && !hasTemplate(value))
        ctx.addIssue({ code: "custom", path: ["headers", name], message: `Header "${name}" holds a secret: put credentials in a connection (flows must not contain secrets)` });
    }
  });

export const ZHttpRequestOutput = z.object({
  status: z.number(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});

export const httpRequestNode = defineNode({
  kind: "http-request",
  kindVersion: 1,
  label: "HTTP request",
  category: "integration",
  icon: "globe",
  description: "Calls a REST API or any HTTP endpoint.",
  keywords: ["api", "rest", "fetch", "get", "post", "webhook", "call", "url", "cmms"],
  trigger: false,
  config: ZHttpRequestConfig,
  output: ZHttpRequestOutput,
  defaults: (): z.input<typeof ZHttpRequestConfig> => ({ method: "GET", url: "https://api.example.com/", query: {}, headers: {}, body: { type: "none" } }),
  inputs: [{ id: "in", label: "Input" }],
  outputs: () => [{ id: "out", label: "Response" }],
  connections: (config) => (config.connection ? [config.connection] : []),
});
