// Webhook triggers: POST (or PUT/PATCH, per the trigger's `method`) /api/hooks/<environment>/<flow>.
// Public on purpose: each request is authenticated by the trigger itself (HMAC signature or bearer
// token, lib/triggers/webhook-auth.ts). Other methods answer 405.
import { getDb } from "../../../../../lib/db/client.ts";
import { getPgPool } from "../../../../../lib/db/pg-pool.server.ts";
import { engineIo } from "../../../../../runtime/engine/io.ts";
import { handleWebhook } from "../../../../../lib/triggers/webhook.server.ts";
import { WebhookError } from "../../../../../lib/triggers/webhook-error.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ environmentKey: string; flowSlug: string }> };

async function receive(request: Request, context: Context): Promise<Response> {
  return handleWebhook(request, await context.params, { db: getDb(), io: engineIo(getPgPool()) });
}

export const POST = receive;
export const PUT = receive;
export const PATCH = receive;

// A browser opening the URL, or a caller with the wrong verb: say what this address takes.
async function notAllowed(): Promise<Response> {
  return new WebhookError("METHOD_NOT_ALLOWED", "Webhooks take POST, PUT or PATCH requests (the trigger says which).", { headers: { Allow: "POST, PUT, PATCH" } }).toResponse();
}

export const GET = notAllowed;
export const DELETE = notAllowed;
