// The webhook trigger's request handling, behind POST|PUT|PATCH /api/hooks/<environment>/<flow>:
// find the release, read the body within its limit, authenticate, parse, check the payload schema,
// take the idempotency and business keys, then accept the run in ONE transaction (run row + first
// job, runtime/engine/accept.ts). Only after that commit does the caller get 202 {runId}; a repeated
// idempotency key gets 200 with the original run id and starts nothing. With responseMode "wait"
// the answer is what the run's End step responded, or 202 when waitTimeoutMs passes first.
// Every refusal is JSON with a code and a sentence (webhook-error.ts); an unreachable database is a
// 503 with Retry-After (lib/http/route.server.ts), never a stack trace.
import type { z } from "zod";
import type { Db } from "../db/client.ts";
import { errorResponse } from "../http/route.server.ts";
import { logger } from "../log.ts";
import { acceptWithSql } from "../../runtime/engine/accept.ts";
import { engineIoOfPrisma, type EngineIo } from "../../runtime/engine/io.ts";
import { compiledVersion } from "../../runtime/engine/compiled-flow.ts";
import { findRelease, type FoundRelease } from "../../runtime/engine/releases.server.ts";
import type { ZWebhookTriggerConfig } from "../../nodes/webhook-trigger/definition.ts";
import { checkPayload, SchemaCompileError } from "./payload-schema.ts";
import { keyText, valueAtPath } from "./paths.ts";
import { readTriggerSecret } from "./trigger-secrets.server.ts";
import { verifyWebhookAuth } from "./webhook-auth.ts";
import { parseBody, readBody } from "./webhook-body.ts";
import { WebhookError } from "./webhook-error.ts";
import { acceptedResponse, duplicateResponse, waitForRunResponse } from "./webhook-response.server.ts";

export type WebhookConfig = z.output<typeof ZWebhookTriggerConfig>;
export type WebhookParams = { environmentKey: string; flowSlug: string };
/** `io` runs the accept path (a pg pool in the route: no ORM overhead per request); defaults to `db`'s. */
export type WebhookOptions = { db: Db; io?: EngineIo; now?: () => Date };

/** Keys stay searchable and indexable: longer idempotency keys are refused, longer business keys cut. */
const MAX_KEY_LENGTH = 255;
/** Never copied into the run's payload (which analysts read): credentials and the signature. */
const HIDDEN_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

export async function handleWebhook(request: Request, params: WebhookParams, options: WebhookOptions): Promise<Response> {
  try {
    return await receive(request, params, options);
  } catch (error) {
    if (error instanceof WebhookError) {
      if (error.status >= 500) logger.error({ err: error, ...params }, "webhook trigger misconfigured");
      return error.toResponse();
    }
    return errorResponse(error);
  }
}

async function receive(request: Request, params: WebhookParams, { db, io = engineIoOfPrisma(db), now = () => new Date() }: WebhookOptions): Promise<Response> {
  const release = await findRelease(io, params.environmentKey, params.flowSlug);
  if (!release) throw new WebhookError("NOT_FOUND", `No flow "${params.flowSlug}" is released to the environment "${params.environmentKey}".`);
  const { nodeId, config } = webhookTriggerOf(release);
  if (request.method !== config.method) {
    throw new WebhookError("METHOD_NOT_ALLOWED", `This trigger accepts ${config.method} requests only.`, { headers: { Allow: config.method } });
  }

  const raw = await readBody(request, config.maxBodyBytes);
  const ref = { environmentId: release.environment.id, flowId: release.flow.id, nodeId };
  const secret = config.auth === "none" ? null : await readTriggerSecret(io, ref);
  const receivedAt = now();
  verifyWebhookAuth(config, request.headers, raw, secret, receivedAt);

  const body = parseBody(raw, config.bodyFormat);
  checkSchema(config, body, `${release.version.id}:${nodeId}`);
  const idempotencyKey = idempotencyKeyOf(config, request.headers, body);
  const businessKey = config.businessKeyPath ? keyText(valueAtPath(body, config.businessKeyPath))?.slice(0, MAX_KEY_LENGTH) ?? null : null;
  const payload = { body, headers: visibleHeaders(request.headers, config), query: Object.fromEntries(new URL(request.url).searchParams), receivedAt: receivedAt.toISOString() };

  const accepted = await io.transaction((sql) =>
    acceptWithSql(sql, {
      flowId: release.flow.id, versionId: release.version.id, environmentId: release.environment.id, mode: "LIVE",
      triggerNodeId: nodeId, triggerKind: "webhook", payload, idempotencyKey, businessKey,
    }),
  );
  if (accepted.duplicate) return duplicateResponse(accepted.runId);
  if (config.responseMode === "wait") return waitForRunResponse(db, accepted.runId, config.waitTimeoutMs);
  return acceptedResponse(accepted.runId);
}

function webhookTriggerOf(release: FoundRelease): { nodeId: string; config: WebhookConfig } {
  const flow = compiledVersion(release.version.id, release.definition);
  const trigger = flow.triggerNodeId ? flow.nodes.get(flow.triggerNodeId) : undefined;
  if (!trigger || trigger.node.kind !== "webhook-trigger") {
    throw new WebhookError("NOT_FOUND", `The version of "${release.flow.slug}" released to "${release.environment.key}" is not started by a webhook.`);
  }
  if (trigger.configError) throw new WebhookError("FLOW_MISCONFIGURED", `The webhook trigger's settings are invalid (${trigger.configError}); the flow's owner must fix and release it again.`);
  return { nodeId: trigger.node.id, config: trigger.config as WebhookConfig };
}

function checkSchema(config: WebhookConfig, body: unknown, cacheKey: string): void {
  if (!config.payloadSchema) return;
  let fields;
  try {
    fields = checkPayload(config.payloadSchema, body, cacheKey);
  } catch (error) {
    if (error instanceof SchemaCompileError) throw new WebhookError("FLOW_MISCONFIGURED", `${error.message}; the flow's owner must fix the trigger's payload schema.`);
    throw error;
  }
  if (fields.length > 0) {
    const where = fields.length === 1 ? `${fields[0]!.path} ${fields[0]!.message}` : `${fields.length} problems`;
    throw new WebhookError("INVALID_PAYLOAD", `The payload does not match the trigger's schema: ${where}.`, { fields });
  }
}

function idempotencyKeyOf(config: WebhookConfig, headers: Headers, body: unknown): string | null {
  const { source, header, path, required } = config.idempotency;
  if (source === "none") return null;
  const key = source === "header" ? keyText(headers.get(header)?.trim()) : path ? keyText(valueAtPath(body, path)) : null;
  const where = source === "header" ? `the ${header} header` : `the payload field ${path}`;
  if (key === null && required) throw new WebhookError("IDEMPOTENCY_KEY_REQUIRED", `An idempotency key is required: send it in ${where}.`);
  if (key !== null && key.length > MAX_KEY_LENGTH) throw new WebhookError("INVALID_IDEMPOTENCY_KEY", `The idempotency key in ${where} is longer than ${MAX_KEY_LENGTH} characters.`);
  return key;
}

function visibleHeaders(headers: Headers, config: WebhookConfig): Record<string, string> {
  const hidden = new Set([...HIDDEN_HEADERS, config.signatureHeader.toLowerCase()]);
  return Object.fromEntries([...headers].filter(([name]) => !hidden.has(name)));
}
