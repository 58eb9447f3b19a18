// Loads the flow page's triggers panel: per environment the flow is released to, how its trigger
// is reached (webhook URL and authentication, schedule in words with the next runs and the last
// tick, manual start with its input schema). Secrets stay on the server: only their dates leave.
import { headers } from "next/headers";
import type { z } from "zod";
import type { Db } from "../db/client.ts";
import type { ZManualTriggerConfig } from "../../nodes/manual-trigger/definition.ts";
import type { ZScheduleTriggerConfig } from "../../nodes/schedule-trigger/definition.ts";
import type { ZWebhookTriggerConfig } from "../../nodes/webhook-trigger/definition.ts";
import { messageTriggerView } from "../../runtime/subscribers/view.server.ts";
import { describeCron } from "./cron-words.ts";
import { nextCronRuns } from "./cron.ts";
import type { TriggerEnvironmentView, TriggerView } from "./panel-types.ts";
import { releasedTriggers, webhookUrl, type ReleasedTrigger } from "./released-trigger.server.ts";
import { triggerSecretStatus } from "./trigger-secrets.server.ts";

type WebhookConfig = z.output<typeof ZWebhookTriggerConfig>;
type ScheduleConfig = z.output<typeof ZScheduleTriggerConfig>;
type ManualConfig = z.output<typeof ZManualTriggerConfig>;

export async function loadTriggerPanel(db: Db, flowId: string, options: { origin: string; now?: Date }): Promise<TriggerEnvironmentView[]> {
  const releases = await releasedTriggers(db, flowId);
  return Promise.all(
    releases.map(async (release) => ({
      environment: { id: release.environment.id, key: release.environment.key, name: release.environment.name, protected: release.environment.protected },
      versionNumber: release.version.number,
      releasedAt: release.releasedAt.toISOString(),
      trigger: await triggerView(db, release, options.origin, options.now ?? new Date()),
    })),
  );
}

async function triggerView(db: Db, release: ReleasedTrigger, origin: string, now: Date): Promise<TriggerView | null> {
  const trigger = release.trigger;
  if (!trigger) return null;
  const base = { nodeId: trigger.nodeId, label: trigger.label };
  if (trigger.configError) return { kind: "other", ...base, nodeKind: trigger.kind, problem: trigger.configError };
  const ref = { environmentId: release.environment.id, flowId: release.flow.id, nodeId: trigger.nodeId };
  if (trigger.kind === "webhook-trigger") {
    const config = trigger.config as WebhookConfig;
    const secret = config.auth === "none" ? null : await triggerSecretStatus(db, ref);
    return {
      kind: "webhook", ...base,
      url: webhookUrl(release.environment, release.flow.slug, origin),
      method: config.method, auth: config.auth, signatureHeader: config.signatureHeader, timestampHeader: config.timestampHeader,
      toleranceSeconds: config.toleranceSeconds, bodyFormat: config.bodyFormat, maxBodyBytes: config.maxBodyBytes,
      idempotency: { source: config.idempotency.source, header: config.idempotency.header, path: config.idempotency.path ?? null, required: config.idempotency.required },
      responseMode: config.responseMode,
      secret: secret ? { createdAt: secret.createdAt.toISOString(), rotatedAt: secret.rotatedAt?.toISOString() ?? null } : null,
    };
  }
  if (trigger.kind === "schedule-trigger") {
    const config = trigger.config as ScheduleConfig;
    const state = await db.triggerState.findUnique({ where: { environmentId_flowId_nodeId: ref }, select: { state: true } });
    const lastTickAt = (state?.state as { lastTickAt?: string | null } | undefined)?.lastTickAt ?? null;
    return {
      kind: "schedule", ...base,
      cron: config.cron, timezone: config.timezone, words: describeCron(config.cron), missedTicks: config.missedTicks, lastTickAt,
      next: nextCronRuns(config.cron, { from: now, count: 3, timeZone: config.timezone }).map((date) => date.toISOString()),
    };
  }
  if (trigger.kind === "manual-trigger") {
    const config = trigger.config as ManualConfig;
    const sample = trigger.sample as { input?: unknown } | undefined;
    return { kind: "manual", ...base, instructions: config.instructions, inputSchema: config.inputSchema ?? null, sampleInput: sample?.input ?? null };
  }
  if (trigger.kind === "mqtt-trigger" || trigger.kind === "amqp-trigger") return messageTriggerView(db, ref, trigger, now);
  return { kind: "other", ...base, nodeKind: trigger.kind, problem: null };
}

/** The origin the browser reached this server at (for webhook URLs when an environment has no public base URL). */
export async function requestOrigin(): Promise<string> {
  const list = await headers();
  const host = list.get("x-forwarded-host")?.split(",")[0]?.trim() || list.get("host") || "localhost";
  const proto = list.get("x-forwarded-proto")?.split(",")[0]?.trim() || (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}
