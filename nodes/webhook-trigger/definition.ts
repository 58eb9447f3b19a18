// Webhook trigger: an outside system POSTs to the flow's per-environment URL. The request is
// authenticated (HMAC signature with timestamp, or bearer token), size-limited, optionally checked
// against a JSON Schema, and de-duplicated by an idempotency key before the run is accepted.
// Secrets are generated per environment at release time; they never live in the flow.
import { z } from "zod";
import { defineNode } from "../define.ts";
import { headerNameField, jsonSchemaField, pathField } from "../fields.ts";

const hmacOnly = { field: "auth", equals: ["hmac"] };

const ZIdempotency = z
  .object({
    source: z
      .enum(["header", "payload", "none"])
      .default("header")
      .meta({
        title: "Key comes from",
        enumLabels: { header: "A request header", payload: "A field in the payload", none: "Nowhere (every request starts a run)" },
      }),
    header: headerNameField({ title: "Header", showWhen: { field: "source", equals: ["header"] } }, "Idempotency-Key"),
    path: pathField({ title: "Payload path", placeholder: "order.id", showWhen: { field: "source", equals: ["payload"] } }).optional(),
    required: z
      .boolean()
      .default(false)
      .meta({ title: "Refuse requests without a key", showWhen: { field: "source", equals: ["header", "payload"] } }),
  })
  .superRefine((value, ctx) => {
    if (value.source === "payload" && !value.path) ctx.addIssue({ code: "custom", path: ["path"], message: "Payload path is required when the key comes from the payload" });
  })
  .meta({
    title: "Idempotency",
    description: "A request repeating a key answers with the original run instead of starting a second one.",
  });

export const ZWebhookTriggerConfig = z.object({
  method: z.enum(["POST", "PUT", "PATCH"]).default("POST").meta({ title: "HTTP method", advanced: true }),
  auth: z
    .enum(["hmac", "bearer", "none"])
    .default("hmac")
    .meta({
      title: "Authentication",
      enumLabels: { hmac: "HMAC signature (recommended)", bearer: "Bearer token", none: "None (trusted networks only)" },
      description: "The secret is generated per environment when the flow is released and is never part of the flow.",
    }),
  signatureHeader: headerNameField(
    { title: "Signature header", showWhen: hmacOnly, description: "Hex HMAC-SHA256 of `<timestamp>.<raw body>` with the environment's secret." },
    "X-Millwright-Signature",
  ),
  timestampHeader: headerNameField({ title: "Timestamp header", showWhen: hmacOnly, advanced: true, description: "Unix seconds; signed together with the body." }, "X-Millwright-Timestamp"),
  toleranceSeconds: z
    .number()
    .int()
    .min(30)
    .max(3600)
    .default(300)
    .meta({ title: "Clock tolerance (seconds)", showWhen: hmacOnly, advanced: true, description: "Requests signed longer ago than this are refused (replay protection)." }),
  idempotency: ZIdempotency.prefault({}),
  businessKeyPath: pathField({
    title: "Business key",
    placeholder: "workOrder.number",
    description: "Payload path of a reference people search runs by (an order or work-order number).",
  }).optional(),
  bodyFormat: z
    .enum(["json", "form", "text"])
    .default("json")
    .meta({ title: "Body format", enumLabels: { json: "JSON", form: "Form (urlencoded)", text: "Plain text" } }),
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .max(10 * 1024 * 1024, "Maximum body size is at most 10 MiB")
    .default(1024 * 1024)
    .meta({ title: "Maximum body size (bytes)", advanced: true, description: "Larger requests are refused with 413." }),
  payloadSchema: jsonSchemaField({
    title: "Payload schema",
    description: "Optional JSON Schema; a body that does not match is refused with 400 and the reasons. Pin a sample payload on the node to feed the next steps' field pickers.",
  }),
  responseMode: z
    .enum(["accepted", "wait"])
    .default("accepted")
    .meta({
      title: "Respond",
      enumLabels: { accepted: "At once: 202 with the run id", wait: "When the run reaches an End step, with its response" },
    }),
  waitTimeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(120_000, "The caller can wait at most 120 000 ms")
    .default(30_000)
    .meta({
      title: "Wait at most (ms)",
      showWhen: { field: "responseMode", equals: ["wait"] },
      description: "After this the caller gets 202 with the run id; the run carries on.",
    }),
});

export const ZWebhookTriggerOutput = z.object({
  body: z.unknown(),
  headers: z.record(z.string(), z.string()),
  query: z.record(z.string(), z.string()),
  receivedAt: z.string(),
});

export const webhookTrigger = defineNode({
  kind: "webhook-trigger",
  kindVersion: 1,
  label: "Webhook",
  category: "triggers",
  icon: "webhook",
  description: "Starts a run when another system sends an HTTP request to the flow's URL.",
  keywords: ["http", "api", "post", "request", "cmms", "incoming"],
  trigger: true,
  config: ZWebhookTriggerConfig,
  output: ZWebhookTriggerOutput,
  defaults: (): z.input<typeof ZWebhookTriggerConfig> => ({ auth: "hmac", idempotency: { source: "header", header: "Idempotency-Key", required: false }, responseMode: "accepted" }),
  inputs: [],
  outputs: () => [{ id: "out", label: "Request", required: true, description: "The request: body, headers and query." }],
  connections: () => [],
});
