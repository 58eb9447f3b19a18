import type { ReactNode } from "react";
import { currentUser } from "../../lib/auth/guard.server.ts";
import { canSee, type Section } from "../../lib/auth/roles.ts";
import { getDb } from "../../lib/db/client.ts";
import { NotificationBell } from "../../components/notifications/notification-bell.tsx";
import { MainNav } from "../../components/shell/main-nav.tsx";
import { UserCard } from "../../components/shell/user-card.tsx";
import { Wordmark } from "../../components/ui/logo.tsx";
import { unreadCount } from "../../lib/notifications/queries.server.ts";
import { countOpenTasks } from "../../lib/tasks/queries.server.ts";
import { notificationActions } from "./notifications/bindings.ts";

const SECTIONS: Section[] = ["flows", "inbox", "runs", "environments", "admin"];

// The shell of every signed-in page. It hides what a role cannot open, but it is not the security
// boundary: each page calls requirePageRole itself.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // Signed out: no shell. The section layout and page below redirect to /signin with the right
  // callbackUrl (a layout cannot know the path it is rendered for).
  if (!user) return children;
  const sections = SECTIONS.filter((section) => canSee(user.roles, section));
  const db = getDb();
  const openTasks = sections.includes("inbox") ? await countOpenTasks(db, user.id) : 0;
  const unreadNotifications = await unreadCount(db, user.id);

  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <a
        href="#content"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <aside className="flex shrink-0 flex-col border-b border-zinc-200 bg-white md:sticky md:top-0 md:h-dvh md:w-60 md:border-r md:border-b-0">
        <div className="flex h-14 items-center justify-between gap-2 pr-3 pl-5">
          <Wordmark />
          <NotificationBell initialUnread={unreadNotifications} actions={notificationActions} />
        </div>
        <div className="pt-2 pb-3 md:flex-1 md:overflow-y-auto">
          <MainNav sections={sections} badges={{ inbox: openTasks }} />
        </div>
        <UserCard user={user} />
      </aside>
      <div className="min-w-0 flex-1">
        <main id="content" tabIndex={-1} className="mx-auto w-full max-w-6xl px-5 py-8 outline-none md:px-10 md:py-10">
          {children}
        </main>
      </div>
    </div>
  );
}
