"use client";

// The runs console: all runs or the dead letters, filtered through the URL, refreshed every few
// seconds in place (filters, page and scroll stay), paged by keyset cursors. In the dead-letters
// view rows can be selected and replayed from their failed steps or discarded together.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { Activity, ChevronLeft, ChevronRight, Inbox, RotateCcw, SearchX, Trash2 } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { FieldIssue } from "../../lib/flows/action-result.ts";
import { defaultRunQuery, isFiltered, parseRunQuery, runQueryString, type RunQuery } from "../../lib/runs/run-query.ts";
import type { RunListPage } from "../../lib/runs/run-types.ts";
import { Button } from "../ui/button.tsx";
import { EmptyState } from "../ui/empty-state.tsx";
import { FormAlert } from "../ui/form.tsx";
import { PageHeader } from "../ui/page-header.tsx";
import { RunActionDialog, type RunDialogRequest } from "./run-dialogs.tsx";
import { RunFilters, type RunFilterOptions } from "./run-filters.tsx";
import { RunTable, RunTableSkeleton } from "./run-table.tsx";
import { fetchJson } from "./fetch-json.ts";
import type { RunActions } from "./use-run-actions.ts";

/** How often the list refreshes itself. */
export const LIST_REFRESH_MS = 4000;

type Props = {
  initial: RunListPage;
  /** The query string the initial page was loaded for (runQueryString of the page's query). */
  initialQuery: string;
  initialNow: number;
  options: RunFilterOptions;
  actions: RunActions;
  /** Parameters of the address that were not understood (the defaults were used instead). */
  invalid: FieldIssue[] | null;
};

export function RunsConsole({ initial, initialQuery, initialNow, options, actions, invalid }: Props) {
  const params = useSearchParams();
  const parsed = parseRunQuery(params);
  const query = parsed.ok ? parsed.query : defaultRunQuery();
  const qs = runQueryString(query);
  const dead = query.view === "dead";
  const top = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<RunDialogRequest | null>(null);

  const list = useQuery({
    queryKey: ["runs", qs],
    queryFn: ({ signal }) => fetchJson<RunListPage>(`/api/runs${qs ? `?${qs}` : ""}`, signal),
    initialData: qs === initialQuery ? initial : undefined,
    initialDataUpdatedAt: initialNow,
    placeholderData: keepPreviousData,
    refetchInterval: LIST_REFRESH_MS,
    staleTime: 1000,
  });
  const page = list.data;
  const now = list.dataUpdatedAt || initialNow;

  /** Filters replace the address (and go back to the first page); paging pushes, so Back works. */
  function navigate(patch: Partial<RunQuery>, options: { push?: boolean } = {}) {
    const next = runQueryString({ ...query, cursor: undefined, dir: "next", ...patch });
    const url = next ? `?${next}` : window.location.pathname;
    if (options.push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
    if (!("cursor" in patch)) setSelected(new Set());
  }

  function turnPage(cursor: string, dir: "next" | "prev") {
    navigate({ cursor, dir }, { push: true });
    top.current?.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  // Paging back reached the newest runs: drop the cursor, so the first page is live again.
  const backAtNewest = query.cursor !== undefined && query.dir === "prev" && page !== undefined && !list.isPlaceholderData && page.prevCursor === null;
  const firstPage = runQueryString({ ...query, cursor: undefined, dir: "next" });
  useEffect(() => {
    if (backAtNewest) window.history.replaceState(null, "", firstPage ? `?${firstPage}` : window.location.pathname);
  }, [backAtNewest, firstPage]);

  const runs = page?.runs ?? [];
  const visibleSelection = runs.filter((r) => selected.has(r.id)).map((r) => r.id);
  const selection = dead
    ? {
        selected,
        toggle: (runId: string) => setSelected((current) => toggled(current, runId)),
        toggleAll: (on: boolean) => setSelected(on ? new Set(runs.map((r) => r.id)) : new Set()),
      }
    : undefined;

  return (
    <>
      <PageHeader
        title="Runs"
        description={dead ? "Failed runs waiting for you: replay them from the failed step, or discard them." : "Every execution of a released flow, newest first."}
        actions={<LiveIndicator fetching={list.isFetching} failed={list.isError} />}
      />
      <div ref={top} className="scroll-mt-6" />
      <ViewTabs dead={dead} count={page?.deadLetterCount ?? initial.deadLetterCount} onSelect={(view) => navigate({ view })} />
      {invalid && <div className="mb-4"><FormAlert message={`Some filters in the address were not understood and were left out (${invalid.map((f) => f.path).join(", ")}).`} /></div>}
      <RunFilters query={query} options={options} onChange={(patch) => navigate(patch)} />
      {list.isError && !page && <FormAlert message={list.error.message} />}
      {!page ? (
        <RunTableSkeleton />
      ) : runs.length === 0 ? (
        <EmptyRuns query={query} onChange={(patch) => navigate(patch)} />
      ) : (
        <>
          {dead && (
            <BulkBar
              count={visibleSelection.length}
              onReplay={() => setDialog({ kind: "replay", runIds: visibleSelection, from: "failed" })}
              onDiscard={() => setDialog({ kind: "discard", runIds: visibleSelection })}
            />
          )}
          <RunTable runs={runs} now={now} dead={dead} selection={selection} busy={list.isPlaceholderData} />
          <Pager page={page} onPage={turnPage} />
        </>
      )}
      <RunActionDialog request={dialog} onClose={() => setDialog(null)} actions={actions} onDone={(outcome) => setSelected((current) => new Set([...current].filter((id) => !outcome.done.includes(id))))} />
    </>
  );
}

function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

function ViewTabs({ dead, count, onSelect }: { dead: boolean; count: number; onSelect: (view: "all" | "dead") => void }) {
  const tab = (view: "all" | "dead", label: string, current: boolean, badge?: number) => (
    <a
      href={view === "dead" ? "?view=dead" : "?"}
      aria-current={current ? "page" : undefined}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        onSelect(view);
      }}
      className={clsx(
        "-mb-px inline-flex h-10 items-center gap-2 border-b-2 px-1 text-sm font-medium transition-colors",
        current ? "border-accent-600 text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800",
      )}
    >
      {label}
      {badge !== undefined && (
        <span
          data-testid="dead-letter-count"
          className={clsx("inline-flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 text-xs font-semibold tabular-nums", badge > 0 ? "bg-red-600 text-white" : "bg-zinc-100 text-zinc-500")}
        >
          {badge}
        </span>
      )}
    </a>
  );
  return (
    <nav aria-label="Runs views" className="mb-5 flex gap-6 border-b border-zinc-200">
      {tab("all", "All runs", !dead)}
      {tab("dead", "Dead letters", dead, count)}
    </nav>
  );
}

const noop = () => () => {};

function LiveIndicator({ fetching, failed }: { fetching: boolean; failed: boolean }) {
  // Whether a refresh is under way is only known in the browser: the server's HTML shows it idle.
  const hydrated = useSyncExternalStore(noop, () => true, () => false);
  return (
    <span className="inline-flex items-center gap-2 text-xs font-medium text-zinc-500" title={`Refreshes every ${LIST_REFRESH_MS / 1000} seconds`}>
      <span aria-hidden="true" className="relative flex size-2">
        {!failed && <span className={clsx("absolute inline-flex size-full rounded-full bg-emerald-400 opacity-60", fetching && hydrated && "animate-ping")} />}
        <span className={clsx("relative inline-flex size-2 rounded-full", failed ? "bg-red-500" : "bg-emerald-500")} />
      </span>
      {failed ? "Not refreshing: Millwright could not be reached" : "Live"}
    </span>
  );
}

function BulkBar({ count, onReplay, onDiscard }: { count: number; onReplay: () => void; onDiscard: () => void }) {
  return (
    <div className="mb-3 flex min-h-9 flex-wrap items-center justify-between gap-3" aria-live="polite">
      <p className="text-sm text-zinc-500">
        {count > 0 ? <span className="font-medium text-zinc-900">{count} selected</span> : "Select dead letters to replay or discard several at once."}
      </p>
      <div className="flex gap-2">
        <Button disabled={count === 0} onClick={onReplay}>
          <RotateCcw aria-hidden="true" />
          Replay from failed step
        </Button>
        <Button disabled={count === 0} onClick={onDiscard} className="text-red-700">
          <Trash2 aria-hidden="true" />
          Discard
        </Button>
      </div>
    </div>
  );
}

function Pager({ page, onPage }: { page: RunListPage; onPage: (cursor: string, dir: "next" | "prev") => void }) {
  const { prevCursor, nextCursor } = page;
  return (
    <div className="mt-3 flex items-center justify-between gap-3 text-sm text-zinc-500">
      <p>
        {page.runs.length} run{page.runs.length === 1 ? "" : "s"} on this page{prevCursor === null ? ", the newest" : ""}.
      </p>
      {(prevCursor || nextCursor) && (
        <div className="flex gap-2">
          <Button size="sm" disabled={!prevCursor} onClick={() => prevCursor && onPage(prevCursor, "prev")}>
            <ChevronLeft aria-hidden="true" />
            Newer
          </Button>
          <Button size="sm" disabled={!nextCursor} onClick={() => nextCursor && onPage(nextCursor, "next")}>
            Older
            <ChevronRight aria-hidden="true" />
          </Button>
        </div>
      )}
    </div>
  );
}

function EmptyRuns({ query, onChange }: { query: RunQuery; onChange: (patch: Partial<RunQuery>) => void }) {
  const clear = () => onChange({ flow: undefined, env: undefined, status: undefined, range: undefined, from: undefined, to: undefined, q: undefined, match: "prefix", mode: "live" });
  if (query.view === "dead" && !query.flow && !query.env && !query.q) {
    return (
      <EmptyState icon={Inbox} title="No dead letters">
        Every failed run was replayed or discarded. A run that fails after its last retry waits here until someone decides what to do with it.
      </EmptyState>
    );
  }
  if (query.view === "all" && !isFiltered(query) && !query.cursor) {
    return (
      <EmptyState icon={Activity} title="No runs yet">
        A run starts each time a released flow is triggered, by a webhook, a schedule or a test. Release a flow to an environment and its runs will
        show up here.
      </EmptyState>
    );
  }
  const anywhere = query.q && query.match === "prefix";
  return (
    <EmptyState
      icon={SearchX}
      title={query.view === "dead" ? "No dead letters match these filters" : "No runs match these filters"}
      action={
        <div className="flex flex-wrap justify-center gap-2">
          {anywhere && <Button onClick={() => onChange({ match: "contains" })}>Search anywhere in the business key</Button>}
          <Button onClick={clear}>Clear filters</Button>
        </div>
      }
    >
      {query.q ? (
        <>
          No business key {query.match === "prefix" ? "starts with" : "contains"} “{query.q}”{isFiltered({ ...query, q: undefined }) ? " among the runs the other filters leave" : ""}.
        </>
      ) : (
        "Widen the time range or pick other statuses, flows or environments."
      )}
    </EmptyState>
  );
}
