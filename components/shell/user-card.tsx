import { Settings } from "lucide-react";
import Link from "next/link";
import type { Role } from "../../lib/auth/roles.ts";
import { initials } from "../ui/format.ts";
import { RoleBadge } from "../ui/role-badge.tsx";
import { SignOutButton } from "./sign-out-button.tsx";

/** Who is signed in, with what roles; one row on narrow screens, a card at the sidebar's foot otherwise. */
export function UserCard({ user }: { user: { name: string; email: string; roles: Role[] } }) {
  return (
    <section aria-label="Signed in as" className="flex items-center gap-3 border-t border-zinc-200 px-4 py-2.5 md:block md:p-3">
      <div className="flex min-w-0 flex-1 items-start gap-2.5 md:p-1.5">
        <span aria-hidden="true" className="flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-800 text-xs font-semibold text-white">
          {initials(user.name)}
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-zinc-900">{user.name}</p>
          <p className="truncate text-xs text-zinc-500" title={user.email}>
            {user.email}
          </p>
        </div>
      </div>
      <ul className="mt-1 hidden flex-wrap gap-1 px-1.5 md:flex" aria-label="Roles">
        {user.roles.map((role) => (
          <li key={role}>
            <RoleBadge role={role} />
          </li>
        ))}
      </ul>
      <div className="flex shrink-0 gap-0.5 md:mt-2 md:px-0.5">
        <Link
          href="/settings"
          className="inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-zinc-600 transition-colors hover:bg-zinc-100 hover:text-zinc-900"
        >
          <Settings aria-hidden="true" className="size-3.5" />
          Settings
        </Link>
        <SignOutButton />
      </div>
    </section>
  );
}
