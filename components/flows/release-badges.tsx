import type { FlowRelease } from "../../lib/flows/queries.server.ts";
import { Badge } from "../ui/badge.tsx";
import { formatDateTime } from "../ui/format.ts";

/** One badge per environment the flow runs in: "prod v3". Protected environments use the accent. */
export function ReleaseBadges({ releases, label, empty }: { releases: FlowRelease[]; label: string; empty?: string }) {
  if (releases.length === 0) return empty ? <span className="text-zinc-500">{empty}</span> : null;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label={label}>
      {releases.map((release) => (
        <li key={release.environmentKey} title={`${release.environmentName} runs v${release.number} since ${formatDateTime(new Date(release.releasedAt))}`}>
          <Badge tone={release.protected ? "accent" : "neutral"} dot>
            {release.environmentKey} v{release.number}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
