import { defineConfig } from "prisma/config";

// Prisma 7 does not load .env by itself; the CLI is only used for `prisma generate` here
// (migrations run through scripts/db-migrate.ts, see prisma/README.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/millwright" },
});
