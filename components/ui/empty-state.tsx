import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

/** What a list looks like before it has rows: what it is, and what will fill it. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  headingLevel = 2,
}: {
  icon: LucideIcon;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      <span className="flex size-11 items-center justify-center rounded-full bg-accent-50 text-accent-600 ring-1 ring-accent-100">
        <Icon aria-hidden="true" className="size-5" />
      </span>
      <Heading className="mt-4 text-[15px] font-semibold text-zinc-900">{title}</Heading>
      <p className="mt-1.5 max-w-md text-sm leading-6 text-zinc-500">{children}</p>
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}
