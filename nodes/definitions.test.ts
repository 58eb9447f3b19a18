// What each kind accepts, refuses (with the sentence the analyst reads, at the field it belongs
// to), which ports it shows and which connections it names.
import { describe, expect, it } from "vitest";
import { NODE_DEFINITIONS, type NodeKind } from "./registry.ts";

function parse(kind: NodeKind, config: unknown) {
  return NODE_DEFINITIONS[kind].config.safeParse(config);
}

function problems(kind: NodeKind, config: unknown): [string, string][] {
  const result = parse(kind, config);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
}

function ports(kind: NodeKind, config: unknown): string[] {
  const definition = NODE_DEFINITIONS[kind];
  return definition.outputs(definition.config.parse(config)).map((port) => port.id);
}

const odoo = { connection: "odoo-main", model: "purchase.order" };

describe("configs an analyst can write", () => {
  it.each<[NodeKind, unknown]>([
    ["webhook-trigger", { auth: "bearer", idempotency: { source: "payload", path: "workOrder.id", required: true }, responseMode: "wait", waitTimeoutMs: 10_000 }],
    ["webhook-trigger", { auth: "none", idempotency: { source: "none" }, payloadSchema: { type: "object", required: ["id"] } }],
    ["schedule-trigger", { cron: "*/5 * * * *", timezone: "Europe/Brussels", missedTicks: "run-once", payload: { plant: "GENT" } }],
    ["manual-trigger", { instructions: "Re-send a work order", inputSchema: { type: "object" } }],
    ["odoo-trigger", { ...odoo, domain: [["state", "=", "purchase"]], fields: ["name", "partner_id"], onCreate: false, onWrite: true, pollIntervalSeconds: 10, runPer: "batch" }],
    ["mqtt-trigger", { connection: "broker", topic: "plant/+/alarm", qos: 0, payloadFormat: "text", dedupKeyPath: "msg.id" }],
    ["map", { script: "return { parts: input.parts.map((p) => p.sku) };", timeoutMs: 200 }],
    ["branch", { mode: "if", condition: "input.total > 5000" }],
    ["branch", { mode: "switch", expression: "input.priority", cases: [{ id: "p1", label: "Urgent", value: 1 }, { id: "p2", label: "Normal", value: "1" }] }],
    [
      "approve",
      {
        title: "Approve {{ input.name }}",
        assignees: { groups: ["Purchasing"] },
        quorum: { mode: "count", count: 2 },
        form: [{ key: "costCenter", label: "Cost center", type: "select", options: ["A", "B"], required: true }],
        correctableFields: ["lines[0].qty"],
        due: { after: "PT4H", onExpiry: "escalate", escalateToGroup: "Plant managers" },
        record: { connection: "odoo-main", model: "purchase.order", idTemplate: "{{ input.id }}" },
      },
    ],
    ["approve", { assignees: { expression: "{{ input.manager }}" }, due: { after: 240, onExpiry: "route" } }],
    ["call-odoo", { ...odoo, operation: "search_read", domain: [["state", "=", "draft"]], fields: ["name"], order: "date_order desc, id", limit: 10 }],
    ["call-odoo", { ...odoo, operation: "write", ids: "{{ input.id }}", values: { note: "{{ input.comment }}" } }],
    ["call-odoo", { ...odoo, operation: "upsert", key: { by: "external_id", externalIdTemplate: "cmms.po_{{ input.id }}" }, values: { name: "x" } }],
    ["call-odoo", { ...odoo, operation: "call", method: "button_confirm", args: [["{{ input.id }}"]], kwargs: {}, context: { lang: "fr_BE", tz: "Europe/Brussels", companyIds: [1, 3] } }],
    ["call-odoo", { ...odoo, operation: "name_search", name: "{{ input.vendor }}", limit: 5 }],
    ["http-request", { method: "POST", url: "https://cmms.example.com/api/orders/{{ input.id }}", headers: { Authorization: "{{ secrets.token }}" }, body: { type: "json", json: { id: "{{ input.id }}" } } }],
    ["http-request", { connection: "cmms", url: "/api/assets", query: { plant: "GENT" }, successStatus: ["200-299", "404"] }],
    ["lookup-table", { key: "{{ input.assetId }}", rows: [{ from: "PUMP-01", to: "42" }], valueType: "number", onMissing: "default", defaultValue: "0" }],
    ["delay", { mode: "duration", duration: 90 }],
    ["delay", { mode: "until", until: "2030-03-01T08:00:00+01:00" }],
    ["end", { outcome: "failure", failureMessage: "Unknown asset {{ input.assetId }}", response: { status: 422, body: { type: "text", text: "unknown" } } }],
  ])("%s accepts %j", (kind, config) => {
    expect(problems(kind, config)).toEqual([]);
  });
});

describe("configs refused with a sentence at the right field", () => {
  it.each<[NodeKind, unknown, [string, string][]]>([
    ["webhook-trigger", { idempotency: { source: "payload" } }, [["idempotency.path", "Payload path is required when the key comes from the payload"]]],
    ["webhook-trigger", { signatureHeader: "X Signature" }, [["signatureHeader", "Signature header must be a header name such as X-Millwright-Signature (letters, digits and - only)"]]],
    ["webhook-trigger", { payloadSchema: { type: "thing" } }, [["payloadSchema.type", 'Payload schema: "type" must be one of object, array, string, number, integer, boolean, null']]],
    ["schedule-trigger", { cron: "0 7 * *" }, [["cron", "A cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; this one has 4"]]],
    ["schedule-trigger", { timezone: "CET+1" }, [["timezone", "Use an IANA time zone such as Europe/Brussels, America/Chicago or UTC"]]],
    ["odoo-trigger", { ...odoo, onCreate: false, onWrite: false }, [["onCreate", "Choose when to start: on new records, on changed records, or both"]]],
    ["odoo-trigger", { ...odoo, fields: ["name", "name"] }, [["fields.1", 'Field "name" is listed twice']]],
    ["odoo-trigger", { connection: "", model: "purchase.order" }, [["connection", "Choose a connection"]]],
    ["mqtt-trigger", { connection: "broker", topic: "plant/#/x" }, [["topic", '"#" matches everything below a level, so it must be the last level on its own, e.g. plant/#']]],
    ["map", { script: "   " }, [["script", "Script is required"]]],
    ["branch", { mode: "if", condition: "" }, [["condition", "Condition is required"]]],
    ["branch", { mode: "switch", expression: "x", cases: [] }, [["cases", "Add at least one case"]]],
    [
      "branch",
      { mode: "switch", expression: "x", cases: [{ id: "a", label: "A", value: "x" }, { id: "a", label: "B", value: "x" }] },
      [
        ["cases.1.id", 'Case 2 repeats the output id "a" of case 1'],
        ["cases.1.value", 'Case 2 repeats the value "x" of case 1'],
      ],
    ],
    ["branch", { mode: "switch", expression: "x", cases: [{ id: "default", label: "D", value: 1 }] }, [["cases.0.id", '"default" is the output for unmatched values; pick another case id']]],
    ["approve", { assignees: {} }, [["assignees.users", "Choose who decides: at least one user, role, group or an address from the data"]]],
    ["approve", { assignees: { users: ["ana"] } }, [["assignees.users.0", "Users are e-mail addresses"]]],
    ["approve", { assignees: { roles: ["APPROVER"] }, due: { after: "PT2H", onExpiry: "escalate" } }, [["due.escalateToGroup", "Choose the group to escalate to"]]],
    ["approve", { assignees: { roles: ["APPROVER"] }, due: { after: "soon" } }, [["due.after", 'Due after: "soon" is not an ISO 8601 duration; examples: PT15M (15 minutes), PT4H, P1DT12H, P2W']]],
    ["approve", { assignees: { roles: ["APPROVER"] }, form: [{ key: "a", label: "Choice", type: "select" }] }, [["form.0.options", '"Choice" is a choice: add its options']]],
    [
      "approve",
      { assignees: { roles: ["APPROVER"] }, form: [{ key: "a", label: "A" }, { key: "a", label: "B" }] },
      [["form.1.key", 'Form field key "a" is used twice']],
    ],
    ["approve", { assignees: { roles: ["APPROVER"] }, record: { model: "purchase.order" } }, [["record.connection", "Choose the Odoo connection of the record"], ["record.idTemplate", "Enter the record id"]]],
    ["approve", { title: "Approve {{ input.name", assignees: { roles: ["APPROVER"] } }, [["title", 'Task title: A "{{" placeholder is not closed with "}}"']]],
    ["call-odoo", { ...odoo, operation: "search_read", model: "Purchase Order" }, [["model", "Use the technical model name, e.g. sale.order or maintenance.request"]]],
    ["call-odoo", { ...odoo, operation: "search_read", order: "name ascending" }, [["order", 'Sort order looks like "date_deadline asc, id desc"']]],
    ["call-odoo", { ...odoo, operation: "write", ids: "", values: {} }, [["ids", "Record ids are required"], ["values", "Values: set at least one field"]]],
    ["call-odoo", { ...odoo, operation: "call", method: "_compute_amount" }, [["method", "Odoo does not allow calling private methods (starting with _) over RPC"]]],
    ["call-odoo", { ...odoo, operation: "upsert", key: { by: "field", field: "ref" }, values: { name: "x" } }, [["values", 'Values must set the key field "ref", which finds the record']]],
    ["call-odoo", { ...odoo, operation: "upsert", key: { by: "external_id" }, values: { name: "x" } }, [["key.externalIdTemplate", "Enter the external id, e.g. cmms.asset_{{ input.assetId }}"]]],
    ["http-request", { url: "cmms.local/api" }, [["url", "Enter a full URL (https://...) or choose a connection that provides the base URL"]]],
    ["http-request", { url: "https://bob:secret@cmms.local/api" }, [["url", "Do not put a user name and password in the URL; use a connection (flows must not contain secrets)"]]],
    ["http-request", { url: "https://cmms.local", headers: { Authorization: "Bearer abc123" } }, [["headers.Authorization", 'Header "Authorization" holds a secret: put credentials in a connection (flows must not contain secrets)']]],
    ["http-request", { url: "https://cmms.local", successStatus: ["2xx", "700"] }, [["successStatus.1", 'Success statuses: "700": HTTP statuses are between 100 and 599']]],
    [
      "lookup-table",
      { rows: [{ from: "A", to: "1" }, { from: "a", to: "x" }], caseInsensitive: true, valueType: "number" },
      [
        ["rows.1.from", '"a" is already in row 1'],
        ["rows.1.to", 'Row 2: "x" is not a number'],
      ],
    ],
    ["lookup-table", { onMissing: "default" }, [["defaultValue", "Enter the default value"]]],
    ["delay", { mode: "duration", duration: "P400D" }, [["duration", "Wait for: at most 365 days"]]],
    ["delay", { mode: "duration", duration: 0 }, [["duration", "Wait for must be more than 0 seconds"]]],
    ["delay", { mode: "until", until: "2030-03-01 08:00" }, [["until", "Until must be a timestamp with a time zone, e.g. 2025-03-01T08:00:00Z"]]],
    ["end", { outcome: "failure" }, [["failureMessage", "Failure message is required when the run fails"]]],
    ["end", { response: { status: 700 } }, [["response.status", "Status is between 100 and 599"]]],
  ])("%s refuses %j", (kind, config, expected) => {
    expect(problems(kind, config)).toEqual(expected);
  });
});

describe("ports follow the config", () => {
  it("branch: True/False for if, one output per case plus Default for switch", () => {
    expect(ports("branch", { mode: "if", condition: "x" })).toEqual(["true", "false"]);
    expect(ports("branch", { mode: "switch", expression: "x", cases: [{ id: "urgent", label: "Urgent", value: 1 }, { id: "normal", label: "Normal", value: 2 }] })).toEqual([
      "urgent",
      "normal",
      "default",
    ]);
  });

  it("branch: a half-edited switch still shows the cases it can", () => {
    const outputs = NODE_DEFINITIONS.branch.outputs({ mode: "switch", expression: "", cases: [{ id: "a", label: "", value: 1 }, { id: "", label: "?", value: 2 }] } as never);
    expect(outputs.map((port) => [port.id, port.label])).toEqual([
      ["a", "a"],
      ["default", "Default"],
    ]);
  });

  it("approve: Expired only when the deadline continues there", () => {
    const base = { assignees: { roles: ["APPROVER"] } };
    expect(ports("approve", base)).toEqual(["approved", "rejected"]);
    expect(ports("approve", { ...base, due: { after: "PT4H", onExpiry: "route" } })).toEqual(["approved", "rejected", "expired"]);
    expect(ports("approve", { ...base, due: { after: "PT4H", onExpiry: "reject" } })).toEqual(["approved", "rejected"]);
  });

  it("lookup table: a required Missing output when missing codes are routed", () => {
    expect(ports("lookup-table", { onMissing: "fail" })).toEqual(["out"]);
    const definition = NODE_DEFINITIONS["lookup-table"];
    expect(definition.outputs(definition.config.parse({ onMissing: "route" }))).toContainEqual(expect.objectContaining({ id: "missing", required: true }));
  });
});

describe("connections named by a config", () => {
  it.each<[NodeKind, unknown, string[]]>([
    ["call-odoo", { ...odoo, operation: "search_count" }, ["odoo-main"]],
    ["odoo-trigger", odoo, ["odoo-main"]],
    ["mqtt-trigger", { connection: "broker", topic: "#" }, ["broker"]],
    ["http-request", { url: "https://x.example" }, []],
    ["http-request", { connection: "cmms", url: "/x" }, ["cmms"]],
    ["approve", { assignees: { roles: ["APPROVER"] }, record: { connection: "odoo-eu", model: "res.partner", idTemplate: "{{ input.id }}" } }, ["odoo-eu"]],
    ["approve", { assignees: { roles: ["APPROVER"] } }, []],
    ["map", {}, []],
  ])("%s %j -> %j", (kind, config, names) => {
    const definition = NODE_DEFINITIONS[kind];
    expect(definition.connections?.(definition.config.parse(config)) ?? []).toEqual(names);
  });
});

describe("switching a variant fills in its defaults", () => {
  it("branch if -> switch, call-odoo search_read -> create", () => {
    expect(NODE_DEFINITIONS.branch.config.parse({ mode: "switch" })).toEqual({
      mode: "switch",
      expression: "input.priority",
      cases: [
        { id: "high", label: "High", value: "high" },
        { id: "low", label: "Low", value: "low" },
      ],
    });
    expect(NODE_DEFINITIONS["call-odoo"].config.parse({ ...odoo, operation: "create" })).toMatchObject({ operation: "create", values: { name: "{{ input.name }}" } });
  });
});

describe("warnings", () => {
  it("an empty lookup table is worth a second look", () => {
    const definition = NODE_DEFINITIONS["lookup-table"];
    expect(definition.warnings?.(definition.config.parse({}))).toEqual([{ message: "The table has no rows yet, so every lookup will miss", path: ["rows"] }]);
    expect(definition.warnings?.(definition.config.parse({ rows: [{ from: "a", to: "b" }] }))).toEqual([]);
  });
});
