// What the Environments page shows of a connection, and what its forms send (browser-safe). A
// connection's secret never appears here: only whether one is set and a masked hint.
import { z } from "zod";

export const CONNECTION_KINDS = ["odoo", "http", "mqtt", "amqp"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];
export const CONNECTION_KIND_LABELS: Record<ConnectionKind, string> = { odoo: "Odoo", http: "HTTP API", mqtt: "MQTT broker", amqp: "AMQP broker (RabbitMQ)" };

export type ConnectionStatus = "UNKNOWN" | "OK" | "AUTH_FAILED" | "UNREACHABLE";

/** What the last successful Odoo test found. */
export type ConnectionServerInfo = { serverVersion?: string; database?: string; uid?: number; userName?: string; httpStatus?: number; /** "RabbitMQ 3.12.1", "MQTT 5 broker" */ broker?: string };

export type ConnectionView = {
  id: string;
  environmentId: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  hasSecret: boolean;
  /** "•••• set 3 days ago", or null when no secret is set. */
  secretHint: string | null;
  status: ConnectionStatus;
  statusMessage: string | null;
  /** ISO 8601 */
  checkedAt: string | null;
  serverInfo: ConnectionServerInfo | null;
  /** Flows whose released version in this environment names the connection (rename and delete are refused). */
  usedBy: string[];
  /** The circuit breaker, when it is not simply closed (lib/odoo/guard.server.ts). */
  circuit: ConnectionCircuitView | null;
};

export type ConnectionCircuitView = {
  state: "OPEN" | "HALF_OPEN" | "CLOSED";
  failures: number;
  /** ISO 8601: when the next probe call may go through. */
  probeAt: string | null;
  lastError: string | null;
};

export type ConnectionTestResult = {
  status: ConnectionStatus;
  message: string;
  serverInfo: ConnectionServerInfo | null;
  /** ISO 8601 */
  checkedAt: string;
};

const NAME = /^[A-Za-z0-9_-]+$/;

export const ZConnectionName = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(100, "Use at most 100 characters")
  .regex(NAME, "Use letters, digits, - and _ only (flows refer to the connection by this name)");

const ZSecretInput = z.record(z.string(), z.string().max(8000)).nullable();

// The name is checked with the kind's settings (connections.server.ts), so every field error shows at once.
const ZNameInput = z.string({ error: "Name is required" }).max(1000);

export const ZCreateConnection = z.object({
  environmentId: z.uuid("Choose an environment"),
  name: ZNameInput,
  kind: z.enum(CONNECTION_KINDS, "Choose a kind"),
  config: z.record(z.string(), z.unknown()),
  /** The secret fields; null or absent = no secret. */
  secret: ZSecretInput.optional(),
});
export type TCreateConnection = z.output<typeof ZCreateConnection>;

export const ZUpdateConnection = z.object({
  connectionId: z.uuid("Choose a connection"),
  name: ZNameInput,
  config: z.record(z.string(), z.unknown()),
  /** A new secret replaces the stored one; absent keeps it (the stored secret is never sent back). */
  secret: ZSecretInput.optional(),
  /** Explicitly remove the stored secret. */
  clearSecret: z.boolean().optional(),
});
export type TUpdateConnection = z.output<typeof ZUpdateConnection>;

export const ZConnectionId = z.object({ connectionId: z.uuid("Choose a connection") });
export type TConnectionId = z.output<typeof ZConnectionId>;
