// The Odoo record beside the decision, as read live (lib/tasks/record.server.ts), or why it could
// not be read: the decision stays possible either way.
import { CloudOff, ExternalLink } from "lucide-react";
import type { ReactNode } from "react";
import type { LiveRecord } from "../../lib/tasks/record.server.ts";
import type { TaskRecordRef } from "../../lib/tasks/types.ts";
import { Skeleton } from "../ui/skeleton.tsx";

export function OdooRecordCard({ record }: { record: LiveRecord }) {
  if (!record.ok)
    return (
      <Card refText={refText(record.ref)}>
        <div role="status" className="flex gap-3 px-4 py-4 text-sm">
          <CloudOff aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-600" />
          <div>
            <p className="font-medium text-zinc-900">The Odoo record cannot be shown right now</p>
            <p className="mt-0.5 text-zinc-600">{record.message}</p>
            <p className="mt-1 text-xs text-zinc-500">You can still decide: the request data is below.</p>
          </div>
        </div>
      </Card>
    );
  return (
    <Card
      refText={refText(record.ref)}
      title={record.title}
      action={
        <a href={record.odooUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-xs font-medium text-accent-700 hover:text-accent-900">
          Open in Odoo
          <ExternalLink aria-hidden="true" className="size-3" />
        </a>
      }
    >
      <dl aria-label="Odoo record" className="grid gap-x-6 px-4 py-2 text-sm sm:grid-cols-2">
        {record.fields.map((field) => (
          <div key={field.name} className="grid grid-cols-[9rem_minmax(0,1fr)] gap-3 border-b border-zinc-100 py-1.5 last:border-0 sm:[&:nth-last-child(2):nth-child(odd)]:border-0">
            <dt className="truncate text-zinc-500" title={`${field.label} (${field.name})`}>
              {field.label}
            </dt>
            <dd className="break-words text-zinc-900">{field.value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function refText(ref: TaskRecordRef): string {
  return `${ref.model} #${ref.id} · ${ref.connection}`;
}

function Card({ refText, title, action, children }: { refText: string; title?: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby="task-record" className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-100 bg-zinc-50/60 px-4 py-2.5">
        <div className="min-w-0">
          <h2 id="task-record" className="text-sm font-semibold text-zinc-900">
            {title ?? "Odoo record"}
          </h2>
          <p className="font-mono text-xs text-zinc-500">{refText}</p>
        </div>
        {action}
      </header>
      {children}
    </section>
  );
}

export function OdooRecordSkeleton({ recordRef }: { recordRef: TaskRecordRef }) {
  return (
    <Card refText={refText(recordRef)} title="Reading the record from Odoo…">
      <div className="grid gap-3 px-4 py-4 sm:grid-cols-2" aria-busy="true">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-4 w-full" />
        ))}
      </div>
    </Card>
  );
}
