// Prisma's schema engine, run as WebAssembly with the pg driver adapter.
// Why: Prisma 7's CLI downloads a native schema engine from binaries.prisma.sh, which we cannot
// reach; the same engine is published on npm as @prisma/schema-engine-wasm. It has no database
// driver of its own: every query goes through the JS adapter we hand it.
// Used only by tooling (scripts/db-new-migration.ts, the drift test), never at app runtime.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
} from "@prisma/driver-adapter-utils";
import type { DiffTarget, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

// A diff between two schema texts still makes the engine look at a live database (it checks
// that the "public" schema exists), read-only. Any reachable server will do.
const defaultDatabaseUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const noFilters: SchemaFilter = { externalTables: [], externalEnums: [] };
const postgresOnly = 'datasource db {\n  provider = "postgresql"\n}\n';

let glueReady: Promise<Glue> | undefined;

export async function diffSql(input: {
  fromSchema: string | null;
  toSchema: string;
  databaseUrl?: string;
}): Promise<string> {
  const url = input.databaseUrl ?? process.env.DATABASE_URL ?? defaultDatabaseUrl;
  // "Empty" is a schema with the same datasource and no models rather than the engine's
  // { tag: "empty" }: the latter adds `CREATE SCHEMA IF NOT EXISTS "public"`, which
  // `prisma migrate dev` would not generate and which needs CREATE on the database.
  const from = input.fromSchema ?? emptySchemaLike(input.toSchema);
  return withEngine(url, (engine) => diff(engine, datamodel(from), datamodel(input.toSchema)));
}

// SQL that would bring the live database to `schemaText`; "" when they already match.
export async function diffDatabaseToSchema(databaseUrl: string, schemaText: string): Promise<string> {
  // "schemaDatasource" means: the database behind the schema's datasource, i.e. our adapter.
  // (The engine refuses { tag: "url" } since Prisma 7.)
  const live: DiffTarget = { tag: "schemaDatasource", files: [schemaFile(schemaText)], configDir: process.cwd() };
  return withEngine(databaseUrl, (engine) => diff(engine, live, datamodel(schemaText)));
}

async function diff(engine: SchemaEngine, from: DiffTarget, to: DiffTarget): Promise<string> {
  // exitCode: true makes the engine answer 2 when there is something to do and 0 when not
  // (then stdout is just "-- This is an empty migration.").
  const result = await engine.diff({ from, to, script: true, exitCode: true, filters: noFilters });
  return result.exitCode === 0 ? "" : (result.stdout ?? "");
}

function datamodel(schemaText: string): DiffTarget {
  return { tag: "schemaDatamodel", files: [schemaFile(schemaText)] };
}

function schemaFile(content: string) {
  return { path: "schema.prisma", content };
}

function emptySchemaLike(schemaText: string): string {
  return schemaText.match(/^datasource\s+\w+\s*\{[^}]*\}/m)?.[0] ?? postgresOnly;
}

// Opens an engine on `databaseUrl`, runs `work`, then frees the engine and ends every pg pool
// the engine asked for (the engine never disposes adapters itself, and an open pool would keep
// the process alive).
async function withEngine<T>(databaseUrl: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const glue = await (glueReady ??= loadGlue());
  const opened: SqlDriverAdapter[] = [];
  const factory = trackingFactory(databaseUrl, opened);
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: undefined }, ignoreEngineLog, bindMigrationAwareSqlAdapterFactory(factory));
    return await work(engine);
  } finally {
    engine?.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}

function ignoreEngineLog(): void {}

function trackingFactory(databaseUrl: string, opened: SqlDriverAdapter[]): SqlMigrationAwareDriverAdapterFactory {
  const pg = new PrismaPg({ connectionString: databaseUrl });
  return {
    provider: pg.provider,
    adapterName: pg.adapterName,
    async connect() {
      const adapter = readCharColumns(await pg.connect());
      opened.push(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      // We never ask for commands that need one (diffs are schema-to-schema or database-to-schema).
      throw new Error("schema-engine.ts: no shadow database is available");
    },
  };
}

// The engine reads pg_catalog columns of type "char" (OID 18, e.g. pg_constraint.contype) when it
// describes a live database, and expects them as Character values. @prisma/adapter-pg 7.10 has no
// mapping for that type and fails the whole query ("Column type 'char' could not be deserialized").
// So: relabel such columns as text for the adapter's type mapping (pg returns the values as
// strings anyway), then report them to the engine as Character. Patches private adapter methods,
// hence the loud failure if they ever disappear.
const pgCharOid = 18;
const pgTextOid = 25;

type PgResult = { fields: { dataTypeID: number }[] };
type PatchableQueryable = {
  performIO?: (query: SqlQuery) => Promise<PgResult>;
  queryRaw?: (query: SqlQuery) => Promise<SqlResultSet>;
  startTransaction?: (level?: IsolationLevel) => Promise<object>;
};

function readCharColumns<T extends object>(queryable: T): T {
  const target = queryable as PatchableQueryable;
  const performIO = target.performIO?.bind(target);
  const queryRaw = target.queryRaw?.bind(target);
  if (!performIO || !queryRaw) throw new Error("schema-engine.ts: @prisma/adapter-pg internals changed; revisit readCharColumns");
  const charColumns = new WeakMap<SqlQuery, number[]>();
  target.performIO = async (query) => {
    const result = await performIO(query);
    const indexes = result.fields.flatMap((field, index) => (field.dataTypeID === pgCharOid ? [index] : []));
    for (const index of indexes) result.fields[index]!.dataTypeID = pgTextOid;
    charColumns.set(query, indexes);
    return result;
  };
  target.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    return resultSet;
  };
  const startTransaction = target.startTransaction?.bind(target);
  if (startTransaction) target.startTransaction = async (level) => readCharColumns(await startTransaction(level));
  return queryable;
}

// A Rust panic inside the engine calls this hook before the wasm instance traps. Without it the
// hook itself fails with an unrelated TypeError; with it the panic message becomes the error.
// (@prisma/client installs its own when loaded; we keep that one.)
function installPanicHook(): void {
  const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  holder.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      throw new Error(`Prisma schema engine panicked: ${message}`);
    },
  };
}

// The package's main entry imports the .wasm file as an ES module, which Node only does behind an
// experimental warning and Vite not at all; so we instantiate it by hand with the JS glue.
async function loadGlue(): Promise<Glue> {
  installPanicHook();
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(join(dirname(gluePath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}
