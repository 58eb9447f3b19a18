// The "http" connection kind: a base URL, default headers and how to authenticate, per environment.
// The config (shown and edited in the connection editor) and the secret (encrypted at rest, never
// sent back to the browser) are separate schemas. Browser-safe: zod and the step error classes only.
import { z } from "zod";
import { BusinessError } from "../engine/errors.ts";

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]);

const ZAuth = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("none").meta({ title: "None" }) }),
    z.object({ type: z.literal("bearer").meta({ title: "Bearer token", description: "Sends Authorization: Bearer <token>; the token is the secret." }) }),
    z.object({
      type: z.literal("basic").meta({ title: "Basic (user name and password)" }),
      username: z.string().min(1, "User name is required").max(200).meta({ title: "User name" }),
    }),
    z.object({
      type: z.literal("api-key").meta({ title: "API key" }),
      placement: z
        .enum(["header", "query"])
        .default("header")
        .meta({ title: "Send the key as", enumLabels: { header: "A header", query: "A query parameter" } }),
      name: z.string().min(1, "Name is required").max(100).regex(HEADER_NAME, "Use letters, digits and - only").default("X-API-Key").meta({ title: "Header or parameter name" }),
    }),
  ])
  .meta({ title: "Authentication" });

export const ZHttpConnectionConfig = z
  .object({
    baseUrl: z
      .string({ error: "Base URL is required" })
      .max(2000)
      .regex(/^https?:\/\/[^/\s]+/i, "Base URL must start with http:// or https://, e.g. https://api.example.com/v1")
      .refine((url) => URL.canParse(url), "Base URL is not a valid URL")
      .refine((url) => !/^https?:\/\/[^/@\s]*@/i.test(url), "Do not put a user name or password in the URL; use the authentication settings")
      .meta({ title: "Base URL", placeholder: "https://api.example.com/v1", description: "Paths in HTTP request steps are added to this." }),
    headers: z
      .record(z.string().regex(HEADER_NAME, "Header names use letters, digits and - only"), z.string())
      .refine((headers) => Object.keys(headers).every((name) => !SECRET_HEADERS.has(name.toLowerCase())), "Credentials belong in the authentication settings, not in headers")
      .default({})
      .meta({ title: "Headers", widget: "keyvalue", description: "Sent with every request (not secret)." }),
    auth: ZAuth.default({ type: "none" }),
  })
  .meta({ title: "HTTP connection" });

/** The secret part: which field is needed depends on the authentication type. */
export const ZHttpConnectionSecret = z
  .object({
    token: z.string().min(1).max(8000).optional().meta({ title: "Token", description: "For bearer authentication." }),
    password: z.string().min(1).max(1000).optional().meta({ title: "Password", description: "For basic authentication." }),
    apiKey: z.string().min(1).max(8000).optional().meta({ title: "API key", description: "For API key authentication." }),
  })
  .meta({ title: "Secret" });

export type THttpConnectionConfig = z.output<typeof ZHttpConnectionConfig>;
export type THttpConnectionSecret = z.output<typeof ZHttpConnectionSecret>;

/** Headers and query parameters that authenticate a request; a missing secret is a BusinessError. */
export function httpAuth(connectionName: string, config: THttpConnectionConfig, secret: THttpConnectionSecret | null): { headers: Record<string, string>; query: Record<string, string> } {
  const auth = config.auth;
  const need = (field: keyof THttpConnectionSecret, label: string): string => {
    const value = secret?.[field];
    if (!value) throw new BusinessError(`The connection "${connectionName}" has no ${label}: an administrator can enter it on the connection`, { code: "connection-secret-missing" });
    return value;
  };
  switch (auth.type) {
    case "none":
      return { headers: {}, query: {} };
    case "bearer":
      return { headers: { Authorization: `Bearer ${need("token", "token")}` }, query: {} };
    case "basic":
      return { headers: { Authorization: `Basic ${base64Utf8(`${auth.username}:${need("password", "password")}`)}` }, query: {} };
    case "api-key": {
      const key = need("apiKey", "API key");
      return auth.placement === "query" ? { headers: {}, query: { [auth.name]: key } } : { headers: { [auth.name]: key }, query: {} };
    }
  }
}

/** Base64 of the UTF-8 bytes (btoa alone only takes Latin-1). */
function base64Utf8(text: string): string {
  return btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(""));
}
