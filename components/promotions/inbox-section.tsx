import { ArrowRight, GitPullRequestArrow } from "lucide-react";
import Link from "next/link";
import type { SessionUser } from "../../lib/auth/sign-in.server.ts";
// An async server component (no "use client"; only server pages render it), so it may load its own
// data: the inbox page renders <PromotionRequestsSection user={user} /> without knowing promotions.
// eslint-disable-next-line millwright/browser-boundary
import { getDb } from "../../lib/db/client.ts";
// eslint-disable-next-line millwright/browser-boundary
import { pendingRequestsFor } from "../../lib/promotion/requests.server.ts";
import { RelativeTime } from "../ui/time.tsx";

/** Promotion requests into protected environments that this admin may approve (top of the inbox). */
export async function PromotionRequestsSection({ user }: { user: SessionUser }) {
  if (!user.roles.includes("ADMIN")) return null;
  const requests = await pendingRequestsFor(getDb(), user);
  if (requests.length === 0) return null;
  return (
    <section aria-labelledby="inbox-promotions" className="mb-6">
      <h2 id="inbox-promotions" className="mb-2 flex items-center gap-2 text-[15px] font-semibold text-zinc-900">
        <GitPullRequestArrow aria-hidden="true" className="size-4 text-amber-600" />
        Promotions waiting for a second administrator
      </h2>
      <ul aria-label="Promotion requests" className="divide-y divide-zinc-100 overflow-hidden rounded-lg border border-amber-200 bg-white shadow-xs">
        {requests.map((request) => (
          <li key={request.id}>
            <Link
              href={`/environments/requests/${request.id}`}
              className="flex items-center gap-4 px-5 py-3 hover:bg-zinc-50 focus-visible:bg-zinc-50 focus-visible:outline-none"
            >
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-zinc-900">
                  {request.flowName} v{request.versionNumber} to {request.environmentName}
                </p>
                <p className="mt-0.5 text-xs text-zinc-500">
                  Requested by {request.requestedBy} <RelativeTime date={request.createdAt} />
                </p>
              </div>
              <span className="inline-flex items-center gap-1 text-sm font-medium text-accent-700">
                Review
                <ArrowRight aria-hidden="true" className="size-4" />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
