// The shop-floor demo: machines publish their state on MQTT (plant/<asset>/state, JSON
// { asset, state, reason, at }); the flow "Machine down > 5 min -> maintenance request" keeps, per
// asset, how long it has been DOWN (durably, in Postgres) and asks Odoo for one corrective
// maintenance request when a machine stays down for more than 5 minutes. Short stops start nothing;
// the recovery is a second, closing event. scripts/simulate-machines.ts plays machine states; its
// --fast mode publishes on plant-fast/... for the twin flow with a 20-second threshold.
// Seeded into dev with an MQTT connection "plant-mqtt" to the local broker; idempotent.
import type { Db } from "../lib/db/client.ts";
import type { TFlowDefinition } from "../lib/flows/definition.ts";
import { DEMO_CONNECTIONS, seedReleasedFlow } from "./seed.ts";

export const MACHINE_MQTT_CONNECTION = { name: "plant-mqtt", kind: "mqtt", config: { url: "mqtt://127.0.0.1:1883", clientIdPrefix: "millwright" } };
export const MACHINE_TOPIC_PREFIX = { normal: "plant", fast: "plant-fast" } as const;

/** The demo flow for a topic prefix and a threshold (ISO 8601). */
export function machineDownDefinition(topicPrefix: string, threshold: string, thresholdText: string): TFlowDefinition {
  const since = "2026-11-23T06:12:00.000Z";
  return {
    schemaVersion: 1,
    nodes: [
      {
        id: "state", kind: "mqtt-trigger", kindVersion: 1, label: "Machine state", position: { x: 0, y: 0 },
        config: {
          connection: MACHINE_MQTT_CONNECTION.name, topic: `${topicPrefix}/+/state`, qos: 1, payloadFormat: "json",
          conditioning: { key: "asset", window: { mode: "state", statePath: "state", value: "DOWN", minDuration: threshold } },
        },
        sample: {
          topic: `${topicPrefix}/PUMP-07/state`, qos: 1, retain: false, receivedAt: since,
          payload: { asset: "PUMP-07", state: "DOWN", reason: "Motor overload", at: since },
          event: { type: "started", key: "PUMP-07", since, heldMs: 300_000 },
        },
      },
      {
        id: "down", kind: "branch", kindVersion: 1, label: "Down, or recovered?", position: { x: 300, y: 0 },
        config: { mode: "if", condition: 'input.event.type === "started"' },
      },
      {
        id: "request", kind: "call-odoo", kindVersion: 1, label: "Create maintenance request", position: { x: 600, y: -80 },
        config: {
          operation: "create", connection: "odoo-main", model: "maintenance.request",
          values: {
            name: `{{ input.payload.asset }} down for more than ${thresholdText}`,
            maintenance_type: "corrective",
            priority: "3",
            description: "{{ input.payload.asset }} has been {{ input.payload.state }} since {{ input.event.since }} ({{ input.payload.reason || 'no reason given' }}). Reported by Millwright from the machine's MQTT state.",
          },
        },
      },
      {
        id: "requested", kind: "end", kindVersion: 1, label: "Requested", position: { x: 900, y: -80 },
        config: { outcome: "success", response: { status: 200, body: { type: "json", json: { ok: true } }, headers: {} } },
      },
      {
        id: "recovered", kind: "end", kindVersion: 1, label: "Back up", position: { x: 600, y: 120 },
        config: { outcome: "success", response: { status: 200, body: { type: "json", json: { ok: true } }, headers: {} } },
      },
    ],
    edges: [
      { id: "e1", source: "state", sourcePort: "out", target: "down", targetPort: "in" },
      { id: "e2", source: "down", sourcePort: "true", target: "request", targetPort: "in" },
      { id: "e3", source: "request", sourcePort: "out", target: "requested", targetPort: "in" },
      { id: "e4", source: "down", sourcePort: "false", target: "recovered", targetPort: "in" },
    ],
    notes: [
      {
        id: "note1", position: { x: 0, y: 180 }, size: { width: 340, height: 120 }, color: "yellow",
        text: `Machines publish their state every few seconds. The trigger keeps per asset how long it has been DOWN, in the database: after ${thresholdText} one "started" event, when it runs again one "recovered" event (with the duration). Shorter stops start nothing.`,
      },
    ],
    settings: {},
  };
}

export async function seedMachineDemo(db: Db): Promise<void> {
  const dev = await db.environment.findUniqueOrThrow({ where: { key: "dev" } });
  const { name, kind, config } = MACHINE_MQTT_CONNECTION;
  await db.connection.upsert({ where: { environmentId_name: { environmentId: dev.id, name } }, update: {}, create: { environmentId: dev.id, name, kind, config } });
  const connectionNames = [...DEMO_CONNECTIONS.map((c) => c.name), name];
  await seedReleasedFlow(db, {
    slug: "machine-down-maintenance",
    name: "Machine down > 5 min -> maintenance request",
    description: "One corrective maintenance request in Odoo when a machine reports DOWN on MQTT for more than 5 minutes.",
    definition: machineDownDefinition(MACHINE_TOPIC_PREFIX.normal, "PT5M", "5 minutes"),
    connectionNames,
  });
  await seedReleasedFlow(db, {
    slug: "machine-down-maintenance-fast",
    name: "Machine down > 20 s -> maintenance request (fast demo)",
    description: "The same flow with a 20-second threshold on plant-fast/+/state, for `node scripts/simulate-machines.ts --fast`.",
    definition: machineDownDefinition(MACHINE_TOPIC_PREFIX.fast, "PT20S", "20 seconds"),
    connectionNames,
  });
}
