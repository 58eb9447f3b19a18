import clsx from "clsx";
import { Users, UsersRound } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../lib/auth/roles.ts";
import { getDb } from "../../../lib/db/client.ts";
import { listGroups, listUsers } from "../../../lib/users/users.server.ts";
import { NewUserButton, UserRowActions } from "../../../components/admin/user-dialogs.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { buttonClasses } from "../../../components/ui/button.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { initials } from "../../../components/ui/format.ts";
import { PageHeader, Section } from "../../../components/ui/page-header.tsx";
import { RoleBadge } from "../../../components/ui/role-badge.tsx";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "../../../components/ui/table.tsx";
import { RelativeTime } from "../../../components/ui/time.tsx";
import { createUserAction, setUserActiveAction, updateUserAction } from "./actions.ts";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const me = await requirePageRole("/admin", ...SECTION_ROLES.admin);
  const db = getDb();
  const [users, groups] = await Promise.all([listUsers(db), listGroups(db)]);
  const groupOptions = groups.map(({ id, name, description }) => ({ id, name, description }));
  const now = new Date();
  const activeCount = users.filter((u) => u.active).length;

  return (
    <>
      <PageHeader title="Admin" description="Who can sign in to Millwright, what their roles allow, and which groups they decide for." />

      <Section
        title="Users"
        labelId="admin-users"
        description={`${activeCount} active of ${users.length}`}
        actions={<NewUserButton groups={groupOptions} action={createUserAction} />}
      >
        {users.length === 0 ? (
          <EmptyState icon={Users} title="No users" headingLevel={3}>
            Create the first user with New user; they sign in with their e-mail and the initial password you choose.
          </EmptyState>
        ) : (
          <Table label="Users">
            <THead>
              <Th>User</Th>
              <Th>Roles</Th>
              <Th>Groups</Th>
              <Th>Status</Th>
              <Th>Last sign-in</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </THead>
            <TBody>
              {users.map((user) => {
                const isSelf = user.id === me.id;
                return (
                  <Tr key={user.id} className={clsx(!user.active && "bg-zinc-50/60")}>
                    <RowHeader>
                      <span className="flex items-center gap-3">
                        <span
                          aria-hidden="true"
                          className={clsx(
                            "flex size-8 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold",
                            user.active ? "bg-accent-100 text-accent-800" : "bg-zinc-200 text-zinc-500",
                          )}
                        >
                          {initials(user.name)}
                        </span>
                        <span className="min-w-0">
                          <span className="flex items-center gap-2">
                            <span className={clsx("whitespace-nowrap", !user.active && "text-zinc-500")}>{user.name}</span>
                            {isSelf && <Badge>You</Badge>}
                          </span>
                          <span className="block text-xs font-normal text-zinc-500">{user.email}</span>
                        </span>
                      </span>
                    </RowHeader>
                    <Td>
                      <span className="flex gap-1">
                        {user.roles.map((role) => (
                          <RoleBadge key={role} role={role} />
                        ))}
                      </span>
                    </Td>
                    <Td>
                      {user.groups.length === 0 ? (
                        <span className="text-zinc-400">—</span>
                      ) : (
                        <span className="text-zinc-700">
                          {user.groups.map((g, i) => (
                            <span key={g.id} className="whitespace-nowrap">
                              {g.name}
                              {i < user.groups.length - 1 ? ", " : ""}
                            </span>
                          ))}
                        </span>
                      )}
                    </Td>
                    <Td>
                      {user.active ? (
                        <Badge tone="green" dot>
                          Active
                        </Badge>
                      ) : (
                        <Badge dot>Deactivated</Badge>
                      )}
                    </Td>
                    <Td>{user.lastSignInAt ? <RelativeTime date={user.lastSignInAt} now={now} /> : <span className="text-zinc-500">Never</span>}</Td>
                    <Td className="w-40 py-1.5 whitespace-nowrap">
                      <UserRowActions
                        user={{ id: user.id, name: user.name, email: user.email, roles: user.roles, groupIds: user.groups.map((g) => g.id), active: user.active }}
                        groups={groupOptions}
                        isSelf={isSelf}
                        updateAction={updateUserAction}
                        setActiveAction={setUserActiveAction}
                      />
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </Section>

      <Section
        title="Groups"
        labelId="admin-groups"
        description="Approval tasks can be addressed to a group; any member may decide them."
        actions={
          <Link href="/admin/groups" className={buttonClasses("secondary")}>
            Manage groups
          </Link>
        }
      >
        {groups.length === 0 ? (
          <EmptyState icon={UsersRound} title="No groups yet" headingLevel={3}>
            Groups such as Purchasing or Plant managers let an approval step address a team instead of one person.
          </EmptyState>
        ) : (
          <Table label="Groups">
            <THead>
              <Th className="w-1/3">Group</Th>
              <Th>Description</Th>
              <Th className="text-right">Members</Th>
            </THead>
            <TBody>
              {groups.map((group) => (
                <Tr key={group.id}>
                  <RowHeader>{group.name}</RowHeader>
                  <Td className="text-zinc-600">{group.description || <span className="text-zinc-400">—</span>}</Td>
                  <Td className="text-right tabular-nums">{group.members}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>
    </>
  );
}
