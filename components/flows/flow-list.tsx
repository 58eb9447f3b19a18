"use client";

import clsx from "clsx";
import { Archive, ArchiveRestore, Copy, Download, FileUp, History, LoaderCircle, Pencil, Plus, Search, SquareArrowOutUpRight, Workflow, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { createContext, useContext, useEffect, useMemo, useOptimistic, useRef, useState, useTransition, type ReactNode } from "react";
import type { ActionFailure } from "../../lib/flows/action-result.ts";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { EmptyState } from "../ui/empty-state.tsx";
import { useToast } from "../ui/toast.tsx";
import { ArchiveFlowDialog, NewFlowDialog, RenameFlowDialog, type CreateFlowAction, type FlowRefAction, type RenameFlowAction, type RenameValues } from "./flow-dialogs.tsx";
import { ImportFlowDialog, type ImportFlowAction } from "./import-flow-dialog.tsx";
import { MenuItem, MenuLink, MenuSeparator, RowMenu } from "./row-menu.tsx";
import { useFlowAction, type FlowAction } from "./use-flow-action.ts";

export type FlowListActions = {
  create: CreateFlowAction;
  importFlow: ImportFlowAction;
  rename: RenameFlowAction;
  duplicate: FlowAction<{ flowId: string; name?: string }, { id: string; slug: string; name?: string }>;
  archive: FlowRefAction;
  unarchive: FlowRefAction;
};

// ---- Header buttons and the empty state's buttons ---------------------------------------------

/** "New flow" and "Import", each with its dialog. Only rendered for people who edit flows. */
export function FlowCreateButtons({ actions, size = "md" }: { actions: Pick<FlowListActions, "create" | "importFlow">; size?: "md" | "lg" }) {
  const [dialog, setDialog] = useState<"new" | "import" | null>(null);
  const close = () => setDialog(null);
  return (
    <div className={clsx("flex items-center gap-2", size === "lg" && "justify-center")}>
      <Button onClick={() => setDialog("import")}>
        <FileUp aria-hidden="true" />
        Import
      </Button>
      <Button variant="primary" onClick={() => setDialog("new")}>
        <Plus aria-hidden="true" />
        New flow
      </Button>
      <NewFlowDialog open={dialog === "new"} onClose={close} action={actions.create} />
      <ImportFlowDialog open={dialog === "import"} onClose={close} action={actions.importFlow} />
    </div>
  );
}

// ---- Search and "Show archived" ------------------------------------------------------------------

/** Server-side search through ?q= (debounced) and ?archived=1; the URL can be shared. */
export function FlowListToolbar({ query, showArchived, shown }: { query: string; showArchived: boolean; shown: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [value, setValue] = useState(query);
  const [pending, startTransition] = useTransition();
  // The switch moves at once; the list follows when the server answers.
  const [archivedShown, setArchivedShown] = useOptimistic(showArchived);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  function navigate(next: { q?: string; archived?: boolean }) {
    const search = new URLSearchParams(params.toString());
    const q = (next.q ?? value).trim();
    if (q) search.set("q", q);
    else search.delete("q");
    if (next.archived ?? showArchived) search.set("archived", "1");
    else search.delete("archived");
    const qs = search.toString();
    startTransition(() => {
      if (next.archived !== undefined) setArchivedShown(next.archived);
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    });
  }

  function onChange(text: string) {
    setValue(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => navigate({ q: text }), 250);
  }

  return (
    <div className="mb-4 flex flex-wrap items-center gap-3">
      <div className="relative w-full max-w-sm">
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
        <input
          type="search"
          aria-label="Search flows"
          placeholder="Search by name, key or description"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              clearTimeout(timer.current);
              navigate({ q: value });
            }
          }}
          className="block h-9 w-full rounded-md border-0 bg-white pr-9 pl-9 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-accent-500 focus:outline-none [&::-webkit-search-cancel-button]:hidden"
        />
        {pending ? (
          <LoaderCircle aria-hidden="true" className="absolute top-1/2 right-3 size-4 -translate-y-1/2 animate-spin text-zinc-400" />
        ) : (
          value && (
            <button
              type="button"
              aria-label="Clear search"
              onClick={() => {
                setValue("");
                clearTimeout(timer.current);
                navigate({ q: "" });
              }}
              className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-1 text-zinc-400 hover:text-zinc-700"
            >
              <X aria-hidden="true" className="size-3.5" />
            </button>
          )
        )}
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={archivedShown}
        onClick={() => navigate({ archived: !archivedShown })}
        className="group flex items-center gap-2 rounded-md py-1 text-sm text-zinc-700 select-none hover:text-zinc-900"
      >
        <span
          aria-hidden="true"
          className={clsx(
            "relative h-5 w-9 rounded-full transition-colors after:absolute after:top-0.5 after:left-0.5 after:size-4 after:rounded-full after:bg-white after:shadow-sm after:transition-transform",
            archivedShown ? "bg-accent-600 after:translate-x-4" : "bg-zinc-300 group-hover:bg-zinc-400",
          )}
        />
        Show archived
      </button>
      <p className="ml-auto text-xs text-zinc-500 tabular-nums" aria-live="polite">
        {shown === 1 ? "1 flow" : `${shown} flows`}
      </p>
    </div>
  );
}

// ---- Rows: the name (optimistic rename) and the actions menu --------------------------------------

type Override = RenameValues & { base: string };
type Overrides = { get: (flowId: string) => Override | undefined; set: (flowId: string, value: Override | null) => void };
const OverridesContext = createContext<Overrides | null>(null);

/**
 * Wraps the (server-rendered) table so a rename shows at once: the row keeps the new name until the
 * refreshed list carries it, or drops it when the server refuses.
 */
export function FlowListState({ children }: { children: ReactNode }) {
  const [map, setMap] = useState<ReadonlyMap<string, Override>>(new Map());
  const value = useMemo<Overrides>(
    () => ({
      get: (id) => map.get(id),
      set: (id, next) =>
        setMap((current) => {
          const copy = new Map(current);
          if (next) copy.set(id, next);
          else copy.delete(id);
          return copy;
        }),
    }),
    [map],
  );
  return <OverridesContext value={value}>{children}</OverridesContext>;
}

function useOverride(flow: { id: string; name: string; description: string }) {
  const overrides = useContext(OverridesContext);
  const override = overrides?.get(flow.id);
  const current = override && override.base === flow.name ? override : null;
  return { name: current?.name ?? flow.name, description: current?.description ?? flow.description, set: overrides?.set };
}

export function FlowNameCell({ flow }: { flow: { id: string; name: string; description: string; slug: string; archived: boolean } }) {
  const { name, description } = useOverride(flow);
  return (
    <>
      <span className="flex min-w-0 items-center gap-2">
        <Link
          href={`/flows/${flow.id}`}
          className={clsx("truncate hover:text-accent-700 hover:underline", flow.archived && "text-zinc-500")}
          title={description || undefined}
        >
          {name}
        </Link>
        {flow.archived && <Badge>Archived</Badge>}
      </span>
      <span className="mt-0.5 block truncate font-mono text-xs font-normal text-zinc-500">{flow.slug}</span>
    </>
  );
}

export type FlowRowData = { id: string; name: string; description: string; archived: boolean; releasedTo: string[] };

export function FlowRowActions({ flow, canEdit, actions }: { flow: FlowRowData; canEdit: boolean; actions: FlowListActions }) {
  const router = useRouter();
  const toast = useToast();
  const { set: setOverride } = useOverride(flow);
  const [dialog, setDialog] = useState<"rename" | "archive" | null>(null);
  const [renameFailure, setRenameFailure] = useState<{ values: RenameValues; failure: ActionFailure } | null>(null);
  const archived = flow.archived;

  const rename = useFlowAction(actions.rename, {
    onMutate: (input) => setOverride?.(flow.id, { name: input.name, description: input.description ?? "", base: flow.name }),
    onSuccess: (_data, input) => {
      toast(`Renamed to "${input.name}".`);
      router.refresh();
    },
    onError: (failure, input) => {
      setOverride?.(flow.id, null);
      setRenameFailure({ values: { name: input.name, description: input.description ?? "" }, failure });
      setDialog("rename");
    },
  });
  const duplicate = useFlowAction(actions.duplicate, {
    toastErrors: true,
    onSuccess: (data) => {
      toast(`Duplicated as "${data.name ?? `${flow.name} (copy)`}".`);
      router.refresh();
    },
  });
  const unarchive = useFlowAction(actions.unarchive, {
    toastErrors: true,
    onSuccess: () => {
      toast(`${flow.name} is back in the list.`);
      router.refresh();
    },
  });
  const busy = rename.isPending || duplicate.isPending || unarchive.isPending;

  return (
    <span className="inline-flex items-center gap-1">
      {busy && <LoaderCircle role="img" aria-label="Saving" className="size-3.5 animate-spin text-zinc-400" />}
      <RowMenu label={`Actions for ${flow.name}`}>
        <MenuLink href={`/flows/${flow.id}`}>
          <SquareArrowOutUpRight aria-hidden="true" />
          Open
        </MenuLink>
        <MenuLink href={`/flows/${flow.id}/versions`}>
          <History aria-hidden="true" />
          Version history
        </MenuLink>
        {canEdit && !archived && (
          <MenuItem onSelect={() => setDialog("rename")}>
            <Pencil aria-hidden="true" />
            Rename…
          </MenuItem>
        )}
        {canEdit && (
          <MenuItem onSelect={() => duplicate.mutate({ flowId: flow.id })}>
            <Copy aria-hidden="true" />
            Duplicate
          </MenuItem>
        )}
        <MenuLink href={`/api/flows/${flow.id}/export`} download>
          <Download aria-hidden="true" />
          Export
        </MenuLink>
        {canEdit && <MenuSeparator />}
        {canEdit && !archived && (
          <MenuItem danger onSelect={() => setDialog("archive")}>
            <Archive aria-hidden="true" />
            Archive…
          </MenuItem>
        )}
        {canEdit && archived && (
          <MenuItem onSelect={() => unarchive.mutate({ flowId: flow.id })}>
            <ArchiveRestore aria-hidden="true" />
            Unarchive
          </MenuItem>
        )}
      </RowMenu>
      {canEdit && (
        <>
          <RenameFlowDialog
            open={dialog === "rename"}
            onClose={() => {
              setDialog(null);
              setRenameFailure(null);
            }}
            flowName={flow.name}
            initial={renameFailure?.values ?? { name: flow.name, description: flow.description }}
            failure={renameFailure?.failure ?? null}
            onSubmit={(values) => {
              setDialog(null);
              setRenameFailure(null);
              if (values.name === flow.name && values.description === flow.description) return;
              rename.mutate({ flowId: flow.id, ...values });
            }}
          />
          <ArchiveFlowDialog
            open={dialog === "archive"}
            onClose={() => setDialog(null)}
            flowId={flow.id}
            flowName={flow.name}
            releasedTo={flow.releasedTo}
            action={actions.archive}
            onDone={() => {
              setDialog(null);
              toast(`${flow.name} was archived. Its versions and runs are kept.`);
              router.refresh();
            }}
          />
        </>
      )}
    </span>
  );
}

// ---- Empty states ------------------------------------------------------------------------------

export function FlowListEmpty({
  query, showArchived = false, canEdit, actions,
}: {
  query: string; showArchived?: boolean; canEdit: boolean; actions: Pick<FlowListActions, "create" | "importFlow">;
}) {
  if (query) {
    return (
      <EmptyState icon={Search} title="No flows match your search">
        Nothing is called or described like “{query}”. Check the spelling
        {showArchived ? "." : ", or turn on Show archived to search archived flows too."}
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={Workflow} title="No flows yet" action={canEdit ? <FlowCreateButtons actions={actions} size="lg" /> : undefined}>
      {canEdit
        ? "A flow connects a trigger, such as a CMMS work order, to steps in Odoo. Start one from an empty canvas, or import a flow file."
        : "Flows connect a trigger, such as a CMMS work order, to steps in Odoo. They appear here as soon as an integration analyst creates the first one."}
    </EmptyState>
  );
}
