"use client";

// The Connections section of the Environments page (admins): per environment its connections with
// kind, target, credentials (masked), the last test's status, and Test / Edit / Delete. The server
// actions come in as props (components never import app/).
import clsx from "clsx";
import { Cable, KeyRound, Loader2, Lock, Pencil, Plus, Trash2, Zap } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CONNECTION_KIND_LABELS, CONNECTION_KINDS, type ConnectionKind, type ConnectionTestResult, type ConnectionView } from "../../lib/connections/connection-types.ts";
import { useFlowAction } from "../flows/use-flow-action.ts";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { Modal, ModalBody, ModalFooter } from "../ui/modal.tsx";
import { useToast } from "../ui/toast.tsx";
import { ConnectionDialog, type ConnectionActions } from "./connection-dialog.tsx";
import { ConnectionCircuitNote, ConnectionStatusDetails, serverSummary } from "./connection-status.tsx";

export type PanelEnvironment = { id: string; key: string; name: string; protected: boolean; connections: ConnectionView[] };

type Editing = { environment: PanelEnvironment; connection: ConnectionView | null } | null;

export function ConnectionsPanel({ environments, actions }: { environments: PanelEnvironment[]; actions: ConnectionActions }) {
  const router = useRouter();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ConnectionView | null>(null);
  return (
    <div className="space-y-4">
      {environments.map((environment) => (
        <section key={environment.id} aria-label={`Connections in ${environment.name}`} className="@container rounded-lg border border-zinc-200 bg-white shadow-xs">
          <header className="flex items-center justify-between gap-3 border-b border-zinc-100 px-4 py-3">
            <div className="flex items-center gap-2">
              <h3 className="text-sm font-semibold text-zinc-900">{environment.name}</h3>
              <span className="font-mono text-xs text-zinc-500">{environment.key}</span>
              {environment.protected && <Lock aria-label="protected" className="size-3 text-zinc-400" />}
            </div>
            <Button size="sm" onClick={() => setEditing({ environment, connection: null })}>
              <Plus aria-hidden="true" />
              New connection
            </Button>
          </header>
          {environment.connections.length === 0 ? (
            <div className="flex items-center gap-3 px-4 py-6 text-sm text-zinc-500">
              <Cable aria-hidden="true" className="size-4 text-zinc-400" />
              No connections yet. Add the Odoo server or API that flows released to {environment.name} should call.
            </div>
          ) : (
            <ul className="divide-y divide-zinc-100">
              {environment.connections.map((connection) => (
                <ConnectionRow
                  key={connection.id}
                  connection={connection}
                  test={actions.test}
                  onEdit={() => setEditing({ environment, connection })}
                  onDelete={() => setDeleting(connection)}
                />
              ))}
            </ul>
          )}
        </section>
      ))}
      {editing && (
        <ConnectionDialog
          open
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            router.refresh();
          }}
          environment={editing.environment}
          connection={editing.connection}
          actions={actions}
        />
      )}
      {deleting && <DeleteDialog connection={deleting} remove={actions.remove} onClose={() => setDeleting(null)} onDeleted={() => { setDeleting(null); router.refresh(); }} />}
    </div>
  );
}

function target(connection: ConnectionView): { url: string; detail: string | null } {
  const config = connection.config;
  const url = typeof config.baseUrl === "string" ? config.baseUrl : typeof config.url === "string" ? config.url : "";
  if (connection.kind === "mqtt" || connection.kind === "amqp") return { url, detail: typeof config.username === "string" && config.username ? `as ${config.username}` : "anonymous" };
  if (connection.kind === "odoo") {
    const parts = [typeof config.database === "string" ? `database ${config.database}` : null, typeof config.login === "string" ? `as ${config.login}` : null];
    return { url, detail: parts.filter(Boolean).join(", ") || null };
  }
  const auth = typeof config.auth === "object" && config.auth !== null ? (config.auth as { type?: string }).type : undefined;
  return { url, detail: auth && auth !== "none" ? `${auth} authentication` : "no authentication" };
}

function ConnectionRow({
  connection, test, onEdit, onDelete,
}: {
  connection: ConnectionView; test: ConnectionActions["test"]; onEdit: () => void; onDelete: () => void;
}) {
  const router = useRouter();
  const toast = useToast();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const testing = useFlowAction(test, {
    toastErrors: true,
    onSuccess: (data) => {
      setResult(data);
      toast(data.status === "OK" ? `${connection.name}: ${serverSummary(data.serverInfo) ?? "connected"}` : `${connection.name}: ${data.message}`, data.status === "OK" ? "success" : "error");
      router.refresh();
    },
  });
  const shown = result
    ? { status: result.status, statusMessage: result.message, checkedAt: result.checkedAt, serverInfo: result.serverInfo ?? connection.serverInfo }
    : connection;
  const { url, detail } = target(connection);
  const supported = (CONNECTION_KINDS as readonly string[]).includes(connection.kind);
  const kindLabel = supported ? CONNECTION_KIND_LABELS[connection.kind as ConnectionKind] : connection.kind;
  return (
    <li className="grid grid-cols-1 gap-3 px-4 py-3 @sm:grid-cols-2 @4xl:grid-cols-[minmax(0,10rem)_minmax(0,1fr)_9rem_12rem_auto] @4xl:items-center">
      <div className="min-w-0">
        <p className="truncate font-mono text-sm font-medium text-zinc-900">{connection.name}</p>
        <div className="mt-1 flex flex-wrap gap-1">
          <Badge tone={connection.kind === "odoo" ? "accent" : "blue"}>{kindLabel}</Badge>
          {connection.usedBy.length > 0 && <Badge>in use</Badge>}
        </div>
      </div>
      <div className="min-w-0">
        <p className="truncate font-mono text-xs text-zinc-700" title={url}>
          {url || <span className="font-sans text-zinc-400">No base URL</span>}
        </p>
        {detail && <p className="mt-0.5 truncate text-xs text-zinc-500">{detail}</p>}
      </div>
      <p className={clsx("flex items-center gap-1.5 text-xs", connection.hasSecret ? "text-zinc-600" : "text-amber-700")}>
        <KeyRound aria-hidden="true" className="size-3.5 shrink-0 text-zinc-400" />
        <span className="sr-only">Secret:</span>
        {connection.hasSecret ? connection.secretHint : "No secret set"}
      </p>
      <div aria-live="polite">
        {testing.isPending ? (
          <span className="inline-flex items-center gap-1.5 text-xs text-zinc-600">
            <Loader2 aria-hidden="true" className="size-3.5 animate-spin" />
            Testing…
          </span>
        ) : (
          <div className="space-y-1.5">
            <ConnectionStatusDetails status={shown.status} statusMessage={shown.statusMessage} checkedAt={shown.checkedAt} serverInfo={shown.serverInfo} />
            <ConnectionCircuitNote circuit={connection.circuit} />
          </div>
        )}
      </div>
      <div className="flex items-center gap-1 @4xl:justify-end">
        <Button size="sm" onClick={() => testing.mutate({ connectionId: connection.id })} disabled={testing.isPending || !supported}>
          {testing.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Zap aria-hidden="true" />}
          Test connection
        </Button>
        <Button
          size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${connection.name}`} disabled={!supported}
          title={supported ? "Edit" : `${kindLabel} connections cannot be edited here yet`}
        >
          <Pencil aria-hidden="true" />
        </Button>
        <Button
          size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${connection.name}`}
          title={connection.usedBy.length ? `Used by ${connection.usedBy.join(", ")}` : "Delete"}
        >
          <Trash2 aria-hidden="true" />
        </Button>
      </div>
    </li>
  );
}

function DeleteDialog({
  connection, remove, onClose, onDeleted,
}: {
  connection: ConnectionView; remove: ConnectionActions["remove"]; onClose: () => void; onDeleted: () => void;
}) {
  const toast = useToast();
  const mutation = useFlowAction(remove, {
    toastErrors: true,
    onSuccess: () => {
      toast(`Deleted ${connection.name}`);
      onDeleted();
    },
  });
  const inUse = connection.usedBy.length > 0;
  return (
    <Modal open onClose={onClose} width="sm" title={`Delete ${connection.name}?`}>
      <ModalBody>
        {inUse ? (
          <p>
            <strong>{connection.name}</strong> cannot be deleted: the released version of {connection.usedBy.join(", ")} in this environment uses it. Release a
            version that no longer uses it first.
          </p>
        ) : (
          <p>
            Flows that refer to <strong>{connection.name}</strong> will fail in this environment until a connection with that name exists again. Its settings and
            its secret are removed; the change is recorded in the audit log.
          </p>
        )}
      </ModalBody>
      <ModalFooter>
        <Button onClick={onClose} disabled={mutation.isPending}>
          {inUse ? "Close" : "Cancel"}
        </Button>
        {!inUse && (
          <Button variant="danger" onClick={() => mutation.mutate({ connectionId: connection.id })} disabled={mutation.isPending}>
            {mutation.isPending ? "Deleting…" : "Delete connection"}
          </Button>
        )}
      </ModalFooter>
    </Modal>
  );
}
