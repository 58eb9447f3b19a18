"use client";

// The inbox list: my open tasks (or, on the Decided tab, what I decided), filtered through the
// address, refreshed every 10 seconds so new tasks appear. j/k move the highlight, Enter opens,
// x selects; tasks of one kind (same flow and step) can be approved together. `compact` is the
// narrow list beside an open task (there j/k open the next/previous task directly).
import clsx from "clsx";
import { CheckCheck, CircleCheck, CircleX, Inbox, ListFilter, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { DecidedTask, InboxTask } from "../../lib/tasks/queries.server.ts";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { EmptyState } from "../ui/empty-state.tsx";
import { inputClasses } from "../ui/form.tsx";
import { Modal } from "../ui/modal.tsx";
import { PageHeader } from "../ui/page-header.tsx";
import { RelativeTime } from "../ui/time.tsx";
import { useToast } from "../ui/toast.tsx";
import { inboxQueryString, isFiltered, type BulkDecideOutcome, type InboxActions, type InboxQuery } from "./inbox-types.ts";
import { ShortcutHelp } from "./shortcut-help.tsx";
import { PriorityBadge, SlaBadge, TaskFlags, TaskOrigin, useNow } from "./task-badges.tsx";
import { useShortcuts } from "./use-shortcuts.ts";

export type InboxListData = {
  query: InboxQuery;
  tasks: InboxTask[];
  more: boolean;
  decided: DecidedTask[];
  flows: { id: string; name: string }[];
  /** The signed-in person (to say "Claimed by you"). */
  userId: string;
  /** The server's clock when the data was read (ms). */
  now: number;
};

/** How often the list asks the server again. */
export const INBOX_REFRESH_MS = 10_000;

type Props = { data: InboxListData; actions: InboxActions; activeTaskId?: string; compact?: boolean };

export function taskHref(taskId: string, query: InboxQuery): string {
  const qs = inboxQueryString(query);
  return `/inbox/${taskId}${qs ? `?${qs}` : ""}`;
}

/** Keeps server-rendered inbox data fresh while the tab is visible. */
export function useInboxRefresh(): void {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, INBOX_REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);
}

export function InboxList({ data, actions, activeTaskId, compact = false }: Props) {
  const router = useRouter();
  const { query, tasks } = data;
  const decidedView = query.view === "decided";
  const rows: { id: string }[] = decidedView ? data.decided : tasks;
  const now = useNow(data.now);
  const [cursor, setCursor] = useState(() => Math.max(0, rows.findIndex((row) => row.id === activeTaskId)));
  // The highlight shows once the keyboard is used (j/k), not for people who click.
  const [keyboard, setKeyboard] = useState(false);
  const [picked, setSelected] = useState<string[]>([]);
  // Tasks decided elsewhere drop out of the selection when the list refreshes.
  const selected = picked.filter((id) => tasks.some((task) => task.id === id));
  const listRef = useRef<HTMLUListElement>(null);
  useInboxRefresh();

  function move(delta: number) {
    if (rows.length === 0) return;
    const next = Math.min(rows.length - 1, Math.max(0, cursor + delta));
    setCursor(next);
    setKeyboard(true);
    const row = rows[next];
    if (!row) return;
    if (compact) router.push(taskHref(row.id, query));
    else listRef.current?.querySelector<HTMLElement>(`[data-task="${row.id}"]`)?.scrollIntoView({ block: "nearest" });
  }

  useShortcuts({
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    Enter: () => {
      const row = rows[cursor];
      if (row && row.id !== activeTaskId) router.push(taskHref(row.id, query));
    },
    x: () => {
      const task = tasks[cursor];
      if (task && !compact && !decidedView && selectable(task, tasks, selected) === null) setSelected((current) => toggle(current, task.id));
    },
  });

  const header = compact ? (
    <div className="mb-3 flex items-center justify-between">
      <Link href={`/inbox${inboxQueryString(query) ? `?${inboxQueryString(query)}` : ""}`} className="text-sm font-semibold text-zinc-900 hover:text-accent-700">
        Inbox
      </Link>
      <ShortcutHelp />
    </div>
  ) : (
    <PageHeader
      title="Inbox"
      description="Approvals waiting for you, your roles, your groups and colleagues you stand in for; the most urgent first."
      actions={<ShortcutHelp />}
    />
  );

  return (
    <div>
      {header}
      <ViewTabs query={query} openCount={decidedView ? null : tasks.length} more={data.more} />
      {!decidedView && <Filters query={query} flows={data.flows} compact={compact} />}
      {!decidedView && selected.length > 0 && (
        <BulkBar tasks={tasks.filter((task) => selected.includes(task.id))} actions={actions} onClear={() => setSelected([])} />
      )}
      {rows.length === 0 ? (
        <EmptyInbox query={query} compact={compact} />
      ) : (
        <ul ref={listRef} aria-label={decidedView ? "Decided tasks" : "Open tasks"} className="divide-y divide-zinc-100 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
          {decidedView
            ? data.decided.map((task, i) => <DecidedRow key={task.id} task={task} query={query} active={task.id === activeTaskId} highlighted={keyboard && i === cursor} compact={compact} now={now} />)
            : tasks.map((task, i) => (
                <TaskRow
                  key={task.id}
                  task={task}
                  query={query}
                  me={data.userId}
                  now={now}
                  compact={compact}
                  active={task.id === activeTaskId}
                  highlighted={keyboard && i === cursor}
                  selected={selected.includes(task.id)}
                  disabledReason={selectable(task, tasks, selected)}
                  onToggle={() => setSelected((current) => toggle(current, task.id))}
                />
              ))}
        </ul>
      )}
      {data.more && !decidedView && (
        <p className="mt-3 text-center text-xs text-zinc-500">Showing the 200 most urgent tasks. Filter the list to reach the others.</p>
      )}
    </div>
  );
}

function toggle(list: string[], id: string): string[] {
  return list.includes(id) ? list.filter((other) => other !== id) : [...list, id];
}

/** Why a task cannot join the bulk selection (null: it can). */
function selectable(task: InboxTask, tasks: InboxTask[], selected: string[]): string | null {
  if (task.hasRequiredForm) return "This task has required form fields: decide it on its own.";
  const first = tasks.find((other) => other.id === selected[0]);
  if (first && first.kind !== task.kind) return `Only tasks of the same step as the first selected one (${first.flowName}) can be approved together.`;
  return null;
}

function ViewTabs({ query, openCount, more }: { query: InboxQuery; openCount: number | null; more: boolean }) {
  const pathname = usePathname();
  const filters = { ...query, view: undefined };
  const tab = (view: "open" | "decided", label: string) => {
    const current = query.view === view;
    const qs = inboxQueryString(view === "open" ? filters : { view: "decided" });
    return (
      <Link
        href={`${pathname}${qs ? `?${qs}` : ""}`}
        aria-current={current ? "page" : undefined}
        className={clsx(
          "flex h-7 items-center gap-1.5 rounded-md px-3 text-sm font-medium transition-colors",
          current ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200" : "text-zinc-600 hover:text-zinc-900",
        )}
      >
        {label}
        {view === "open" && openCount !== null && <span className="text-xs tabular-nums text-zinc-500">{more ? `${openCount}+` : openCount}</span>}
      </Link>
    );
  };
  return (
    <nav aria-label="Inbox views" className="mb-3 inline-flex gap-0.5 rounded-lg bg-zinc-100 p-0.5">
      {tab("open", "Open")}
      {tab("decided", "Decided")}
    </nav>
  );
}

const selectClasses = inputClasses(false, "h-8 w-auto max-w-52 pr-8 text-xs");

function Filters({ query, flows, compact }: { query: InboxQuery; flows: { id: string; name: string }[]; compact: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const [shown, setShown] = useState(!compact || isFiltered(query));
  function set(patch: Partial<InboxQuery>) {
    const qs = inboxQueryString({ ...query, ...patch });
    router.replace(`${pathname}${qs ? `?${qs}` : ""}`);
  }
  if (!shown)
    return (
      <Button variant="ghost" size="sm" className="mb-3" onClick={() => setShown(true)}>
        <ListFilter aria-hidden="true" />
        Filters
      </Button>
    );
  return (
    <div role="search" aria-label="Filter tasks" className={clsx("mb-3 flex flex-wrap items-center gap-2", compact && "flex-col items-stretch")}>
      <select aria-label="Flow" value={query.flow ?? ""} onChange={(e) => set({ flow: e.target.value || undefined })} className={selectClasses}>
        <option value="">All flows</option>
        {flows.map((flow) => (
          <option key={flow.id} value={flow.id}>
            {flow.name}
          </option>
        ))}
      </select>
      <select aria-label="Priority" value={query.priority ?? ""} onChange={(e) => set({ priority: (e.target.value || undefined) as InboxQuery["priority"] })} className={selectClasses}>
        <option value="">Any priority</option>
        <option value="high">High</option>
        <option value="normal">Normal</option>
        <option value="low">Low</option>
      </select>
      <select
        aria-label="Addressed"
        value={query.claimed ? "claimed" : (query.via ?? "")}
        onChange={(e) => {
          const value = e.target.value;
          set({ via: value === "me" || value === "shared" ? value : undefined, claimed: value === "claimed" ? "me" : undefined });
        }}
        className={selectClasses}
      >
        <option value="">Everything for me</option>
        <option value="me">Assigned to me by name</option>
        <option value="shared">Through my roles or groups</option>
        <option value="claimed">Claimed by me</option>
      </select>
      <select aria-label="Sort" value={query.sort ?? ""} onChange={(e) => set({ sort: e.target.value === "newest" ? "newest" : undefined })} className={selectClasses}>
        <option value="">Due soonest first</option>
        <option value="newest">Newest first</option>
      </select>
      <label className="flex h-8 items-center gap-2 rounded-md px-2 text-xs font-medium text-zinc-700 ring-1 ring-zinc-300 ring-inset">
        <input type="checkbox" checked={query.overdue === "1"} onChange={(e) => set({ overdue: e.target.checked ? "1" : undefined })} className="size-3.5 accent-accent-600" />
        Overdue only
      </label>
      {isFiltered(query) && (
        <Button variant="ghost" size="sm" onClick={() => set({ flow: undefined, priority: undefined, overdue: undefined, via: undefined, claimed: undefined })}>
          <X aria-hidden="true" />
          Clear
        </Button>
      )}
    </div>
  );
}

function TaskRow({
  task, query, me, now, compact, active, highlighted, selected, disabledReason, onToggle,
}: {
  task: InboxTask; query: InboxQuery; me: string; now: Date; compact: boolean; active: boolean; highlighted: boolean; selected: boolean; disabledReason: string | null; onToggle: () => void;
}) {
  const overdue = task.dueAt !== null && task.dueAt.getTime() < now.getTime();
  return (
    <li
      data-task={task.id}
      className={clsx(
        "relative flex items-start gap-3 px-4 py-3 transition-colors",
        active ? "bg-accent-50/70" : selected ? "bg-accent-50/40" : "hover:bg-zinc-50",
        highlighted ? "ring-2 ring-accent-400 ring-inset" : active && "ring-1 ring-accent-200 ring-inset",
      )}
    >
      {overdue && <span aria-hidden="true" className="absolute inset-y-0 left-0 w-0.5 bg-red-500" />}
      {!compact && (
        <input
          type="checkbox"
          checked={selected}
          onChange={onToggle}
          disabled={!selected && disabledReason !== null}
          title={!selected && disabledReason ? disabledReason : "Select for a bulk approval"}
          aria-label={`Select ${task.title}`}
          className="relative z-10 mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-accent-600 disabled:opacity-40"
        />
      )}
      <div className="min-w-0 flex-1">
        <div className="flex items-start justify-between gap-3">
          <Link href={taskHref(task.id, query)} aria-current={active ? "page" : undefined} className="min-w-0 text-sm font-medium text-zinc-900 after:absolute after:inset-0 hover:text-accent-700">
            <span className={clsx(compact ? "line-clamp-2" : "truncate")}>{task.title}</span>
          </Link>
          {!compact && (
            <span className="shrink-0">
              <SlaBadge createdAt={task.createdAt} dueAt={task.dueAt} now={now} />
            </span>
          )}
        </div>
        <div className="mt-1">
          <TaskOrigin task={task} />
        </div>
        <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
          {compact && task.dueAt && <SlaBadge createdAt={task.createdAt} dueAt={task.dueAt} now={now} />}
          <PriorityBadge priority={task.priority} />
          <TaskFlags task={task} me={me} />
          {!compact && task.assigneeLabels.length > 0 && <span className="text-xs text-zinc-500">for {task.assigneeLabels.join(", ")}</span>}
          {!compact && (
            <span className="text-xs text-zinc-400">
              · opened <RelativeTime date={task.createdAt} now={now} />
            </span>
          )}
        </div>
      </div>
    </li>
  );
}

function DecidedRow({ task, query, active, highlighted, compact, now }: { task: DecidedTask; query: InboxQuery; active: boolean; highlighted: boolean; compact: boolean; now: Date }) {
  const approved = task.myDecision === "approved";
  return (
    <li className={clsx("relative flex items-start gap-3 px-4 py-3", active ? "bg-accent-50/70" : "hover:bg-zinc-50", highlighted && "ring-2 ring-accent-400 ring-inset")}>
      {approved ? <CircleCheck aria-label="Approved" className="mt-0.5 size-4 shrink-0 text-emerald-600" /> : <CircleX aria-label="Rejected" className="mt-0.5 size-4 shrink-0 text-red-600" />}
      <div className="min-w-0 flex-1">
        <div className="flex items-start justify-between gap-3">
          <Link href={taskHref(task.id, query)} className="min-w-0 truncate text-sm font-medium text-zinc-900 after:absolute after:inset-0 hover:text-accent-700">
            {task.title}
          </Link>
          <span className="shrink-0 text-xs text-zinc-500">
            <RelativeTime date={task.decidedAt} now={now} />
          </span>
        </div>
        <div className="mt-1">
          <TaskOrigin task={{ ...task, versionNumber: null }} />
        </div>
        <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
          <Badge tone={approved ? "green" : "red"}>You {task.myDecision}</Badge>
          {task.status === "OPEN" && <Badge tone="amber">Waiting for more approvals</Badge>}
          {task.status !== "OPEN" && task.status !== (approved ? "APPROVED" : "REJECTED") && <Badge tone="neutral">Task {task.status.toLowerCase()}</Badge>}
          {task.testRun && <Badge tone="blue">Test run</Badge>}
          {task.onBehalfOf && <Badge tone="neutral">on behalf of {task.onBehalfOf}</Badge>}
          {!compact && task.myComment && <span className="truncate text-xs text-zinc-500">“{task.myComment}”</span>}
        </div>
      </div>
    </li>
  );
}

function EmptyInbox({ query, compact }: { query: InboxQuery; compact: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  if (query.view === "decided")
    return (
      <EmptyState icon={CheckCheck} title="Nothing decided yet" headingLevel={compact ? 3 : 2}>
        Tasks you approve or reject, and votes you cast on tasks needing several approvals, are listed here, newest first.
      </EmptyState>
    );
  if (isFiltered(query))
    return (
      <EmptyState
        icon={ListFilter}
        title="No task matches these filters"
        headingLevel={compact ? 3 : 2}
        action={
          <Button size="sm" onClick={() => router.replace(pathname)}>
            Clear the filters
          </Button>
        }
      >
        Other tasks are waiting: clear the filters to see all of them.
      </EmptyState>
    );
  return (
    <EmptyState icon={Inbox} title="Nothing waiting for you" headingLevel={compact ? 3 : 2}>
      When a running flow reaches an approval step addressed to you, one of your roles or groups, or a colleague you stand in for, the decision lands here.
    </EmptyState>
  );
}

function BulkBar({ tasks, actions, onClear }: { tasks: InboxTask[]; actions: InboxActions; onClear: () => void }) {
  const toast = useToast();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [comment, setComment] = useState("");
  const [pending, setPending] = useState(false);
  const [refusals, setRefusals] = useState<{ title: string; message: string }[]>([]);
  const first = tasks[0];

  async function approveAll() {
    setPending(true);
    try {
      const result = await actions.bulkDecide({ taskIds: tasks.map((task) => task.id), decision: "approved", comment: comment.trim() || undefined });
      if (!result.ok) {
        toast(result.message, "error");
        return;
      }
      reportBulk(result.data);
    } catch {
      toast("Millwright could not be reached. Check your connection and try again.", "error");
    } finally {
      setPending(false);
    }
  }

  function reportBulk(outcome: BulkDecideOutcome) {
    const done = outcome.results.filter((result) => result.ok).length;
    const refused = outcome.results.flatMap((result) => (result.ok ? [] : [{ title: tasks.find((task) => task.id === result.taskId)?.title ?? result.taskId, message: result.message }]));
    toast(refused.length === 0 ? `Approved ${done} task${done === 1 ? "" : "s"}.` : `Approved ${done}, ${refused.length} refused.`, refused.length ? "error" : "success");
    setRefusals(refused);
    setConfirming(false);
    setComment("");
    if (refused.length === 0) onClear();
    router.refresh();
  }

  return (
    <div className="mb-3 rounded-lg border border-accent-200 bg-accent-50/60 px-4 py-2.5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-accent-900">
          <span className="font-semibold">{tasks.length} selected</span>
          {first && <span className="text-accent-800"> · only tasks of the same step ({first.flowName}) can be approved together</span>}
        </p>
        <div className="flex gap-2">
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear
          </Button>
          <Button size="sm" variant="primary" onClick={() => setConfirming(true)}>
            <CheckCheck aria-hidden="true" />
            Approve {tasks.length}
          </Button>
        </div>
      </div>
      {refusals.length > 0 && (
        <ul aria-label="Refused" className="mt-2 space-y-1 text-xs text-red-800">
          {refusals.map((refusal) => (
            <li key={refusal.title}>
              <span className="font-medium">{refusal.title}</span>: {refusal.message}
            </li>
          ))}
        </ul>
      )}
      <Modal open={confirming} onClose={() => setConfirming(false)} title={`Approve ${tasks.length} task${tasks.length === 1 ? "" : "s"}?`} description="Each is decided on its own: tasks someone else decided in the meantime are reported, not approved twice.">
        <div className="space-y-3 px-6 py-4">
          <ul className="max-h-40 space-y-1 overflow-y-auto text-sm text-zinc-700">
            {tasks.map((task) => (
              <li key={task.id} className="truncate">
                {task.title}
              </li>
            ))}
          </ul>
          <label className="block text-sm font-medium text-zinc-800" htmlFor="bulk-comment">
            Comment <span className="font-normal text-zinc-500">(optional, added to each)</span>
          </label>
          <textarea id="bulk-comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} className={inputClasses(false, "h-auto py-2")} />
        </div>
        <div className="flex justify-end gap-2 border-t border-zinc-100 px-6 py-3">
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button variant="primary" disabled={pending} onClick={approveAll}>
            {pending ? "Approving…" : `Approve ${tasks.length}`}
          </Button>
        </div>
      </Modal>
    </div>
  );
}
