import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { Fragment } from "react";

export type Crumb = { label: string; href?: string };

/** Where this page sits: Flows › Parts reservation › Versions › v3. The last crumb is the page. */
export function Breadcrumbs({ items, className = "mb-3" }: { items: Crumb[]; className?: string }) {
  return (
    <nav aria-label="Breadcrumb" className={className}>
      <ol className="flex min-w-0 flex-wrap items-center gap-1 text-sm text-zinc-500">
        {items.map((item, i) => {
          const last = i === items.length - 1;
          return (
            <Fragment key={`${i}-${item.label}`}>
              {i > 0 && (
                <li aria-hidden="true" className="text-zinc-300">
                  <ChevronRight className="size-3.5" />
                </li>
              )}
              <li className="min-w-0">
                {item.href && !last ? (
                  <Link href={item.href} className="block max-w-64 truncate hover:text-zinc-900 hover:underline">
                    {item.label}
                  </Link>
                ) : (
                  <span aria-current={last ? "page" : undefined} className="block max-w-80 truncate font-medium text-zinc-800">
                    {item.label}
                  </span>
                )}
              </li>
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
