import type { ReactNode } from "react";
import { Breadcrumbs, type Crumb } from "./breadcrumbs.tsx";

/**
 * A full-window page around a canvas (version view, diff), like the editor: a slim header with
 * breadcrumbs, title and actions, and the canvas with its side panel filling the rest.
 */
export function CanvasPage({ crumbs, title, meta, actions, children }: { crumbs: Crumb[]; title: ReactNode; meta?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="fixed inset-0 z-30 flex flex-col bg-zinc-50">
      <header className="flex shrink-0 flex-wrap items-center gap-x-6 gap-y-2 border-b border-zinc-200 bg-white px-5 py-2.5">
        <div className="min-w-0 flex-1">
          <Breadcrumbs items={crumbs} className="mb-0.5 text-xs [&_ol]:text-xs" />
          <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
            <h1 className="flex items-center gap-2 truncate text-base font-semibold tracking-tight text-zinc-900">{title}</h1>
            {meta}
          </div>
        </div>
        {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
      </header>
      <div className="flex min-h-0 flex-1">{children}</div>
    </div>
  );
}
