import { describe, expect, it } from "vitest";
import { checkPayload, compilePayloadSchema, SchemaCompileError } from "./payload-schema.ts";
import { keyText, valueAtPath } from "./paths.ts";

const schema = {
  type: "object",
  required: ["order"],
  properties: {
    order: {
      type: "object",
      required: ["id", "qty"],
      additionalProperties: false,
      properties: { id: { type: "string" }, qty: { type: "integer", minimum: 1 }, email: { type: "string", format: "email" }, kind: { enum: ["a", "b"] } },
    },
  },
};

describe("payload schemas", () => {
  it("accepts a matching payload", () => {
    expect(checkPayload(schema, { order: { id: "A-1", qty: 2, email: "a@b.example" } })).toEqual([]);
  });

  it("lists every failing path as a JSON Pointer", () => {
    expect(checkPayload(schema, { order: { qty: 0, email: "nope", kind: "c", extra: true } })).toEqual([
      { path: "/order/id", message: "is required" },
      { path: "/order/extra", message: "is not allowed here" },
      { path: "/order/qty", message: "must be >= 1" },
      { path: "/order/email", message: 'must match format "email"' },
      { path: "/order/kind", message: 'must be one of "a", "b"' },
    ]);
    expect(checkPayload(schema, [])).toEqual([{ path: "/", message: "must be object" }]);
  });

  it("compiles once per key and explains a schema it cannot use", () => {
    expect(compilePayloadSchema(schema, "v1:n1")).toBe(compilePayloadSchema({ type: "string" }, "v1:n1"));
    expect(() => compilePayloadSchema({ type: "object", properties: { a: { type: "nonsense" } } })).toThrow(SchemaCompileError);
  });
});

describe("paths into payloads", () => {
  const payload = { workOrder: { number: "WO-1", lines: [{ sku: "S-1" }] }, n: 42 };
  it("reads dotted and indexed paths", () => {
    expect(valueAtPath(payload, "workOrder.number")).toBe("WO-1");
    expect(valueAtPath(payload, "workOrder.lines[0].sku")).toBe("S-1");
    expect(valueAtPath(payload, "workOrder.missing.deeper")).toBeUndefined();
    expect(valueAtPath(payload, "constructor")).toBeUndefined();
    expect(valueAtPath(payload, "not a path")).toBeUndefined();
  });
  it("turns scalars into keys", () => {
    expect([keyText("WO-1"), keyText(42), keyText(true), keyText(""), keyText({}), keyText(null)]).toEqual(["WO-1", "42", "true", null, null, null]);
  });
});
