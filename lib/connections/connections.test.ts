// The pure parts of connection management: which connections a stored flow names (what blocks a
// delete or rename), the masked secret hint, and validation with the kind's schemas.
import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { definitionConnections } from "../flows/definition-connections.ts";
import { maskedHint, parseConnectionInput } from "./connections.server.ts";

describe("definitionConnections", () => {
  it("collects the names each node kind says it uses, and ignores what it cannot read", () => {
    const definition = {
      nodes: [
        { id: "a", kind: "call-odoo", config: { connection: "odoo-main" } },
        { id: "b", kind: "http-request", config: { connection: "cmms-api" } },
        { id: "c", kind: "http-request", config: {} },
        { id: "d", kind: "map", config: { script: "return 1" } },
        { id: "e", kind: "no-such-kind", config: { connection: "x" } },
        "garbage",
      ],
    };
    expect([...definitionConnections(definition)].sort()).toEqual(["cmms-api", "odoo-main"]);
    expect(definitionConnections(null).size).toBe(0);
  });
});

describe("maskedHint", () => {
  it("says that a secret is set and when, never what it is", () => {
    const now = new Date("2026-11-22T12:00:00Z");
    expect(maskedHint(new Date("2026-11-22T11:59:50Z"), now)).toBe("•••• set just now");
    expect(maskedHint(new Date("2026-11-19T11:00:00Z"), now)).toBe("•••• set 3 days ago");
    expect(maskedHint(new Date("2026-11-22T10:00:00Z"), now)).toBe("•••• set 2 hours ago");
  });
});

describe("parseConnectionInput", () => {
  const odoo = { baseUrl: "https://erp.example.com", database: "plant", login: "bot", protocol: "jsonrpc" };

  it("fills the kind's defaults and ignores empty secret fields", () => {
    const parsed = parseConnectionInput("odoo", { name: " odoo-main ", config: odoo, secret: { apiKey: "", password: "pw" } });
    expect(parsed).toMatchObject({ name: "odoo-main", config: { ...odoo, timeoutMs: 30000 }, secret: { password: "pw" } });
    expect(parseConnectionInput("odoo", { name: "x", config: odoo, secret: { password: "" } }).secret).toBeNull();
  });

  it("reports every problem as a field, without the secret's value", () => {
    let error: unknown;
    try {
      parseConnectionInput("http", { name: "bad name", config: { baseUrl: "https://user:pw@api.example.com", auth: { type: "basic" } }, secret: {} });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields.map((f) => f.path)).toEqual(["name", "config.baseUrl", "config.auth.username"]);
  });
});
