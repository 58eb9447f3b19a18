// Browser-safe: roles and which sections of the app each role sees.
export const ROLES = ["ANALYST", "APPROVER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  ANALYST: "Integration analyst",
  APPROVER: "Approver",
  ADMIN: "Administrator",
};

export type Section = "flows" | "inbox" | "runs" | "environments" | "admin";

export const SECTION_ROLES: Record<Section, readonly Role[]> = {
  flows: ["ANALYST", "ADMIN"],
  inbox: ["APPROVER", "ADMIN"],
  runs: ["ANALYST", "ADMIN"],
  environments: ["ADMIN"],
  admin: ["ADMIN"],
};

export function hasAnyRole(userRoles: readonly Role[], allowed: readonly Role[]): boolean {
  return allowed.some((role) => userRoles.includes(role));
}

export function canSee(userRoles: readonly Role[], section: Section): boolean {
  return hasAnyRole(userRoles, SECTION_ROLES[section]);
}

/** The first section a user can open; where sign-in lands. */
export function homeSection(userRoles: readonly Role[]): Section | null {
  const order: Section[] = ["flows", "inbox", "runs", "environments", "admin"];
  return order.find((section) => canSee(userRoles, section)) ?? null;
}
