"use client";

// An MQTT or AMQP trigger in the flow's triggers panel: where it listens, whether a worker holds
// the subscription and how it is doing (connected, paused by back-pressure, error), the messages in
// flight and the lag before their runs start, and the latest rejected messages with their reasons.
import { RadioTower, RefreshCw, Server, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition, type ReactNode } from "react";
import type { MessageTriggerView, SubscriberView } from "../../runtime/subscribers/view-types.ts";
import { Badge, type BadgeTone } from "../ui/badge.tsx";
import { formatDateTime, formatDuration, formatRelative } from "../ui/format.ts";

const STATUS: Record<SubscriberView["status"], { tone: BadgeTone; label: string }> = {
  connected: { tone: "green", label: "Receiving" },
  connecting: { tone: "blue", label: "Connecting" },
  paused: { tone: "amber", label: "Paused" },
  error: { tone: "red", label: "Error" },
  stopped: { tone: "neutral", label: "Stopped" },
};

const count = (value: number) => value.toLocaleString("en-GB");

export function MessageTriggerDetails({ trigger }: { trigger: MessageTriggerView }) {
  const Icon = trigger.transport === "mqtt" ? RadioTower : Server;
  return (
    <div className="space-y-3" data-testid="message-trigger">
      <p className="flex items-center gap-1.5 font-medium text-zinc-900">
        <Icon aria-hidden="true" className="size-4 text-zinc-500" />
        {trigger.transport === "mqtt" ? "MQTT messages" : "AMQP messages"}
        {trigger.label && <span className="font-normal text-zinc-500">· {trigger.label}</span>}
      </p>
      <dl className="space-y-1.5">
        <Row label={trigger.transport === "mqtt" ? "Topic" : "Queue"}>
          <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs break-all text-zinc-800">{trigger.source}</code>
        </Row>
        <Row label="Connection">
          <span className="font-mono text-xs">{trigger.connection}</span>
        </Row>
        <Row label="Starts">{trigger.conditioning}</Row>
      </dl>
      <SubscriberStatus subscriber={trigger.subscriber} />
      <RejectedMessages trigger={trigger} />
    </div>
  );
}

function SubscriberStatus({ subscriber }: { subscriber: SubscriberView | null }) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const refresh = (
    <button
      type="button"
      onClick={() => startRefresh(() => router.refresh())}
      className="ml-auto inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800"
      aria-label="Refresh the subscription status"
    >
      <RefreshCw aria-hidden="true" className={refreshing ? "size-3 animate-spin" : "size-3"} /> Refresh
    </button>
  );
  if (!subscriber) {
    return (
      <section className="rounded-md bg-zinc-50 px-3 py-2.5 ring-1 ring-zinc-200 ring-inset" aria-label="Subscription">
        <div className="flex items-center gap-2">
          <Badge tone="neutral" dot>
            Waiting for a worker
          </Badge>
          {refresh}
        </div>
        <p className="mt-1.5 text-xs leading-5 text-zinc-500">A worker takes the subscription within a few seconds of the release. If this stays, check that a worker is running.</p>
      </section>
    );
  }
  const status = subscriber.stale ? { tone: "amber" as const, label: "No worker" } : STATUS[subscriber.status];
  const message = subscriber.stale
    ? `No worker has reported on this subscription since ${formatRelative(new Date(subscriber.updatedAt))}: start a worker and one takes it over.`
    : subscriber.message;
  return (
    <section className="rounded-md bg-zinc-50 px-3 py-2.5 ring-1 ring-zinc-200 ring-inset" aria-label="Subscription" data-testid="subscriber-status">
      <div className="flex items-center gap-2">
        <Badge tone={status.tone} dot>
          {status.label}
        </Badge>
        {subscriber.workerId && !subscriber.stale && <span className="truncate font-mono text-[11px] text-zinc-500" title="The worker holding the subscription">{subscriber.workerId}</span>}
        {refresh}
      </div>
      {message && <p className={subscriber.status === "error" || subscriber.stale ? "mt-1.5 text-xs leading-5 text-red-700" : "mt-1.5 text-xs leading-5 text-amber-800"}>{message}</p>}
      <dl className="mt-2.5 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
        <Figure label="Accepted" value={count(subscriber.accepted)} />
        <Figure label="Rejected" value={count(subscriber.rejected)} warn={subscriber.rejected > 0} />
        <Figure label="In flight" value={count(subscriber.inFlight)} hint="Received, not yet committed and acknowledged" />
        <Figure label="Lag" value={subscriber.lagMs > 0 ? formatDuration(subscriber.lagMs) : "none"} hint="How long the oldest run waiting to start has waited" warn={subscriber.lagMs > 60_000} />
      </dl>
      <p className="mt-2 text-xs text-zinc-500">
        Last message {subscriber.lastMessageAt ? <time dateTime={subscriber.lastMessageAt} title={formatDateTime(new Date(subscriber.lastMessageAt))}>{formatRelative(new Date(subscriber.lastMessageAt))}</time> : "never"}
      </p>
    </section>
  );
}

function Figure({ label, value, hint, warn }: { label: string; value: string; hint?: string; warn?: boolean }) {
  return (
    <div title={hint}>
      <dt className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{label}</dt>
      <dd className={warn ? "text-sm font-semibold text-amber-700 tabular-nums" : "text-sm font-semibold text-zinc-900 tabular-nums"}>{value}</dd>
    </div>
  );
}

function RejectedMessages({ trigger }: { trigger: MessageTriggerView }) {
  if (trigger.recentRejected.length === 0) return null;
  return (
    <section aria-label="Recently rejected messages" data-testid="rejected-messages">
      <h4 className="flex items-center gap-1.5 text-xs font-semibold text-zinc-700">
        <TriangleAlert aria-hidden="true" className="size-3.5 text-amber-600" /> Recently rejected
        {trigger.transport === "amqp" && <span className="font-normal text-zinc-500">· also sent to the queue&apos;s dead-letter exchange</span>}
      </h4>
      <ul className="mt-1.5 divide-y divide-zinc-100 rounded-md ring-1 ring-zinc-200">
        {trigger.recentRejected.map((message) => (
          <li key={message.id} className="px-3 py-2">
            <details className="group">
              <summary className="cursor-pointer list-none text-xs leading-5">
                <span className="text-red-700">{message.reason}</span>
                <span className="mt-0.5 block text-zinc-500">
                  <span className="font-mono">{message.source}</span> · <time dateTime={message.createdAt}>{formatRelative(new Date(message.createdAt))}</time>
                  <span className="ml-1 text-accent-700 group-open:hidden">Show payload</span>
                </span>
              </summary>
              <pre className="mt-1.5 max-h-40 overflow-auto rounded bg-zinc-900 px-2.5 py-2 font-mono text-[11px] leading-4 whitespace-pre-wrap break-all text-zinc-100">{message.payload || "(empty)"}</pre>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_1fr] gap-2">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
