// What the flow page's triggers panel shows of an MQTT or AMQP trigger in an environment: where it
// listens, how the subscription is doing (SubscriberStatus) and the latest rejected messages.
// Browser-safe DTOs; dates as ISO strings, counters as numbers.
export type SubscriberView = {
  status: "connecting" | "connected" | "paused" | "error" | "stopped";
  message: string | null;
  workerId: string | null;
  inFlight: number;
  accepted: number;
  rejected: number;
  lastMessageAt: string | null;
  lagMs: number;
  updatedAt: string;
  /** No worker has written the status for a while: none holds the subscription (none running?). */
  stale: boolean;
};

export type RejectedMessageView = { id: string; source: string; payload: string; reason: string; createdAt: string };

export type MessageTriggerView = {
  kind: "message";
  nodeId: string;
  label: string | null;
  transport: "mqtt" | "amqp";
  /** The topic filter or the queue. */
  source: string;
  connection: string;
  /** "Every message", "Deduplicate", ...: how messages become runs (event conditioning). */
  conditioning: string;
  subscriber: SubscriberView | null;
  recentRejected: RejectedMessageView[];
};
