// The message broker connection kinds: "mqtt" (a broker machines and gateways publish to) and "amqp"
// (RabbitMQ). The config is shown and edited in the connection editor; the secret (the password) is
// encrypted at rest and never sent back to the browser. Browser-safe: zod only.
import { z } from "zod";

const noCredentialsInUrl = (url: string) => !/^[a-z]+:\/\/[^/@\s]*@/i.test(url);

const ZTls = z
  .object({
    rejectUnauthorized: z
      .boolean()
      .default(true)
      .meta({ title: "Verify the broker's certificate", description: "Turn off only for a test broker with a self-signed certificate." }),
    ca: z
      .string()
      .max(20_000)
      .refine((pem) => pem.trim() === "" || pem.includes("-----BEGIN CERTIFICATE-----"), "Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)")
      .optional()
      .meta({ title: "CA certificate (PEM)", widget: "textarea", description: "The authority that signed the broker's certificate, when it is not a public one." }),
  })
  .meta({ title: "TLS" });

export const ZMqttConnectionConfig = z
  .object({
    url: z
      .string({ error: "Broker URL is required" })
      .trim()
      .max(2000)
      .regex(/^(mqtts?|wss?):\/\/[^/\s]+/i, "Broker URL must start with mqtt://, mqtts://, ws:// or wss://, e.g. mqtt://broker.plant.local:1883")
      .refine((url) => URL.canParse(url), "Broker URL is not a valid URL")
      .refine(noCredentialsInUrl, "Do not put a user name or password in the URL; use the user name and password fields")
      .meta({ title: "Broker URL", placeholder: "mqtts://broker.plant.local:8883" }),
    clientIdPrefix: z
      .string()
      .trim()
      .max(40, "Use at most 40 characters")
      .regex(/^[A-Za-z0-9_-]*$/, "Use letters, digits, - and _ only")
      .default("millwright")
      .meta({ title: "Client id prefix", description: "Each subscription connects as <prefix>-<environment>-<flow>-<node>, so the broker keeps its session across restarts." }),
    username: z.string().trim().max(200).optional().meta({ title: "User name" }),
    tls: ZTls.prefault({}),
  })
  .meta({ title: "MQTT connection" });

export const ZMqttConnectionSecret = z.object({ password: z.string().min(1).max(1000).optional().meta({ title: "Password" }) }).meta({ title: "Secret" });

export const ZAmqpConnectionConfig = z
  .object({
    url: z
      .string({ error: "Broker URL is required" })
      .trim()
      .max(2000)
      .regex(/^amqps?:\/\/[^/\s]+/i, "Broker URL must start with amqp:// or amqps://, e.g. amqp://rabbit.plant.local:5672/production")
      .refine((url) => URL.canParse(url), "Broker URL is not a valid URL")
      .refine(noCredentialsInUrl, "Do not put a user name or password in the URL; use the user name and password fields")
      .meta({ title: "Broker URL", placeholder: "amqps://rabbit.plant.local:5671/production", description: "The path is the virtual host (none: the default /)." }),
    username: z.string().trim().max(200).optional().meta({ title: "User name" }),
    prefetch: z
      .number()
      .int()
      .min(1, "Prefetch is at least 1")
      .max(5000, "Prefetch is at most 5000")
      .default(200)
      .meta({ title: "Prefetch", description: "Messages the broker hands out before they are acknowledged: the bound on messages in flight per subscription." }),
    tls: ZTls.prefault({}),
  })
  .meta({ title: "AMQP connection" });

export const ZAmqpConnectionSecret = ZMqttConnectionSecret;

export type TMqttConnectionConfig = z.output<typeof ZMqttConnectionConfig>;
export type TAmqpConnectionConfig = z.output<typeof ZAmqpConnectionConfig>;
export type TBrokerSecret = z.output<typeof ZMqttConnectionSecret>;
