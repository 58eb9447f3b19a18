import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

/** The body of the 403 / 404 / error pages: an icon, a heading, a sentence and a way on. */
export function StatusPanel({ icon: Icon, code, title, children, actions }: { icon: LucideIcon; code?: string; title: string; children: ReactNode; actions: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center py-16 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-white text-zinc-500 shadow-xs ring-1 ring-zinc-200">
        <Icon aria-hidden="true" className="size-5" />
      </span>
      {code && <p className="mt-5 font-mono text-xs font-medium tracking-wider text-zinc-400">{code}</p>}
      <h1 className="mt-2 text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <div className="mt-2 text-sm leading-6 text-zinc-600">{children}</div>
      <div className="mt-6 flex flex-wrap justify-center gap-2">{actions}</div>
    </div>
  );
}
