// For integration tests: a fresh, migrated database per test file, cloned from the template.
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { createDb, type Db } from "../lib/db/client.ts";
import { dropDatabase, recreateDatabase, withDatabase } from "./databases.ts";

export type TestDatabase = { url: string; db: Db; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject("serverUrl");
  const name = `mw_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await recreateDatabase(serverUrl, name, inject("templateDatabase"));
  const url = withDatabase(serverUrl, name);
  const db = createDb(url);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      await dropDatabase(serverUrl, name);
    },
  };
}

/** A fresh empty database (not migrated), for migration tests. */
export async function createEmptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = inject("serverUrl");
  const name = `mw_empty_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await recreateDatabase(serverUrl, name);
  return { url: withDatabase(serverUrl, name), drop: () => dropDatabase(serverUrl, name) };
}
