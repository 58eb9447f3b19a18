import clsx from "clsx";

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={clsx("animate-pulse rounded-md bg-zinc-200/70", className)} />;
}

/** Loading placeholder shaped like a page: header plus a table of `rows`. */
export function PageSkeleton({ label, rows = 6, columns = 5 }: { label: string; rows?: number; columns?: number }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">{label}</span>
      <div className="mb-6">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="mt-2.5 h-4 w-80 max-w-full" />
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
        <div className="flex h-9 items-center gap-6 border-b border-zinc-200 bg-zinc-50/80 px-4">
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} className="h-3 w-16" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} className="flex h-11 items-center gap-6 border-b border-zinc-100 px-4 last:border-b-0">
            {Array.from({ length: columns }, (_, c) => (
              <Skeleton key={c} className={clsx("h-3.5", c === 0 ? "w-44" : "w-20")} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
