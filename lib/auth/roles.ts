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
  flows: ["ANALYST", "APPROVER", "ADMIN"], // approvers read flows (to see what they approve); analysts and admins edit
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

/** Where sign-in lands: the inbox for people who only approve, otherwise the first visible section. */
export function homeSection(userRoles: readonly Role[]): Section | null {
  const builds = userRoles.includes("ANALYST") || userRoles.includes("ADMIN");
  const order: Section[] = builds ? ["flows", "inbox", "runs", "environments", "admin"] : ["inbox", "flows", "runs", "environments", "admin"];
  return order.find((section) => canSee(userRoles, section)) ?? null;
}
