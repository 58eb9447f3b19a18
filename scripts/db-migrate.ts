// Usage: npm run db:migrate
// Applies pending prisma/migrations to DATABASE_URL (our stand-in for `prisma migrate deploy`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { applyMigrations } from "../lib/db/migrate.ts";

const envPath = fileURLToPath(new URL("../.env", import.meta.url));

async function main(): Promise<void> {
  // Values already in the environment win over .env (loadEnvFile does not overwrite them).
  if (existsSync(envPath)) process.loadEnvFile(envPath);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set (environment or .env)");
  const { applied } = await applyMigrations(databaseUrl, (msg) => console.log(msg));
  console.log(applied.length === 0 ? "database is up to date" : `applied ${applied.length} migration(s)`);
}

// Explicit exit: a CLI must never hang on a stray handle.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
