// The connection form's state and how it becomes what the actions take (browser-safe, no React).
// Each kind shows its own plain fields; what the form does not show (advanced limits, companies)
// is kept from the stored config. The secret is write-only: the form never holds the stored one.
import type { ConnectionKind, ConnectionView } from "../../lib/connections/connection-types.ts";

export type ConnectionFormState = {
  name: string;
  kind: ConnectionKind;
  baseUrl: string;
  // odoo
  database: string;
  login: string;
  protocol: "jsonrpc" | "json2";
  odooSecretType: "apiKey" | "password";
  /** Advanced (as typed; empty = Odoo's or Millwright's default). */
  companyIds: string;
  lang: string;
  tz: string;
  timeoutMs: string;
  maxConcurrent: string;
  callsPerSecond: string;
  // http
  authType: "none" | "bearer" | "basic" | "api-key";
  username: string;
  placement: "header" | "query";
  keyName: string;
  headers: string;
  // mqtt / amqp (the broker URL is baseUrl, the user name username)
  clientIdPrefix: string;
  prefetch: string;
  verifyTls: boolean;
  ca: string;
  /** The new secret typed in; "" = keep the stored one (or none). */
  secretValue: string;
};

export type SecretField = { key: "apiKey" | "password" | "token"; label: string; hint: string } | null;

const text = (value: unknown, fallback = ""): string => (typeof value === "string" ? value : fallback);
const numberText = (value: unknown): string => (typeof value === "number" ? String(value) : "");

/** "" -> absent (the schema's default); digits -> a number; anything else is sent as typed for the schema to explain. */
function numberOrText(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** "1, 3" -> [1, 3]; a part that is not a number is kept as text so the schema reports it. */
function companyList(value: string): unknown[] | undefined {
  const parts = value.split(",").map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The advanced Odoo settings as config keys; empty ones are dropped so defaults apply. */
function odooAdvanced(form: ConnectionFormState): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ["companyIds", companyList(form.companyIds)],
    ["lang", form.lang.trim() || undefined],
    ["tz", form.tz.trim() || undefined],
    ["timeoutMs", numberOrText(form.timeoutMs)],
    ["maxConcurrent", numberOrText(form.maxConcurrent)],
    ["callsPerSecond", numberOrText(form.callsPerSecond)],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

const ODOO_ADVANCED = ["companyIds", "lang", "tz", "timeoutMs", "maxConcurrent", "callsPerSecond"];

export function emptyForm(kind: ConnectionKind = "odoo"): ConnectionFormState {
  return {
    name: "", kind, baseUrl: "", database: "", login: "", protocol: "jsonrpc", odooSecretType: "apiKey",
    companyIds: "", lang: "", tz: "", timeoutMs: "", maxConcurrent: "", callsPerSecond: "",
    authType: "none", username: "", placement: "header", keyName: "X-API-Key", headers: "", clientIdPrefix: "", prefetch: "", verifyTls: true, ca: "",
    secretValue: "",
  };
}

export const isBrokerKind = (kind: ConnectionKind): kind is "mqtt" | "amqp" => kind === "mqtt" || kind === "amqp";
const KNOWN_KINDS: readonly string[] = ["odoo", "http", "mqtt", "amqp"];

/** The form for an existing connection: its config, never its secret. */
export function formFromConnection(connection: Pick<ConnectionView, "name" | "kind" | "config">): ConnectionFormState {
  const config = connection.config;
  const auth = (typeof config.auth === "object" && config.auth !== null ? config.auth : {}) as Record<string, unknown>;
  const headers = typeof config.headers === "object" && config.headers !== null ? (config.headers as Record<string, unknown>) : {};
  const tls = (typeof config.tls === "object" && config.tls !== null ? config.tls : {}) as Record<string, unknown>;
  return {
    ...emptyForm(KNOWN_KINDS.includes(connection.kind) ? (connection.kind as ConnectionKind) : "odoo"),
    name: connection.name,
    baseUrl: text(config.baseUrl ?? config.url),
    database: text(config.database),
    login: text(config.login),
    protocol: config.protocol === "json2" ? "json2" : "jsonrpc",
    odooSecretType: config.protocol === "json2" ? "apiKey" : "password",
    companyIds: Array.isArray(config.companyIds) ? config.companyIds.join(", ") : "",
    lang: text(config.lang),
    tz: text(config.tz),
    timeoutMs: numberText(config.timeoutMs),
    maxConcurrent: numberText(config.maxConcurrent),
    callsPerSecond: numberText(config.callsPerSecond),
    authType: auth.type === "bearer" || auth.type === "basic" || auth.type === "api-key" ? auth.type : "none",
    username: text(auth.username ?? config.username),
    placement: auth.placement === "query" ? "query" : "header",
    keyName: text(auth.name, "X-API-Key"),
    headers: Object.entries(headers).map(([name, value]) => `${name}: ${text(value)}`).join("\n"),
    clientIdPrefix: text(config.clientIdPrefix),
    prefetch: numberText(config.prefetch),
    verifyTls: tls.rejectUnauthorized !== false,
    ca: text(tls.ca),
  };
}

/** Which secret the kind (and its authentication type) needs, if any. */
export function secretField(form: ConnectionFormState): SecretField {
  if (form.kind === "odoo") {
    return form.odooSecretType === "apiKey"
      ? { key: "apiKey", label: "API key", hint: "Odoo: Preferences › Account Security › New API Key. Works with both protocols." }
      : { key: "password", label: "Password", hint: "Only for JSON-RPC; an API key is safer." };
  }
  if (isBrokerKind(form.kind)) return { key: "password", label: "Password", hint: "Leave empty for a broker that accepts clients without a password." };
  if (form.authType === "bearer") return { key: "token", label: "Token", hint: "Sent as Authorization: Bearer <token>." };
  if (form.authType === "basic") return { key: "password", label: "Password", hint: "Sent with the user name as Basic authentication." };
  if (form.authType === "api-key") return { key: "apiKey", label: "API key", hint: `Sent as the ${form.placement === "query" ? "query parameter" : "header"} ${form.keyName || "X-API-Key"}.` };
  return null;
}

/** "Name: value" lines -> headers (blank lines ignored; a line without ":" becomes a header with no value). */
export function parseHeaderLines(lines: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines.split("\n")) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    const name = (colon === -1 ? line : line.slice(0, colon)).trim();
    headers[name] = colon === -1 ? "" : line.slice(colon + 1).trim();
  }
  return headers;
}

/** The config the action validates: the form's fields over what the stored config had. */
export function configFromForm(form: ConnectionFormState, stored: Record<string, unknown> = {}): Record<string, unknown> {
  if (form.kind === "odoo") {
    const kept = Object.fromEntries(Object.entries(stored).filter(([key]) => !ODOO_ADVANCED.includes(key)));
    return { ...kept, baseUrl: form.baseUrl.trim(), database: form.database.trim(), login: form.login.trim(), protocol: form.protocol, ...odooAdvanced(form) };
  }
  if (isBrokerKind(form.kind)) return brokerConfig(form, stored);
  const auth =
    form.authType === "basic"
      ? { type: "basic", username: form.username.trim() }
      : form.authType === "api-key"
        ? { type: "api-key", placement: form.placement, name: form.keyName.trim() }
        : { type: form.authType };
  return { ...stored, baseUrl: form.baseUrl.trim(), headers: parseHeaderLines(form.headers), auth };
}

/** An MQTT or AMQP broker's settings; empty fields are dropped so the schema's defaults apply. */
function brokerConfig(form: ConnectionFormState, stored: Record<string, unknown>): Record<string, unknown> {
  const ca = form.ca.trim();
  const entries: [string, unknown][] = [
    ["url", form.baseUrl.trim()],
    ["username", form.username.trim() || undefined],
    ["clientIdPrefix", form.kind === "mqtt" ? form.clientIdPrefix.trim() || undefined : undefined],
    ["prefetch", form.kind === "amqp" ? numberOrText(form.prefetch) : undefined],
    ["tls", { rejectUnauthorized: form.verifyTls, ...(ca ? { ca } : {}) }],
  ];
  const kept = Object.fromEntries(Object.entries(stored).filter(([key]) => !["url", "username", "clientIdPrefix", "prefetch", "tls"].includes(key)));
  return { ...kept, ...Object.fromEntries(entries.filter(([, value]) => value !== undefined)) };
}

/** The secret to send: only when one was typed in (replace-only); null otherwise. */
export function secretFromForm(form: ConnectionFormState): Record<string, string> | null {
  const field = secretField(form);
  if (!field || form.secretValue === "") return null;
  return { [field.key]: form.secretValue };
}

/** "config.baseUrl" -> "baseUrl" etc.: which form field an action's field error belongs to. */
export function formFieldOf(path: string): string {
  if (path === "name") return "name";
  if (path.startsWith("secret")) return "secret";
  const rest = path.replace(/^config\.?/, "");
  if (rest.startsWith("auth.username")) return "username";
  if (rest.startsWith("auth.name")) return "keyName";
  if (rest.startsWith("headers")) return "headers";
  if (rest === "url") return "baseUrl";
  if (rest.startsWith("tls")) return "ca";
  return rest.split(/[.[]/)[0] || "form";
}
