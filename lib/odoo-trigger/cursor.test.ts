// The Odoo trigger's cursor rules: the "after the cursor" domain, the order, the create / write
// event, the idempotency keys and when a trigger is due.
import { describe, expect, it } from "vitest";
import { ZOdooTriggerConfig } from "../../nodes/odoo-trigger/definition.ts";
import { batchKey, cursorFieldOf, isDue, nextDueAt, planPoll, pollDomain, pollFields, pollOrder, recordKey, sameScope, scopeOf } from "./cursor.ts";

const config = (input: Record<string, unknown> = {}) => ZOdooTriggerConfig.parse({ connection: "odoo", model: "res.partner", ...input });
const from = { value: "2026-11-22 10:00:00", id: 5 };

describe("the Odoo trigger's cursor", () => {
  it("asks for the records after the cursor: a later time, or the same time and a higher id", () => {
    expect(pollDomain([["is_company", "=", true]], "write_date", from)).toEqual([
      ["is_company", "=", true],
      "|",
      ["write_date", ">", "2026-11-22 10:00:00"],
      "&",
      ["write_date", "=", "2026-11-22 10:00:00"],
      ["id", ">", 5],
    ]);
    expect(pollOrder("write_date")).toBe("write_date asc, id asc");
    expect(pollFields(config({ fields: ["name", "write_date"] }), "write_date")).toEqual(["name", "write_date", "create_date"]);
  });

  it("follows create_date when only new records are wanted, the cursor field otherwise", () => {
    expect(cursorFieldOf(config({ onCreate: true, onWrite: false }))).toBe("create_date");
    expect(cursorFieldOf(config({ onCreate: true, onWrite: true }))).toBe("write_date");
    expect(cursorFieldOf(config({ onCreate: false, onWrite: true, cursorField: "date_done" }))).toBe("date_done");
  });

  it("tells new records from changed ones by their create_date against the cursor", () => {
    const records = [
      { id: 4, create_date: "2026-11-22 09:00:00", write_date: "2026-11-22 10:00:01" },
      { id: 9, create_date: "2026-11-22 10:00:02", write_date: "2026-11-22 10:00:03" },
    ];
    const both = planPoll(records, config({ onCreate: true, onWrite: true }), "write_date", from);
    expect(both.deliver.map((item) => [item.record.id, item.event])).toEqual([[4, "write"], [9, "create"]]);
    expect(both.cursor).toEqual({ value: "2026-11-22 10:00:03", id: 9 });

    const changesOnly = planPoll(records, config({ onCreate: false, onWrite: true }), "write_date", from);
    expect(changesOnly.deliver.map((item) => item.record.id)).toEqual([4]);
    expect(changesOnly.skipped).toBe(1);
    expect(changesOnly.cursor.id).toBe(9);
  });

  it("never moves the cursor back or past a record without a value", () => {
    const plan = planPoll([{ id: 3, write_date: "2026-11-22 10:00:00" }, { id: 6, write_date: false }, { id: 7, write_date: "2026-11-22 10:00:00" }], config({ onWrite: true }), "write_date", from);
    expect(plan.deliver.map((item) => item.record.id)).toEqual([7]);
    expect(plan.cursor).toEqual({ value: "2026-11-22 10:00:00", id: 7 });
  });

  it("keys a run by the record and its cursor value, a batch by where it starts", () => {
    expect(recordKey("res.partner", { id: 7, write_date: "2026-11-22 10:00:00" }, "write_date")).toBe("odoo:res.partner:7:2026-11-22 10:00:00");
    expect(batchKey("res.partner", from)).toBe("odoo:res.partner:batch:2026-11-22 10:00:00:5");
  });

  it("keeps the cursor while connection, model, domain and cursor field stay the same", () => {
    const scope = scopeOf(config({ domain: [["is_company", "=", true]] }));
    expect(sameScope(scope, scopeOf(config({ domain: [["is_company", "=", true]], fields: ["name"], batchSize: 5 })))).toBe(true);
    expect(sameScope(scope, scopeOf(config({ domain: [] })))).toBe(false);
    expect(sameScope(scope, scopeOf(config({ domain: [["is_company", "=", true]], model: "res.users" })))).toBe(false);
    expect(sameScope(undefined, scope)).toBe(false);
  });

  it("is due after its interval, at once with a backlog", () => {
    const now = new Date("2026-11-22T10:01:00Z");
    expect(isDue({ lastPollAt: "2026-11-22T10:00:00.500Z" }, 60, now)).toBe(true);
    expect(isDue({ lastPollAt: "2026-11-22T10:00:30Z" }, 60, now)).toBe(false);
    expect(isDue({ lastPollAt: "2026-11-22T10:00:59Z", backlog: true }, 60, now)).toBe(true);
    expect(nextDueAt({ lastPollAt: "2026-11-22T10:00:50Z" }, 20, now).toISOString()).toBe("2026-11-22T10:01:10.000Z");
    expect(nextDueAt({}, 20, now)).toEqual(now);
  });
});
