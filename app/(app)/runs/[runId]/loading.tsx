import { Skeleton } from "../../../../components/ui/skeleton.tsx";

/** Shaped like the run page: header, canvas, step panel. */
export default function Loading() {
  return (
    <div role="status" aria-live="polite" aria-busy="true" className="fixed inset-0 z-30 flex flex-col bg-zinc-50">
      <span className="sr-only">Loading the run…</span>
      <div className="flex shrink-0 items-center gap-4 border-b border-zinc-200 bg-white px-5 py-3">
        <div className="flex-1 space-y-2">
          <Skeleton className="h-3 w-32" />
          <Skeleton className="h-5 w-80" />
        </div>
        <Skeleton className="h-7 w-32" />
        <Skeleton className="h-7 w-44 bg-accent-200/70" />
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="flex-1 bg-[radial-gradient(#d4d4d8_1.2px,transparent_1.2px)] [background-size:20px_20px]" />
        <div className="w-[460px] shrink-0 space-y-3 border-l border-zinc-200 bg-white p-5">
          <Skeleton className="h-5 w-40" />
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
          <Skeleton className="h-40 w-full" />
        </div>
      </div>
    </div>
  );
}
