// The "odoo" connection kind: where the Odoo server is, which database and user, how to talk to it
// (JSON-RPC for Odoo 16-19, JSON-2 for Odoo 19+), the context sent with every call, and the
// per-connection limits (concurrency, calls per second, circuit breaker). The config is shown and
// edited in the connection editor; the secret (API key or password) is encrypted at rest and never
// sent back to the browser. Browser-safe: zod only.
import { z } from "zod";

export const ODOO_PROTOCOLS = ["jsonrpc", "json2"] as const;
export type OdooProtocol = (typeof ODOO_PROTOCOLS)[number];

/** Defaults of the advanced limits, also used when an older config lacks them. */
export const ODOO_LIMIT_DEFAULTS = { maxConcurrent: 4, callsPerSecond: 10, breakerThreshold: 5, breakerCooldownMs: 30_000 } as const;

export const ZOdooConnectionConfig = z
  .object({
    baseUrl: z
      .string({ error: "Base URL is required" })
      .trim()
      .max(2000)
      .regex(/^https?:\/\/[^/\s]+/i, "Base URL must start with http:// or https://, e.g. https://mycompany.odoo.com")
      .refine((url) => URL.canParse(url), "Base URL is not a valid URL")
      .refine((url) => !/^https?:\/\/[^/@\s]*@/i.test(url), "Do not put a user name or password in the URL; use the login and secret fields")
      .meta({ title: "Base URL", placeholder: "https://mycompany.odoo.com", description: "The address of the Odoo server, without /jsonrpc or /web." }),
    database: z
      .string({ error: "Database is required" })
      .trim()
      .min(1, "Database is required")
      .max(200)
      .meta({ title: "Database", placeholder: "mycompany", description: "The Odoo database name (shown on the Odoo login page's database selector)." }),
    login: z
      .string({ error: "Login is required" })
      .trim()
      .min(1, "Login is required")
      .max(200)
      .meta({ title: "Login", placeholder: "integration@mycompany.com", description: "The Odoo user the calls run as; give it only the access the flows need." }),
    protocol: z
      .enum(ODOO_PROTOCOLS, { error: "Protocol is JSON-RPC or JSON-2" })
      .default("jsonrpc")
      .meta({
        title: "Protocol",
        enumLabels: { jsonrpc: "JSON-RPC (Odoo 16-19)", json2: "JSON-2 (Odoo 19 and later, API key only)" },
        description: "JSON-RPC works with every supported version; JSON-2 is its replacement from Odoo 19 and needs an API key.",
      }),
    companyIds: z
      .array(z.number({ error: "Company ids are whole numbers" }).int("Company ids are whole numbers").positive("Company ids are positive"))
      .max(100)
      .optional()
      .meta({ title: "Companies", description: "Company ids the calls may act on (allowed_company_ids); the first is the current company. Empty: the user's default." }),
    lang: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(_[A-Za-z0-9@]+)?$/, 'Language is an Odoo language code such as "en_US" or "fr_BE"')
      .optional()
      .meta({ title: "Language", placeholder: "en_US", description: "Translated names and messages come back in this language." }),
    tz: z
      .string()
      .trim()
      .max(100)
      .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'Time zone is an IANA name such as "Europe/Brussels"')
      .optional()
      .meta({ title: "Time zone", placeholder: "Europe/Brussels" }),
    timeoutMs: z
      .number({ error: "Timeout is a number of milliseconds" })
      .int()
      .min(1000, "Timeout is at least 1 000 ms")
      .max(300_000, "Timeout is at most 300 000 ms")
      .default(30_000)
      .meta({ title: "Timeout (ms)", advanced: true, description: "A call that takes longer fails as transient (its outcome is unknown for writes)." }),
    maxConcurrent: z
      .number()
      .int()
      .min(1, "At least one call at a time")
      .max(100, "At most 100 calls at a time")
      .default(ODOO_LIMIT_DEFAULTS.maxConcurrent)
      .meta({ title: "Calls at a time", advanced: true, description: "Per worker process; more calls wait their turn." }),
    callsPerSecond: z
      .number()
      .positive("Calls per second must be more than 0")
      .max(1000, "At most 1 000 calls per second")
      .default(ODOO_LIMIT_DEFAULTS.callsPerSecond)
      .meta({ title: "Calls per second", advanced: true, description: "Per worker process; a short burst of this size is allowed." }),
    breakerThreshold: z
      .number()
      .int()
      .min(1, "At least 1 failure")
      .max(1000)
      .default(ODOO_LIMIT_DEFAULTS.breakerThreshold)
      .meta({
        title: "Pause after failures in a row",
        advanced: true,
        description: "After this many transient failures in a row (timeouts, 5xx, unreachable), calls pause for the cool-down; runs wait and resume.",
      }),
    breakerCooldownMs: z
      .number()
      .int()
      .min(1000, "Cool-down is at least 1 000 ms")
      .max(3_600_000, "Cool-down is at most one hour")
      .default(ODOO_LIMIT_DEFAULTS.breakerCooldownMs)
      .meta({ title: "Cool-down (ms)", advanced: true, description: "How long calls pause before one test call is let through." }),
  })
  .meta({ title: "Odoo connection" });

/** The secret part: an API key (preferred; required for JSON-2 and for users with 2FA) or a password. */
export const ZOdooConnectionSecret = z
  .object({
    apiKey: z.string().trim().min(1, "API key is empty").max(1000).optional().meta({
      title: "API key",
      description: "Odoo: Preferences > Account Security > New API Key. Works with both protocols and with two-factor authentication.",
    }),
    password: z.string().min(1, "Password is empty").max(1000).optional().meta({ title: "Password", description: "Only for JSON-RPC; an API key is safer." }),
  })
  .refine((secret) => Boolean(secret.apiKey ?? secret.password), { message: "Enter an API key or a password" })
  .meta({ title: "Secret" });

export type TOdooConnectionConfig = z.output<typeof ZOdooConnectionConfig>;
export type TOdooConnectionConfigInput = z.input<typeof ZOdooConnectionConfig>;
export type TOdooConnectionSecret = z.output<typeof ZOdooConnectionSecret>;
