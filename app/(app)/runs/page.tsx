import type { Metadata } from "next";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { runFilterOptions, runsForQuery } from "../../../lib/runs/queries.server.ts";
import { defaultRunQuery, parseRunQuery, runQueryString } from "../../../lib/runs/run-query.ts";
import { RunsConsole } from "../../../components/runs/runs-console.tsx";
import type { RunActions } from "../../../components/runs/use-run-actions.ts";
import { cancelRunsAction, discardRunsAction, replayRunsAction } from "./actions.ts";

export const metadata: Metadata = { title: "Runs" };

const actions: RunActions = { replay: replayRunsAction, cancel: cancelRunsAction, discard: discardRunsAction };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The runs console; the first page is rendered here, then the client keeps it live (/api/runs). */
export default async function RunsPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole("/runs", ...SECTION_ROLES.runs);
  const parsed = parseRunQuery(await searchParams);
  const query = parsed.ok ? parsed.query : defaultRunQuery();
  const db = getDb();
  const now = new Date();
  const [initial, options] = await Promise.all([
    // A cursor that does not decode (an old link): start from the first page.
    runsForQuery(db, query, now).catch(() => runsForQuery(db, { ...query, cursor: undefined }, now)),
    runFilterOptions(db),
  ]);
  return (
    <RunsConsole
      initial={initial}
      initialQuery={runQueryString(query)}
      initialNow={now.getTime()}
      options={options}
      actions={actions}
      invalid={parsed.ok ? null : parsed.fields}
    />
  );
}
