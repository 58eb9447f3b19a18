// Loads a message trigger's view for the flow page's triggers panel (view-types.ts).
import type { Db } from "../../lib/db/client.ts";
import type { TConditioning } from "../../nodes/conditioning.ts";
import type { MessageTriggerView, SubscriberView } from "./view-types.ts";

/** Written about once a second by the holder: older than this, no worker holds the subscription. */
export const STALE_AFTER_MS = 15_000;
const RECENT_REJECTED = 5;
const MODE_WORDS = { none: "Every message", dedupe: "Deduplicate", debounce: "Debounce", state: "State held for a while", tumbling: "Tumbling window" } as const;

type Ref = { environmentId: string; flowId: string; nodeId: string };
type Trigger = { nodeId: string; kind: string; label: string | null; config: unknown };

export async function messageTriggerView(db: Db, ref: Ref, trigger: Trigger, now = new Date()): Promise<MessageTriggerView> {
  const config = trigger.config as { connection: string; topic?: string; queue?: string; conditioning?: TConditioning };
  const [status, rejected] = await Promise.all([
    db.subscriberStatus.findUnique({ where: { environmentId_flowId_nodeId: ref } }),
    db.rejectedMessage.findMany({ where: ref, orderBy: { createdAt: "desc" }, take: RECENT_REJECTED }),
  ]);
  const subscriber: SubscriberView | null = status && {
    status: status.status as SubscriberView["status"],
    message: status.message,
    workerId: status.workerId,
    inFlight: status.inFlight,
    accepted: Number(status.accepted),
    rejected: Number(status.rejected),
    lastMessageAt: status.lastMessageAt?.toISOString() ?? null,
    lagMs: status.lagMs,
    updatedAt: status.updatedAt.toISOString(),
    stale: status.status !== "stopped" && now.getTime() - status.updatedAt.getTime() > STALE_AFTER_MS,
  };
  return {
    kind: "message",
    nodeId: trigger.nodeId,
    label: trigger.label,
    transport: trigger.kind === "mqtt-trigger" ? "mqtt" : "amqp",
    source: config.topic ?? config.queue ?? "",
    connection: config.connection,
    conditioning: conditioningWords(config.conditioning),
    subscriber,
    recentRejected: rejected.map((row) => ({ id: row.id, source: row.source, payload: row.payload, reason: row.reason, createdAt: row.createdAt.toISOString() })),
  };
}

function conditioningWords(conditioning: TConditioning | undefined): string {
  if (!conditioning) return MODE_WORDS.none;
  const mode = MODE_WORDS[conditioning.window.mode] ?? conditioning.window.mode;
  return conditioning.filter?.trim() ? `${mode}, filtered` : mode;
}
