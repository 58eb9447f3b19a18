import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";

export type Db = InstanceType<typeof PrismaClient>;
// A client or an interactive transaction: domain functions accept either.
export type DbTx = Prisma.TransactionClient;

const holder = globalThis as unknown as { millwrightDb?: Db };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (./millwright start sets it for the embedded Postgres)");
  return url;
}

export function createDb(url = databaseUrl()): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize(), connectionTimeoutMillis: 5_000 }) });
}

// One client per process (Next.js dev reloads modules, so it lives on globalThis).
export function getDb(): Db {
  holder.millwrightDb ??= createDb();
  return holder.millwrightDb;
}

function poolSize(): number {
  const size = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  return Number.isInteger(size) && size > 0 ? size : 10;
}
