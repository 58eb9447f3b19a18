import { NextResponse } from "next/server";
import { getDb } from "../../../lib/db/client.ts";
import { checkHealth } from "../../../lib/health.server.ts";

export const dynamic = "force-dynamic";

// Public on purpose (load balancers and the start command poll it); it reveals no data,
// only whether the database answers and a worker is alive. 503 when either is down.
export async function GET(): Promise<Response> {
  const health = await checkHealth(getDb());
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
