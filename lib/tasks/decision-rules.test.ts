import { describe, expect, it } from "vitest";
import { approveOutput, checkDecision, correctedInput } from "./decision-rules.ts";
import type { TaskFormField } from "./types.ts";

const form: TaskFormField[] = [
  { key: "qty", label: "Approved quantity", type: "number", required: true },
  { key: "urgent", label: "Urgent", type: "boolean", required: false },
  { key: "site", label: "Site", type: "select", required: false, options: ["North", "South"] },
];
const task = { form, correctable: ["order.qty", "lines[0].sku"], rejectionCommentRequired: true };
const input = { order: { qty: 5, note: "x" }, lines: [{ sku: "A-1" }] };

describe("checkDecision", () => {
  it("accepts typed answers and corrections, converting numeric text", () => {
    const checked = checkDecision(task, input, { decision: "approved", form: { qty: "4", site: "North" }, corrections: { "order.qty": "3", "lines[0].sku": "A-2" } });
    expect(checked).toEqual({ form: { qty: 4, urgent: false, site: "North" }, corrections: { "order.qty": 3, "lines[0].sku": "A-2" }, issues: [] });
  });

  it("names each field that is wrong", () => {
    const checked = checkDecision(task, input, { decision: "approved", form: { site: "West", extra: 1 }, corrections: { "order.note": "y", "order.qty": "lots" } });
    expect(checked.issues).toEqual([
      { path: "form.extra", message: 'The task has no form field "extra"' },
      { path: "form.qty", message: "Approved quantity is required" },
      { path: "form.site", message: "Site must be one of: North, South" },
      { path: "corrections.order.note", message: '"order.note" may not be corrected in this task' },
      { path: "corrections.order.qty", message: '"order.qty" must stay a number' },
    ]);
  });

  it("a rejection needs a comment but not the approval's answers", () => {
    expect(checkDecision(task, input, { decision: "rejected", form: {}, corrections: {} }).issues).toEqual([{ path: "comment", message: "Say why you reject: a comment is required" }]);
    expect(checkDecision(task, input, { decision: "rejected", comment: "no budget", form: {}, corrections: {} }).issues).toEqual([]);
  });
});

describe("the Approve output", () => {
  it("applies every approver's corrections in order, without touching the original", () => {
    expect(correctedInput(input, [{ "order.qty": 3 }, { "order.qty": 2, "lines[0].sku": "B" }])).toEqual({ order: { qty: 2, note: "x" }, lines: [{ sku: "B" }] });
    expect(input.order.qty).toBe(5);
  });

  it("records who decided; an automatic decision names nobody", () => {
    const at = new Date("2026-11-22T10:00:00Z");
    const vote = { by: "a@x", decision: "approved", comment: "ok", form: { qty: 4 }, corrections: { "order.qty": 4 }, at };
    expect(approveOutput("approved", input, [vote], at)).toMatchObject({ decision: "approved", decidedBy: "a@x", comment: "ok", form: { qty: 4 }, input: { order: { qty: 4 } } });
    expect(approveOutput("expired", input, [], at, true)).toEqual({ decision: "expired", decidedAt: at.toISOString(), form: {}, input, approvals: [], automatic: true });
  });
});
