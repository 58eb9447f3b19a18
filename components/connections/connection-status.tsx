// A connection's status as the last test (or call) found it: OK green, credentials refused red,
// unreachable amber, not tested grey; with when it was checked and what the server said.
import type { ConnectionCircuitView, ConnectionServerInfo, ConnectionStatus } from "../../lib/connections/connection-types.ts";
import { Badge, type BadgeTone } from "../ui/badge.tsx";
import { formatDateTime, formatRelative } from "../ui/format.ts";

const LOOKS: Record<ConnectionStatus, { tone: BadgeTone; label: string }> = {
  OK: { tone: "green", label: "OK" },
  AUTH_FAILED: { tone: "red", label: "Credentials refused" },
  UNREACHABLE: { tone: "amber", label: "Unreachable" },
  UNKNOWN: { tone: "neutral", label: "Not tested" },
};

export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  const look = LOOKS[status];
  return (
    <Badge tone={look.tone} dot>
      {look.label}
    </Badge>
  );
}

/** "Odoo 17.0 · Administrator · plant" or "HTTP 200". */
export function serverSummary(info: ConnectionServerInfo | null): string | null {
  if (!info) return null;
  if (info.broker) return info.broker;
  if (info.serverVersion) return [`Odoo ${info.serverVersion}`, info.userName, info.database].filter(Boolean).join(" · ");
  if (info.httpStatus) return `HTTP ${info.httpStatus}`;
  return null;
}

export function ConnectionStatusDetails({
  status, statusMessage, checkedAt, serverInfo, now,
}: {
  status: ConnectionStatus; statusMessage: string | null; checkedAt: string | null; serverInfo: ConnectionServerInfo | null; now?: Date;
}) {
  const summary = status === "OK" ? serverSummary(serverInfo) : statusMessage;
  return (
    <div className="min-w-0 space-y-1">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <ConnectionStatusBadge status={status} />
        {checkedAt && (
          <time dateTime={checkedAt} title={formatDateTime(new Date(checkedAt))} className="text-xs text-zinc-500">
            {formatRelative(new Date(checkedAt), now)}
          </time>
        )}
      </div>
      {summary && (
        <p className={status === "OK" ? "text-xs text-zinc-600" : "line-clamp-2 text-xs text-zinc-600"} title={statusMessage ?? undefined}>
          {summary}
        </p>
      )}
    </div>
  );
}

/**
 * The circuit breaker when it is not closed: calls to this connection are paused (runs wait and
 * resume by themselves) until the probe at `probeAt`; or how many transient failures are counting.
 */
export function ConnectionCircuitNote({ circuit }: { circuit: ConnectionCircuitView | null }) {
  if (!circuit) return null;
  if (circuit.state === "CLOSED")
    return <p className="text-xs text-zinc-500">{circuit.failures} failed call{circuit.failures === 1 ? "" : "s"} in a row; the breaker opens at the threshold.</p>;
  const until = circuit.probeAt ? formatDateTime(new Date(circuit.probeAt)) : null;
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1" title={circuit.lastError ?? undefined}>
      <Badge tone={circuit.state === "OPEN" ? "red" : "amber"} dot>
        {circuit.state === "OPEN" ? "Circuit open" : "Probing"}
      </Badge>
      <span className="text-xs text-zinc-600">
        {circuit.state === "OPEN"
          ? `Calls paused after ${circuit.failures} failures${until ? `; next try ${until}` : ""}. Runs wait and resume.`
          : "One test call decides whether calls resume."}
      </span>
    </div>
  );
}
