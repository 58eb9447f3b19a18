"use client";

// This loading boundary also wraps the versions pages below this route: they get the plain page
// skeleton, the editor gets one shaped like the editor.
import { usePathname } from "next/navigation";
import { PageSkeleton, Skeleton } from "../../../../components/ui/skeleton.tsx";

export function FlowRouteSkeleton() {
  const pathname = usePathname();
  if (/\/flows\/[^/]+\/./.test(pathname ?? "")) return <PageSkeleton label="Loading…" rows={5} columns={4} />;
  return (
    <div role="status" aria-live="polite" aria-busy="true" className="fixed inset-0 z-30 flex flex-col bg-zinc-50">
      <span className="sr-only">Loading the flow editor…</span>
      <div className="flex h-14 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white px-3">
        <Skeleton className="size-7 rounded-lg" />
        <Skeleton className="h-4 w-48" />
        <div className="ml-auto flex gap-2">
          <Skeleton className="h-8 w-24" />
          <Skeleton className="h-8 w-24" />
          <Skeleton className="h-8 w-20 bg-accent-200/70" />
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="w-64 shrink-0 space-y-2 border-r border-zinc-200 bg-white p-3">
          <Skeleton className="h-9 w-full" />
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="flex items-center gap-2.5 py-1">
              <Skeleton className="size-8 rounded-lg" />
              <div className="flex-1 space-y-1.5">
                <Skeleton className="h-3 w-24" />
                <Skeleton className="h-2.5 w-36" />
              </div>
            </div>
          ))}
        </div>
        <div className="flex-1 bg-[radial-gradient(#d4d4d8_1.2px,transparent_1.2px)] [background-size:20px_20px]" />
        <div className="w-[380px] shrink-0 space-y-3 border-l border-zinc-200 bg-white p-5">
          <Skeleton className="h-5 w-32" />
          <Skeleton className="h-9 w-full" />
          <Skeleton className="h-20 w-full" />
        </div>
      </div>
    </div>
  );
}
