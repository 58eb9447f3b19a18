import { ROLE_LABELS, type Role } from "../../lib/auth/roles.ts";
import { Badge, type BadgeTone } from "./badge.tsx";

const TONES: Record<Role, BadgeTone> = { ADMIN: "accent", ANALYST: "neutral", APPROVER: "neutral" };

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={TONES[role]}>{ROLE_LABELS[role]}</Badge>;
}
