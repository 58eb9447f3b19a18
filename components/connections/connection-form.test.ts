// The connection form: what it sends for each kind, that it keeps what it does not show, and that
// a secret is only sent when one was typed in (replace-only).
import { describe, expect, it } from "vitest";
import { configFromForm, emptyForm, formFieldOf, formFromConnection, parseHeaderLines, secretField, secretFromForm } from "./connection-form.ts";

describe("the connection form", () => {
  it("edits an Odoo connection's fields and keeps the settings it does not show", () => {
    const stored = { baseUrl: "http://127.0.0.1:8069", database: "plant", login: "admin", protocol: "jsonrpc", timeoutMs: 30000, companyIds: [1, 2] };
    const form = formFromConnection({ name: "odoo-main", kind: "odoo", config: stored });
    expect(form).toMatchObject({ name: "odoo-main", kind: "odoo", baseUrl: "http://127.0.0.1:8069", database: "plant", login: "admin", odooSecretType: "password" });
    expect(configFromForm({ ...form, database: " plant2 " }, stored)).toEqual({ ...stored, database: "plant2" });
  });

  it("edits the advanced Odoo settings; emptying one returns it to its default", () => {
    const stored = { baseUrl: "http://odoo", database: "plant", login: "admin", protocol: "jsonrpc", companyIds: [1, 2], lang: "fr_BE", maxConcurrent: 2, breakerThreshold: 7 };
    const form = formFromConnection({ name: "odoo-main", kind: "odoo", config: stored });
    expect(form).toMatchObject({ companyIds: "1, 2", lang: "fr_BE", maxConcurrent: "2", tz: "", timeoutMs: "" });
    const edited = configFromForm({ ...form, companyIds: "3", lang: "", tz: "Europe/Brussels", timeoutMs: "60000", maxConcurrent: "" }, stored);
    expect(edited).toEqual({ baseUrl: "http://odoo", database: "plant", login: "admin", protocol: "jsonrpc", breakerThreshold: 7, companyIds: [3], tz: "Europe/Brussels", timeoutMs: 60000 });
    // Text that is not a number reaches the schema as typed, so its message names the field.
    expect(configFromForm({ ...form, companyIds: "1, main" }, stored).companyIds).toEqual([1, "main"]);
  });

  it("sends a secret only when one was typed in, under the field the kind needs", () => {
    const odoo = { ...emptyForm("odoo"), odooSecretType: "apiKey" as const };
    expect(secretFromForm(odoo)).toBeNull();
    expect(secretFromForm({ ...odoo, secretValue: "k" })).toEqual({ apiKey: "k" });
    expect(secretFromForm({ ...odoo, odooSecretType: "password", secretValue: "p" })).toEqual({ password: "p" });
    const http = emptyForm("http");
    expect(secretField(http)).toBeNull();
    expect(secretFromForm({ ...http, authType: "bearer", secretValue: "t" })).toEqual({ token: "t" });
    expect(secretFromForm({ ...http, authType: "basic", secretValue: "p" })).toEqual({ password: "p" });
    expect(secretFromForm({ ...http, authType: "api-key", secretValue: "k" })).toEqual({ apiKey: "k" });
  });

  it("builds an HTTP connection's authentication and headers", () => {
    const form = { ...emptyForm("http"), baseUrl: "https://api.example.com", authType: "api-key" as const, placement: "query" as const, keyName: "key", headers: "Accept: application/json\n\nX-Plant:  Hall B " };
    expect(configFromForm(form)).toEqual({ baseUrl: "https://api.example.com", headers: { Accept: "application/json", "X-Plant": "Hall B" }, auth: { type: "api-key", placement: "query", name: "key" } });
    expect(formFromConnection({ name: "api", kind: "http", config: configFromForm(form) })).toMatchObject({ authType: "api-key", placement: "query", keyName: "key", headers: "Accept: application/json\nX-Plant: Hall B" });
    expect(parseHeaderLines("Broken")).toEqual({ Broken: "" });
  });

  it("puts the server's field errors under the right inputs", () => {
    expect(["name", "config.baseUrl", "config.auth.username", "config.auth.name", "config.headers.X", "secret", "secret.apiKey", "config.companyIds[0]"].map(formFieldOf)).toEqual([
      "name", "baseUrl", "username", "keyName", "headers", "secret", "secret", "companyIds",
    ]);
  });

  it("edits an MQTT or AMQP broker: URL, user, client id prefix or prefetch, TLS; the password is the secret", () => {
    const stored = { url: "mqtts://broker:8883", username: "mw", clientIdPrefix: "plant", tls: { rejectUnauthorized: true } };
    const form = formFromConnection({ name: "plant-broker", kind: "mqtt", config: stored });
    expect(form).toMatchObject({ kind: "mqtt", baseUrl: "mqtts://broker:8883", username: "mw", clientIdPrefix: "plant", verifyTls: true, ca: "" });
    expect(configFromForm({ ...form, username: "", verifyTls: false, ca: " -----BEGIN CERTIFICATE-----x " }, stored)).toEqual({
      url: "mqtts://broker:8883", clientIdPrefix: "plant", tls: { rejectUnauthorized: false, ca: "-----BEGIN CERTIFICATE-----x" },
    });
    const amqp = { ...emptyForm("amqp"), baseUrl: "amqp://rabbit/prod", prefetch: "50", secretValue: "pw" };
    expect(configFromForm(amqp)).toEqual({ url: "amqp://rabbit/prod", prefetch: 50, tls: { rejectUnauthorized: true } });
    expect(secretFromForm(amqp)).toEqual({ password: "pw" });
    expect(["config.url", "config.tls.ca", "config.prefetch"].map(formFieldOf)).toEqual(["baseUrl", "ca", "prefetch"]);
  });
});
