// Which compiled definition a run executes: its pinned, immutable version (cached), or the draft
// snapshot a test run carries.
import { cachedVersion, compileFlow, compiledVersion, type CompiledFlow } from "./compiled-flow.ts";
import type { Sql } from "./sql.ts";

export type RunFlowRef = { id: string; versionId: string | null };

const testCache = new Map<string, CompiledFlow>();

export async function flowOfRun(sql: Sql, run: RunFlowRef): Promise<CompiledFlow> {
  if (run.versionId) {
    const cached = cachedVersion(run.versionId);
    if (cached) return cached;
    const rows = await sql.query<{ definition: unknown }>(`SELECT definition FROM "FlowVersion" WHERE id = $1::uuid`, [run.versionId]);
    return compiledVersion(run.versionId, rows[0]?.definition);
  }
  const cached = testCache.get(run.id);
  if (cached) return cached;
  const rows = await sql.query<{ definition: unknown }>(`SELECT definition FROM "Run" WHERE id = $1::uuid`, [run.id]);
  const compiled = compileFlow(rows[0]?.definition);
  if (testCache.size > 200) testCache.clear();
  testCache.set(run.id, compiled);
  return compiled;
}
