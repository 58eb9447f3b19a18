// Browser-safe: the groups admin page and its server actions validate with the same schemas.
import { z } from "zod";

export const ZGroupFields = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters"),
  description: z.string().trim().max(500, "At most 500 characters").default(""),
});

export const ZCreateGroup = ZGroupFields;
export type TCreateGroup = z.infer<typeof ZCreateGroup>;

export const ZUpdateGroup = ZGroupFields.extend({ groupId: z.uuid("Not a group id") });
export type TUpdateGroup = z.infer<typeof ZUpdateGroup>;

export const ZGroupId = z.object({ groupId: z.uuid("Not a group id") });

export const ZGroupMember = z.object({ groupId: z.uuid("Not a group id"), userId: z.uuid("Not a user id") });
export type TGroupMember = z.infer<typeof ZGroupMember>;

// What the groups admin page shows.
export type GroupMemberView = { id: string; name: string; email: string; active: boolean };
export type FlowRef = { id: string; name: string };
export type GroupView = {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  members: GroupMemberView[];
  /** OPEN tasks addressed to the group or escalating to it: while there are any, it cannot be deleted. */
  openTasks: number;
  /** Flows whose latest version names the group in an Approve step. */
  namedBy: FlowRef[];
};
