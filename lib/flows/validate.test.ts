// validateFlow, rule by rule, with the exact issues (code, location, sentence) the editor's problems
// panel, publish and import show. Then a realistic flow that validates clean (golden file), the
// kindVersion upgrade path, and newNode / port helpers.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineNode } from "../../nodes/define.ts";
import { NODE_DEFINITIONS, NODE_KINDS, getNodeDefinition, type NodeKind } from "../../nodes/registry.ts";
import type { AnyNodeDefinition } from "../../nodes/types.ts";
import type { FlowIssue } from "./definition.ts";
import { ISSUE_CODES, inputPorts, newNode, outputPorts, validateFlow } from "./validate.ts";

type Json = Record<string, unknown>;

function config(kind: NodeKind, overrides: Json = {}): Json {
  return { ...(NODE_DEFINITIONS[kind].config.parse(NODE_DEFINITIONS[kind].defaults()) as Json), ...overrides };
}
function node(id: string, kind: string, overrides: Json = {}, extra: Json = {}): Json {
  const known = getNodeDefinition(kind) ? config(kind as NodeKind, overrides) : overrides;
  return { id, kind, kindVersion: 1, position: { x: 0, y: 0 }, config: known, ...extra };
}
function edge(id: string, source: string, target: string, sourcePort = "out", targetPort = "in"): Json {
  return { id, source, sourcePort, target, targetPort };
}
function flow(nodes: Json[], edges: Json[] = [], extra: Json = {}): Json {
  return { schemaVersion: 1, nodes, edges, ...extra };
}
/** Webhook n1 -> map n2: a valid flow to break one rule at a time. */
const trigger = () => node("n1", "webhook-trigger");
const map = (id = "n2") => node(id, "map");

const CONNECTIONS = new Set(["odoo-main", "broker"]);

function check(definition: unknown, connectionNames: ReadonlySet<string> | null = CONNECTIONS): FlowIssue[] {
  return validateFlow(definition, { connectionNames }).issues;
}

describe("validateFlow: the shape of the definition", () => {
  it.each<[string, unknown, FlowIssue[]]>([
    ["not an object", "hello", [{ severity: "error", code: "invalid-definition", message: "The flow definition must be an object", path: [] }]],
    ["a newer schema", { ...flow([]), schemaVersion: 2 }, [{ severity: "error", code: "invalid-definition", message: "Schema version must be 1", path: ["schemaVersion"] }]],
    [
      "a node without position",
      flow([{ id: "n1", kind: "map", kindVersion: 1, config: {} }]),
      [{ severity: "error", code: "invalid-definition", message: 'Step 1 "n1": position is required', path: ["nodes", 0, "position"], nodeId: "n1" }],
    ],
    [
      "a node position that is not a number",
      flow([{ id: "n1", kind: "map", kindVersion: 1, position: { x: "left", y: 0 }, config: {} }]),
      [{ severity: "error", code: "invalid-definition", message: 'Step 1 "n1": position x must be a number', path: ["nodes", 0, "position", "x"], nodeId: "n1" }],
    ],
    [
      "a node id with spaces",
      flow([{ id: "my step", kind: "map", kindVersion: 1, position: { x: 0, y: 0 }, config: {} }]),
      [{ severity: "error", code: "invalid-definition", message: 'Step 1 "my step": id: Use 1-64 letters, digits, - or _', path: ["nodes", 0, "id"], nodeId: "my step" }],
    ],
    [
      "an edge without target",
      flow([trigger()], [{ id: "e1", source: "n1" }]),
      [{ severity: "error", code: "invalid-definition", message: 'Connection 1 "e1": target is required', path: ["edges", 0, "target"], edgeId: "e1" }],
    ],
    ["edges missing", { schemaVersion: 1, nodes: [] }, [{ severity: "error", code: "invalid-definition", message: "Edges is required", path: ["edges"] }]],
  ])("%s", (_name, definition, expected) => {
    expect(check(definition)).toEqual(expected);
    expect(validateFlow(definition).definition).toBeNull();
  });
});

describe("validateFlow: kinds and configs", () => {
  it.each<[string, Json, FlowIssue[]]>([
    [
      "an unknown kind",
      flow([trigger(), node("n2", "teleport")], [edge("e1", "n1", "n2")]),
      [{ severity: "error", code: "unknown-kind", message: '"n2" is of an unknown type "teleport"; remove it or replace it with a known step', nodeId: "n2" }],
    ],
    [
      "a kind version newer than this Millwright",
      flow([trigger(), { ...map(), kindVersion: 3 }], [edge("e1", "n1", "n2")]),
      [{ severity: "error", code: "kind-version-newer", message: '"Map" was made with a newer Millwright (Map version 3; this one knows up to 1)', nodeId: "n2" }],
    ],
    [
      "an empty script",
      flow([trigger(), node("n2", "map", { script: "" }, { label: "Map parts" })], [edge("e1", "n1", "n2")]),
      [{ severity: "error", code: "config-invalid", message: "Script is required", nodeId: "n2", path: ["script"] }],
    ],
    [
      "a number field holding text",
      flow([node("n1", "webhook-trigger", { maxBodyBytes: "big" }), map()], [edge("e1", "n1", "n2")]),
      [{ severity: "error", code: "config-invalid", message: "Maximum body size (bytes) must be a number", nodeId: "n1", path: ["maxBodyBytes"] }],
    ],
    [
      "an option that does not exist (listed by its label)",
      flow([node("n1", "webhook-trigger", { auth: "basic" }), map()], [edge("e1", "n1", "n2")]),
      [
        {
          severity: "error",
          code: "config-invalid",
          message: "Authentication must be one of: HMAC signature (recommended), Bearer token, None (trusted networks only)",
          nodeId: "n1",
          path: ["auth"],
        },
      ],
    ],
    [
      "a missing field in a table row",
      flow([trigger(), node("n2", "lookup-table", { rows: [{ from: "PUMP-01" }] })], [edge("e1", "n1", "n2")]),
      [{ severity: "error", code: "config-invalid", message: "Table, row 1: To is required", nodeId: "n2", path: ["rows", 0, "to"] }],
    ],
    [
      "a branch without mode",
      flow([trigger(), node("n2", "branch", {}, { config: { condition: "x" } })], [edge("e1", "n1", "n2")]),
      [{ severity: "error", code: "config-invalid", message: "Branch on: choose If / else or Switch", nodeId: "n2", path: ["mode"] }],
    ],
    [
      "an Odoo call with an unknown operation",
      flow([trigger(), node("n2", "call-odoo", { operation: "delete_all" })], [edge("e1", "n1", "n2")]),
      [
        {
          severity: "error",
          code: "config-invalid",
          message: 'Operation: choose Search and read, Search ids, Read, Create, Update, Delete, Create or update, Find by name, Count or Call a method ("delete_all" is not one of them)',
          nodeId: "n2",
          path: ["operation"],
        },
      ],
    ],
    [
      "an empty lookup table (a warning only)",
      flow([trigger(), node("n2", "lookup-table")], [edge("e1", "n1", "n2")]),
      [{ severity: "warning", code: "config-warning", message: "The table has no rows yet, so every lookup will miss", nodeId: "n2", path: ["rows"] }],
    ],
  ])("%s", (_name, definition, expected) => {
    expect(check(definition)).toEqual(expected);
  });
});

describe("validateFlow: graph rules", () => {
  it.each<[string, Json, FlowIssue[]]>([
    ["an empty flow", flow([]), [{ severity: "error", code: "no-trigger", message: "Add a trigger (webhook, schedule, manual, Odoo or MQTT) to start the flow" }]],
    ["steps without a trigger", flow([map()]), [{ severity: "error", code: "no-trigger", message: "Add a trigger (webhook, schedule, manual, Odoo or MQTT) to start the flow" }]],
    [
      "two triggers",
      flow([trigger(), map(), node("n3", "schedule-trigger")], [edge("e1", "n1", "n2"), edge("e2", "n3", "n2")]),
      [{ severity: "error", code: "extra-trigger", message: 'A flow starts from exactly one trigger; "Schedule" is a second one. Remove it or make it a separate flow', nodeId: "n3" }],
    ],
    [
      "a trigger connected to nothing",
      flow([trigger()]),
      [{ severity: "error", code: "port-unconnected", message: 'Connect the trigger "Webhook" to the first step', nodeId: "n1" }],
    ],
    [
      "two steps with one id",
      flow([trigger(), map(), map()], [edge("e1", "n1", "n2")]),
      [{ severity: "error", code: "duplicate-node-id", message: 'Two steps have the id "n2"; ids must be unique', nodeId: "n2", path: ["nodes", 2, "id"] }],
    ],
    [
      "two connections with one id",
      flow([trigger(), map(), map("n3")], [edge("e1", "n1", "n2"), edge("e1", "n2", "n3")]),
      [{ severity: "error", code: "duplicate-edge-id", message: 'Two connections have the id "e1"; ids must be unique', edgeId: "e1", path: ["edges", 1, "id"] }],
    ],
    [
      "a sticky note sharing a step's id",
      flow([trigger(), map()], [edge("e1", "n1", "n2")], { notes: [{ id: "n2", position: { x: 0, y: 0 }, size: { width: 200, height: 100 }, text: "hi" }] }),
      [{ severity: "error", code: "duplicate-note-id", message: 'A sticky note has the id "n2", which is already taken', path: ["notes", 0, "id"] }],
    ],
    [
      "a connection from a step that does not exist",
      flow([trigger(), map()], [edge("e1", "n1", "n2"), edge("e2", "n9", "n2")]),
      [{ severity: "error", code: "edge-unknown-source", message: 'A connection starts at step "n9", which does not exist', edgeId: "e2", path: ["edges", 1, "source"] }],
    ],
    [
      "a connection to a step that does not exist",
      flow([trigger(), map()], [edge("e1", "n1", "n2"), edge("e2", "n2", "n9")]),
      [{ severity: "error", code: "edge-unknown-target", message: 'A connection ends at step "n9", which does not exist', edgeId: "e2", path: ["edges", 1, "target"] }],
    ],
    [
      "a connection from an output the step does not have",
      flow([trigger(), node("n2", "branch"), map("n3"), map("n4")], [edge("e1", "n1", "n2"), edge("e2", "n2", "n3", "true"), edge("e3", "n2", "n4", "maybe")]),
      [
        {
          severity: "error",
          code: "edge-unknown-source-port",
          message: '"Branch" has no output "maybe" (its outputs are "True", "False"); reconnect or delete this connection',
          edgeId: "e3",
          nodeId: "n2",
        },
      ],
    ],
    [
      "a connection from an end step",
      flow([trigger(), node("n2", "end"), map("n3")], [edge("e1", "n1", "n2"), edge("e2", "n2", "n3")]),
      [{ severity: "error", code: "edge-unknown-source-port", message: '"End" has no output "out" (it has no outputs); reconnect or delete this connection', edgeId: "e2", nodeId: "n2" }],
    ],
    [
      "a connection into an input the step does not have",
      flow([trigger(), map()], [edge("e1", "n1", "n2", "out", "left")]),
      [{ severity: "error", code: "edge-unknown-target-port", message: '"Map" has no input "left"; reconnect or delete this connection', edgeId: "e1", nodeId: "n2" }],
    ],
    [
      "a connection into the trigger",
      flow([trigger(), map()], [edge("e1", "n1", "n2"), edge("e2", "n2", "n1")]),
      [{ severity: "error", code: "edge-into-trigger", message: 'Nothing can connect into the trigger "Webhook"; a trigger only starts the flow', edgeId: "e2", nodeId: "n1" }],
    ],
    [
      "the same output connected to the same step twice",
      flow([trigger(), map()], [edge("e1", "n1", "n2"), edge("e2", "n1", "n2")]),
      [{ severity: "warning", code: "edge-duplicate", message: '"Webhook" is connected to "Map" twice from the same output; delete one connection', edgeId: "e2", nodeId: "n1" }],
    ],
    [
      "steps the trigger cannot reach",
      flow([trigger(), map(), map("n3"), map("n4")], [edge("e1", "n1", "n2"), edge("e2", "n3", "n4")]),
      [
        { severity: "error", code: "unreachable", message: '"Map" is not connected to the trigger, so it would never run', nodeId: "n3" },
        { severity: "error", code: "unreachable", message: '"Map" is not connected to the trigger, so it would never run', nodeId: "n4" },
      ],
    ],
    [
      "a required output left open",
      flow([trigger(), node("n2", "lookup-table", { rows: [{ from: "a", to: "b" }], onMissing: "route" }, { label: "Asset to equipment" })], [edge("e1", "n1", "n2")]),
      [{ severity: "error", code: "port-unconnected", message: 'Connect the "Missing" output of "Asset to equipment"', nodeId: "n2" }],
    ],
    [
      "a loop",
      flow(
        [trigger(), node("n2", "map", {}, { label: "A" }), node("n3", "map", {}, { label: "B" }), node("n4", "map", {}, { label: "C" })],
        [edge("e1", "n1", "n2"), edge("e2", "n2", "n3"), edge("e3", "n3", "n4"), edge("e4", "n4", "n2")],
      ),
      ["n2", "n3", "n4"].map((nodeId) => ({
        severity: "error" as const,
        code: "cycle",
        message: '"A", "B" and "C" form a loop; a flow cannot go back to an earlier step',
        nodeId,
      })),
    ],
    [
      "a step connected to itself",
      flow([trigger(), map()], [edge("e1", "n1", "n2"), edge("e2", "n2", "n2")]),
      [{ severity: "error", code: "cycle", message: '"Map" is connected to itself; a flow cannot go back to an earlier step', nodeId: "n2" }],
    ],
    [
      "a connection that exists in no environment",
      flow([trigger(), node("n2", "call-odoo", { connection: "odoo-us" })], [edge("e1", "n1", "n2")]),
      [
        {
          severity: "error",
          code: "connection-missing",
          message: 'Connection "odoo-us" does not exist in any environment; choose another or ask an administrator to create it',
          nodeId: "n2",
          path: ["connection"],
        },
      ],
    ],
    [
      "an approval's record connection that exists in no environment",
      flow(
        [trigger(), node("n2", "approve", { record: { connection: "odoo-us", model: "purchase.order", idTemplate: "{{ input.id }}" } }), map("n3")],
        [edge("e1", "n1", "n2"), edge("e2", "n2", "n3", "approved")],
      ),
      [
        {
          severity: "error",
          code: "connection-missing",
          message: 'Connection "odoo-us" does not exist in any environment; choose another or ask an administrator to create it',
          nodeId: "n2",
          path: ["record", "connection"],
        },
      ],
    ],
  ])("%s", (_name, definition, expected) => {
    expect(check(definition)).toEqual(expected);
  });

  it("skips the connection check when the names are not known", () => {
    const definition = flow([trigger(), node("n2", "call-odoo", { connection: "odoo-us" })], [edge("e1", "n1", "n2")]);
    expect(check(definition, null)).toEqual([]);
    expect(validateFlow(definition).issues).toEqual([]);
  });
});

describe("validateFlow: warnings never block", () => {
  it.each<[string, Json, FlowIssue[]]>([
    [
      "an approval nobody acts on",
      flow([trigger(), node("n2", "approve"), map("n3")], [edge("e1", "n1", "n2"), edge("e2", "n2", "n3", "rejected")]),
      [{ severity: "warning", code: "approve-approved-unconnected", message: 'Nothing happens after "Approve" is approved; connect its "Approved" output', nodeId: "n2" }],
    ],
    [
      "a branch leading nowhere",
      flow([trigger(), node("n2", "branch")], [edge("e1", "n1", "n2")]),
      [{ severity: "warning", code: "branch-dead-end", message: 'Nothing is connected to the outputs of "Branch"', nodeId: "n2" }],
    ],
    [
      "a webhook waiting for an End step that cannot be reached",
      flow([node("n1", "webhook-trigger", { responseMode: "wait" }), map()], [edge("e1", "n1", "n2")]),
      [
        {
          severity: "warning",
          code: "webhook-wait-no-end",
          message: '"Webhook" waits for an End step to answer the caller, but no End step can be reached; callers will get 202 after the wait',
          nodeId: "n1",
          path: ["responseMode"],
        },
      ],
    ],
  ])("%s", (_name, definition, expected) => {
    const result = validateFlow(definition, { connectionNames: CONNECTIONS });
    expect(result.issues).toEqual(expected);
    expect(result.definition).not.toBeNull();
  });

  it("a path without an End step is fine, and so is a waiting webhook that reaches one", () => {
    expect(check(flow([trigger(), map()], [edge("e1", "n1", "n2")]))).toEqual([]);
    const waits = flow([node("n1", "webhook-trigger", { responseMode: "wait" }), map(), node("n3", "end")], [edge("e1", "n1", "n2"), edge("e2", "n2", "n3")]);
    expect(check(waits)).toEqual([]);
  });
});

it("every code it emits is declared with its severity", () => {
  const broken = flow(
    [trigger(), node("n1", "teleport"), node("n3", "branch"), map("n4"), node("n5", "approve"), node("n6", "schedule-trigger"), node("n7", "map", { script: "" })],
    [edge("e1", "n1", "n3"), edge("e1", "n9", "n3"), edge("e3", "n3", "n4", "maybe"), edge("e4", "n4", "n4"), edge("e5", "n4", "n1")],
  );
  for (const item of check(broken)) expect(ISSUE_CODES[item.code as keyof typeof ISSUE_CODES]).toBe(item.severity);
});

describe("a realistic flow: webhook -> map -> branch -> (call Odoo | approve)", () => {
  const realistic = {
    schemaVersion: 1,
    nodes: [
      {
        id: "n1",
        kind: "webhook-trigger",
        kindVersion: 1,
        label: "CMMS work order released",
        position: { x: 0, y: 80 },
        config: { auth: "hmac", idempotency: { source: "payload", path: "workOrder.id", required: true }, businessKeyPath: "workOrder.number" },
        sample: { workOrder: { id: "WO-1001", number: "1001", asset: "PUMP-07", parts: [{ sku: "BRG-6204", qty: 2, unitPrice: 12.5 }] } },
      },
      {
        id: "n2",
        kind: "map",
        kindVersion: 1,
        label: "Parts and total",
        position: { x: 280, y: 80 },
        config: {
          script: "const parts = input.body.workOrder.parts;\nreturn { ...input.body.workOrder, total: parts.reduce((sum, p) => sum + p.qty * p.unitPrice, 0) };",
          returns: "{ id, number, asset, parts, total }",
        },
      },
      { id: "n3", kind: "branch", kindVersion: 1, label: "Above 500 EUR?", position: { x: 560, y: 80 }, config: { mode: "if", condition: "input.total > 500" } },
      {
        id: "n4",
        kind: "call-odoo",
        kindVersion: 1,
        label: "Reserve parts",
        position: { x: 840, y: 0 },
        config: {
          operation: "upsert",
          connection: "odoo-main",
          model: "stock.picking",
          key: { by: "field", field: "origin" },
          values: { origin: "{{ input.number }}", picking_type_id: 7, move_ids: "{{ input.moves }}" },
          context: { lang: "en_US", companyIds: [1] },
        },
      },
      {
        id: "n5",
        kind: "approve",
        kindVersion: 1,
        label: "Plant manager approves",
        position: { x: 840, y: 180 },
        config: {
          title: "Parts for {{ input.number }}: {{ input.total }} EUR",
          assignees: { groups: ["Plant managers"] },
          due: { after: "PT4H", onExpiry: "escalate", escalateToGroup: "Purchasing" },
          record: { connection: "odoo-main", model: "maintenance.request", idTemplate: "{{ input.requestId }}" },
        },
      },
      { id: "n6", kind: "call-odoo", kindVersion: 1, label: "Reserve approved parts", position: { x: 1120, y: 180 }, config: { operation: "call", connection: "odoo-main", model: "stock.picking", method: "action_assign", args: [["{{ input.pickingId }}"]] } },
    ],
    edges: [
      { id: "e1", source: "n1", sourcePort: "out", target: "n2", targetPort: "in" },
      { id: "e2", source: "n2", sourcePort: "out", target: "n3", targetPort: "in" },
      { id: "e3", source: "n3", sourcePort: "false", target: "n4", targetPort: "in" },
      { id: "e4", source: "n3", sourcePort: "true", target: "n5", targetPort: "in" },
      { id: "e5", source: "n5", sourcePort: "approved", target: "n6" },
    ],
    notes: [{ id: "note-1", position: { x: 560, y: -80 }, size: { width: 240, height: 80 }, text: "Above 500 EUR needs the plant manager", color: "yellow" }],
  };

  it("validates clean and comes back with every default filled in (golden file)", async () => {
    const result = validateFlow(realistic, { connectionNames: new Set(["odoo-main"]) });
    expect(result.issues).toEqual([]);
    expect(result.definition).not.toBeNull();
    await expect(JSON.stringify(result.definition, null, 2) + "\n").toMatchFileSnapshot("./__golden__/parts-reservation.validated.json");
  });

  it("is stable: validating its own output changes nothing", () => {
    const once = validateFlow(realistic).definition;
    expect(validateFlow(JSON.parse(JSON.stringify(once))).definition).toEqual(once);
  });

  it("validates a 500-step flow without errors", () => {
    const nodes = [newNode("webhook-trigger", { x: 0, y: 0 }, [])];
    const edges: Json[] = [];
    const kinds: NodeKind[] = ["map", "call-odoo", "http-request", "delay", "approve"];
    for (let i = 1; i < 500; i++) {
      const next = newNode(kinds[i % kinds.length] as NodeKind, { x: i * 280, y: 0 }, nodes.map((n) => n.id));
      const previous = nodes[i - 1] as (typeof nodes)[number];
      edges.push({ id: `e${i}`, source: previous.id, sourcePort: previous.kind === "approve" ? "approved" : "out", target: next.id, targetPort: "in" });
      nodes.push(next);
    }
    const result = validateFlow({ schemaVersion: 1, nodes, edges }, { connectionNames: new Set(["odoo"]) });
    expect(result.issues.filter((item) => item.severity === "error")).toEqual([]);
  });
});

describe("kindVersion upgrades", () => {
  // A kind at version 2 whose version 1 stored { seconds }: the validator upgrades old configs.
  const pause = defineNode({
    kind: "pause",
    kindVersion: 2,
    label: "Pause",
    category: "flow",
    icon: "timer",
    description: "Test kind",
    trigger: false,
    config: z.object({ duration: z.string().min(1).meta({ title: "Duration" }) }),
    output: z.unknown(),
    defaults: () => ({ duration: "PT5M" }),
    inputs: [{ id: "in", label: "Input" }],
    outputs: () => [{ id: "out", label: "Then" }],
    migrate: (old, fromVersion) => {
      if (fromVersion !== 1) throw new Error(`no upgrade from version ${fromVersion}`);
      const seconds = (old as { seconds?: unknown }).seconds;
      return typeof seconds === "number" ? { duration: `PT${seconds}S` } : old;
    },
  });
  const getDefinition = (kind: string) => (kind === "pause" ? (pause as AnyNodeDefinition) : getNodeDefinition(kind));
  const withPause = (kindVersion: number, pauseConfig: Json) =>
    flow([trigger(), { id: "n2", kind: "pause", kindVersion, position: { x: 0, y: 0 }, config: pauseConfig }], [edge("e1", "n1", "n2")]);

  it("runs migrate on an older config and returns the node at the current version", () => {
    const result = validateFlow(withPause(1, { seconds: 90 }), { getDefinition });
    expect(result.issues).toEqual([]);
    expect(result.definition?.nodes[1]).toMatchObject({ kindVersion: 2, config: { duration: "PT90S" } });
  });

  it("checks the upgraded config like any other", () => {
    const result = validateFlow(withPause(1, {}), { getDefinition });
    expect(result.issues).toEqual([{ severity: "error", code: "config-invalid", message: "Duration is required", nodeId: "n2", path: ["duration"] }]);
  });

  it("reports an upgrade that fails, with its reason", () => {
    const failing = { ...pause, migrate: () => { throw new Error("seconds must be a number"); } } as AnyNodeDefinition;
    expect(validateFlow(withPause(1, {}), { getDefinition: (kind) => (kind === "pause" ? failing : getNodeDefinition(kind)) }).issues).toEqual([
      { severity: "error", code: "kind-version-unsupported", message: '"Pause" uses an old Pause (version 1) that cannot be upgraded: seconds must be a number', nodeId: "n2" },
    ]);
  });

  it("reports a version the kind cannot upgrade from", () => {
    const withoutMigrate = { ...pause, migrate: undefined } as AnyNodeDefinition;
    expect(validateFlow(withPause(1, { seconds: 5 }), { getDefinition: (kind) => (kind === "pause" ? withoutMigrate : getNodeDefinition(kind)) }).issues).toEqual([
      { severity: "error", code: "kind-version-unsupported", message: '"Pause" uses an old Pause (version 1) that cannot be upgraded: this step type has no upgrade for it', nodeId: "n2" },
    ]);
  });
});

describe("newNode", () => {
  it("takes the first free short id, the current version, parsed defaults and the kind's label", () => {
    const node = newNode("branch", { x: 10, y: 20 }, ["n1", "n2", "n4"]);
    expect(node).toEqual({
      id: "n3",
      kind: "branch",
      kindVersion: 1,
      label: "Branch",
      position: { x: 10, y: 20 },
      config: { mode: "if", condition: "input.amount > 1000" },
    });
    expect(newNode("map", { x: 0, y: 0 }, new Set<string>()).id).toBe("n1");
  });

  it.each(NODE_KINDS)("makes a %s whose config validates", (kind) => {
    const created = newNode(kind, { x: 0, y: 0 }, []);
    expect(NODE_DEFINITIONS[kind].config.safeParse(created.config).success).toBe(true);
  });
});

describe("ports for the canvas", () => {
  it("come from the same definitions the validator uses", () => {
    expect(inputPorts({ kind: "webhook-trigger" })).toEqual([]);
    expect(inputPorts({ kind: "map" }).map((port) => port.id)).toEqual(["in"]);
    expect(outputPorts({ kind: "branch", config: { mode: "switch", expression: "x", cases: [{ id: "a", label: "A", value: 1 }] } }).map((port) => port.id)).toEqual(["a", "default"]);
    expect(outputPorts({ kind: "end", config: {} })).toEqual([]);
    expect(outputPorts({ kind: "teleport", config: {} })).toEqual([]);
  });

  it("keep showing the cases of a switch while one of them is invalid", () => {
    const editing = { mode: "switch", expression: "x", cases: [{ id: "a", label: "A", value: 1 }, { id: "b", label: "", value: 2 }] };
    expect(outputPorts({ kind: "branch", config: editing }).map((port) => port.id)).toEqual(["a", "b", "default"]);
  });

  it("are cached per config object, so unchanged nodes cost nothing", () => {
    const configObject = { mode: "if", condition: "x" };
    expect(outputPorts({ kind: "branch", config: configObject })).toBe(outputPorts({ kind: "branch", config: configObject }));
  });
});
