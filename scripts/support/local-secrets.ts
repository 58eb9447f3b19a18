// Secrets for an installation that was not given any: generated once, kept in .data/secrets.json
// (git-ignored, readable only by the owner) and reused on every later start.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export type LocalSecrets = { nextAuthSecret: string; secretKey: string; postgresPassword: string };

export function loadOrCreateSecrets(file: string): LocalSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  const secrets: LocalSecrets = {
    nextAuthSecret: randomBytes(32).toString("base64url"),
    // AES-256-GCM key for connection secrets (issue 5); MILLWRIGHT_SECRET_KEY overrides it.
    secretKey: randomBytes(32).toString("base64"),
    postgresPassword: randomBytes(18).toString("base64url"),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
