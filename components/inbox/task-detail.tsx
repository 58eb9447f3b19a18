"use client";

// One task: what is asked and by whom, its deadline and quorum, the Odoo record (a slot the page
// fills from the server), the request data the approver reviews and may correct, the trigger
// payload, and the decision form. Claim/Release for tasks reaching me through a role or group.
import clsx from "clsx";
import { ArrowLeft, ArrowUpRight, CircleAlert, CircleCheck, CircleX, Clock, Hand, Undo2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import type { TaskDetail } from "../../lib/tasks/queries.server.ts";
import { Button } from "../ui/button.tsx";
import { formatDateTime } from "../ui/format.ts";
import { useToast } from "../ui/toast.tsx";
import { DataView } from "./data-view.tsx";
import { DecisionForm } from "./decision-form.tsx";
import { taskHref, type InboxListData } from "./inbox-list.tsx";
import { inboxQueryString, type InboxActions } from "./inbox-types.ts";
import { PriorityBadge, SlaBadge, TaskFlags, TaskOrigin, useNow } from "./task-badges.tsx";
import { useShortcuts } from "./use-shortcuts.ts";

type Props = {
  task: TaskDetail;
  data: InboxListData;
  actions: InboxActions;
  /** Analysts and admins may open the run. */
  canSeeRuns: boolean;
  /** The Odoo record section (server-rendered), when the task names one. */
  record?: ReactNode;
  now: number;
};

export function TaskDetailView({ task, data, actions, canSeeRuns, record, now: initialNow }: Props) {
  const router = useRouter();
  const now = useNow(initialNow);
  const open = task.status === "OPEN";
  // The list beside the task (mounted, if hidden on narrow screens) keeps the page fresh.
  const listHref = `/inbox${inboxQueryString(data.query) ? `?${inboxQueryString(data.query)}` : ""}`;

  function goNext() {
    const index = data.tasks.findIndex((other) => other.id === task.id);
    const next = data.tasks[index + 1] ?? data.tasks[index - 1];
    const target = next && next.id !== task.id ? taskHref(next.id, data.query) : listHref;
    router.push(target);
    router.refresh();
  }

  return (
    <article aria-labelledby="task-title" className="min-w-0">
      <Link href={listHref} className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900 lg:hidden">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Inbox
      </Link>
      <header className="mb-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h1 id="task-title" className="min-w-0 text-xl font-semibold tracking-tight text-zinc-900">
            {task.title}
          </h1>
          <div className="flex shrink-0 items-center gap-2">
            {open && <ClaimButton task={task} actions={actions} me={data.userId} />}
            {canSeeRuns && (
              <Link href={`/runs/${task.runId}`} className="inline-flex h-7 items-center gap-1 rounded-md px-2.5 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900">
                Run
                <ArrowUpRight aria-hidden="true" className="size-3.5" />
              </Link>
            )}
          </div>
        </div>
        <div className="mt-1.5">
          <TaskOrigin task={task} />
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-1.5">
          {open && <SlaBadge createdAt={task.createdAt} dueAt={task.dueAt} now={now} />}
          <PriorityBadge priority={task.priority} />
          <TaskFlags task={task} me={data.userId} />
        </div>
      </header>

      <StatusBanner task={task} />
      {open && task.blocked && <Notice tone="amber" icon={CircleAlert}>{task.blocked}</Notice>}

      {task.description && <p className="mb-5 text-sm leading-6 whitespace-pre-line text-zinc-700">{task.description}</p>}

      <Facts task={task} />

      <div className="space-y-5">
        {record}
        <Panel title="Request" description="The data this step received, as the approver reviews it.">
          <DataView value={task.input} label="Request data" marked={open ? task.correctable : []} />
        </Panel>
        {open && !task.blocked && (
          <Panel title="Your decision" id="decision">
            <DecisionForm task={task} decide={actions.decide} onDecided={goNext} onConflict={() => router.refresh()} />
          </Panel>
        )}
        <details className="group rounded-lg border border-zinc-200 bg-white shadow-xs">
          <summary className="cursor-pointer list-none px-4 py-3 text-sm font-semibold text-zinc-900 marker:hidden">
            Trigger payload <span className="font-normal text-zinc-500">— what started the run</span>
          </summary>
          <div className="border-t border-zinc-100 px-4 py-3">
            <DataView value={task.triggerPayload} label="Trigger payload" />
          </div>
        </details>
      </div>
    </article>
  );
}

function Facts({ task }: { task: TaskDetail }) {
  const approvals = task.votes.filter((vote) => vote.decision === "approved");
  return (
    <dl className="mb-5 grid gap-x-6 gap-y-3 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm shadow-xs sm:grid-cols-2">
      <Fact label="Requested by">{task.requester ?? <span className="text-zinc-400">the flow</span>}</Fact>
      <Fact label="Assigned to">{task.assigneeLabels.length ? task.assigneeLabels.join(", ") : "—"}</Fact>
      <Fact label="Due">{task.dueAt ? formatDateTime(task.dueAt) : <span className="text-zinc-400">No due time</span>}</Fact>
      <Fact label="Opened">{formatDateTime(task.createdAt)}</Fact>
      {task.quorum > 1 && (
        <Fact label="Approvals">
          <span className="flex items-center gap-2">
            <span className="h-1.5 w-20 overflow-hidden rounded-full bg-zinc-200">
              <span className="block h-full bg-emerald-500" style={{ width: `${Math.min(100, (approvals.length / task.quorum) * 100)}%` }} />
            </span>
            {approvals.length} of {task.quorum}
            {approvals.length > 0 && <span className="text-zinc-500">({approvals.map((vote) => vote.by).join(", ")})</span>}
          </span>
        </Fact>
      )}
    </dl>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-zinc-900">{children}</dd>
    </div>
  );
}

function Panel({ title, description, id, children }: { title: string; description?: string; id?: string; children: ReactNode }) {
  return (
    <section id={id} aria-label={title} className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs">
      <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
      {description && <p className="text-xs text-zinc-500">{description}</p>}
      <div className="mt-3">{children}</div>
    </section>
  );
}

function Notice({ tone, icon: Icon, children }: { tone: "green" | "red" | "amber" | "neutral"; icon: typeof CircleCheck; children: ReactNode }) {
  const tones = {
    green: "bg-emerald-50 text-emerald-900 ring-emerald-200 [&_svg]:text-emerald-600",
    red: "bg-red-50 text-red-900 ring-red-200 [&_svg]:text-red-600",
    amber: "bg-amber-50 text-amber-900 ring-amber-200 [&_svg]:text-amber-600",
    neutral: "bg-zinc-50 text-zinc-800 ring-zinc-200 [&_svg]:text-zinc-500",
  };
  return (
    <div role="status" className={clsx("mb-5 flex gap-2.5 rounded-md px-3 py-2.5 text-sm ring-1 ring-inset", tones[tone])}>
      <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}

/** A closed task says who decided it and when ("Already approved by ... on ..."). */
function StatusBanner({ task }: { task: TaskDetail }) {
  if (task.status === "OPEN") return null;
  const when = task.decidedAt ? ` on ${formatDateTime(task.decidedAt)}` : "";
  const who = task.decidedBy ? ` by ${task.decidedBy}` : task.decision?.automatic ? " automatically at the deadline" : "";
  const comment = task.decision?.comment ?? null;
  const body = (text: string) => (
    <>
      <p className="font-medium">{text}</p>
      {comment && <p className="mt-0.5">“{comment}”</p>}
    </>
  );
  switch (task.status) {
    case "APPROVED":
      return <Notice tone="green" icon={CircleCheck}>{body(`Already approved${who}${when}.`)}</Notice>;
    case "REJECTED":
      return <Notice tone="red" icon={CircleX}>{body(`Already rejected${who}${when}.`)}</Notice>;
    case "EXPIRED":
      return <Notice tone="amber" icon={Clock}>{body(`Expired${when}: nobody decided before the deadline.`)}</Notice>;
    default:
      return <Notice tone="neutral" icon={CircleAlert}>{body("Cancelled: its run ended or was replayed.")}</Notice>;
  }
}

/** Claim a task that reached me through a role or group (c), or release my claim. */
function ClaimButton({ task, actions, me }: { task: TaskDetail; actions: InboxActions; me: string }) {
  const toast = useToast();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const mine = task.claimedBy?.id === me;
  const canClaim = !task.direct && !task.claimedBy && !task.blocked;
  const canRelease = mine;

  async function run(kind: "claim" | "release") {
    if (pending) return;
    setPending(true);
    try {
      const result = await actions[kind]({ taskId: task.id });
      if (result.ok) toast(kind === "claim" ? "Claimed: colleagues see that you are on it." : "Released: back to everyone it is addressed to.");
      else toast(result.message, "error");
      router.refresh();
    } catch {
      toast("Millwright could not be reached. Check your connection and try again.", "error");
    } finally {
      setPending(false);
    }
  }

  useShortcuts({ c: () => void (canClaim ? run("claim") : canRelease ? run("release") : undefined) });

  if (canClaim)
    return (
      <Button size="sm" disabled={pending} onClick={() => void run("claim")} aria-keyshortcuts="c">
        <Hand aria-hidden="true" />
        Claim
      </Button>
    );
  if (canRelease)
    return (
      <Button size="sm" variant="ghost" disabled={pending} onClick={() => void run("release")} aria-keyshortcuts="c">
        <Undo2 aria-hidden="true" />
        Release
      </Button>
    );
  return null;
}
