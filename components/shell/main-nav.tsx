"use client";

import clsx from "clsx";
import { Activity, Inbox, Layers, Users, Workflow, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Section } from "../../lib/auth/roles.ts";

const ITEMS: Record<Section, { label: string; icon: LucideIcon }> = {
  flows: { label: "Flows", icon: Workflow },
  inbox: { label: "Inbox", icon: Inbox },
  runs: { label: "Runs", icon: Activity },
  environments: { label: "Environments", icon: Layers },
  admin: { label: "Admin", icon: Users },
};

/** The sections this user may open (the server decides which; this only highlights the active one). */
export function MainNav({ sections, badges = {} }: { sections: Section[]; badges?: Partial<Record<Section, number>> }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="px-3">
      <ul className="flex gap-0.5 overflow-x-auto md:flex-col">
        {sections.map((section) => {
          const { label, icon: Icon } = ITEMS[section];
          const href = `/${section}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          const badge = badges[section];
          return (
            <li key={section} className="relative">
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                aria-describedby={badge ? `nav-${section}-count` : undefined}
                className={clsx(
                  "group flex h-8 items-center gap-2.5 whitespace-nowrap rounded-md px-2.5 text-sm font-medium transition-colors",
                  badge ? "pr-10" : undefined,
                  active ? "bg-accent-50 text-accent-800" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
                )}
              >
                <Icon
                  aria-hidden="true"
                  className={clsx("size-4 shrink-0", active ? "text-accent-600" : "text-zinc-400 group-hover:text-zinc-600")}
                />
                {label}
              </Link>
              {/* Outside the link so its accessible name stays exactly the section name. */}
              {badge ? (
                <span
                  id={`nav-${section}-count`}
                  aria-hidden="true"
                  className={clsx(
                    "pointer-events-none absolute top-1.5 right-2 min-w-5 rounded-full px-1.5 text-center text-[11px] leading-5 font-semibold tabular-nums",
                    active ? "bg-accent-600 text-white" : "bg-zinc-200/80 text-zinc-700",
                  )}
                >
                  {badge}
                  <span className="sr-only"> open</span>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
