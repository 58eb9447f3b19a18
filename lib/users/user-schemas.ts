import { z } from "zod";
import { ROLES } from "../auth/roles.ts";

// Browser-safe: the admin forms and the server actions validate with the same schemas.
export const ZRole = z.enum(ROLES);

export const ZCreateUser = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address").max(320),
  name: z.string().trim().min(1, "Enter a name").max(120),
  password: z.string().min(12, "Use at least 12 characters").max(1024),
  roles: z.array(ZRole).min(1, "Choose at least one role"),
  groupIds: z.array(z.string().uuid()).default([]),
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUpdateUser = z.object({
  userId: z.string().uuid(),
  name: z.string().trim().min(1, "Enter a name").max(120),
  roles: z.array(ZRole).min(1, "Choose at least one role"),
  groupIds: z.array(z.string().uuid()).default([]),
});
export type TUpdateUser = z.infer<typeof ZUpdateUser>;

export const ZSetActive = z.object({ userId: z.string().uuid(), active: z.boolean() });
