import type { Metadata } from "next";
import { requirePageRole } from "../../../../lib/auth/guard.server.ts";
import { SECTION_ROLES } from "../../../../lib/auth/roles.ts";
import { getDb } from "../../../../lib/db/client.ts";
import { listGroupsForAdmin } from "../../../../lib/groups/groups.server.ts";
import { Breadcrumbs } from "../../../../components/flows/breadcrumbs.tsx";
import { GroupsManager, NewGroupButton } from "../../../../components/admin/groups/groups-manager.tsx";
import { PageHeader } from "../../../../components/ui/page-header.tsx";
import { addGroupMemberAction, createGroupAction, deleteGroupAction, removeGroupMemberAction, updateGroupAction } from "./actions.ts";

export const metadata: Metadata = { title: "Groups" };

const ACTIONS = {
  create: createGroupAction,
  update: updateGroupAction,
  remove: deleteGroupAction,
  addMember: addGroupMemberAction,
  removeMember: removeGroupMemberAction,
};

export default async function GroupsPage() {
  await requirePageRole("/admin/groups", ...SECTION_ROLES.admin);
  const db = getDb();
  const [groups, users] = await Promise.all([
    listGroupsForAdmin(db),
    db.user.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true } }),
  ]);
  return (
    <>
      <Breadcrumbs items={[{ label: "Admin", href: "/admin" }, { label: "Groups" }]} />
      <PageHeader
        title="Groups"
        description="Teams that approval steps address by name. Any member may decide the group's tasks."
        actions={<NewGroupButton create={ACTIONS.create} />}
      />
      <GroupsManager groups={groups} users={users} actions={ACTIONS} />
    </>
  );
}
