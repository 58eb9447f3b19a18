import { ShieldBan } from "lucide-react";
import Link from "next/link";
import { ROLE_LABELS, type Role } from "../../lib/auth/roles.ts";
import { buttonClasses } from "../ui/button.tsx";
import { StatusPanel } from "../ui/status-page.tsx";

function listRoles(roles: Role[]): string {
  const labels = roles.map((role) => ROLE_LABELS[role]);
  if (labels.length <= 1) return labels[0] ?? "";
  return `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}

/** 403: names the user's roles, so they know what to ask an administrator for. */
export function ForbiddenContent({ roles }: { roles: Role[] | null }) {
  return (
    <StatusPanel
      icon={ShieldBan}
      code="403"
      title="You don't have access to this page"
      actions={
        <Link href="/" className={buttonClasses("primary")}>
          Go to your home page
        </Link>
      }
    >
      {roles && roles.length > 0 ? (
        <p>
          Your {roles.length > 1 ? "roles" : "role"}, <span className="font-medium text-zinc-900">{listRoles(roles)}</span>,{" "}
          {roles.length > 1 ? "don't" : "doesn't"} include this page. If you need it for your work, ask an administrator to add the role
          it requires.
        </p>
      ) : (
        <p>Your role doesn&apos;t include this page. If you need it for your work, ask an administrator to add the role it requires.</p>
      )}
    </StatusPanel>
  );
}
