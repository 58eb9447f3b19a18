import clsx from "clsx";
import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

// Plain semantic tables with one look; rows stay 44px high so long lists scan easily.

export function Table({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={clsx("overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs", className)}>
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-b border-zinc-200 bg-zinc-50/80">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={clsx("h-9 whitespace-nowrap px-4 text-xs font-medium text-zinc-500", className)} {...props} />;
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-zinc-100">{children}</tbody>;
}

export function Tr({ className, children }: { className?: string; children: ReactNode }) {
  return <tr className={clsx("transition-colors hover:bg-zinc-50/70", className)}>{children}</tr>;
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={clsx("h-11 px-4 py-2.5 align-middle text-zinc-700", className)} {...props} />;
}

/** The first cell of a row names the row for screen readers. */
export function RowHeader({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="row" className={clsx("h-11 px-4 py-2.5 text-left align-middle font-medium text-zinc-900", className)} {...props} />;
}
