// What a webhook answers once its run is committed: 202 {runId} (Location: the run's page), 200
// {runId, duplicate: true} for a repeated idempotency key, or, with responseMode "wait", what the
// run's End step answered (Run.response) once it has, or once the run has ended; 202 with the run
// id when the trigger's waitTimeoutMs passes first (the run carries on). The run row is polled with
// a growing interval (25 ms up to 500 ms): a primary-key read, cheap, and it needs no connection of
// its own (no NOTIFY per run end: on this machine a NOTIFY in a commit serialises commits).
import type { Db } from "../db/client.ts";

type EndResponse = { status: number; headers?: Record<string, string>; body?: unknown; contentType?: string };
const ENDED = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "DISCARDED"]);

const NO_STORE = { "Cache-Control": "no-store" };

/** 202 with the run id and where to watch it. */
export function acceptedResponse(runId: string): Response {
  return Response.json({ runId }, { status: 202, headers: { Location: `/runs/${runId}`, ...NO_STORE } });
}

/** 200 with the run the key started first; nothing new was started. */
export function duplicateResponse(runId: string): Response {
  return Response.json({ runId, duplicate: true }, { status: 200, headers: { Location: `/runs/${runId}`, ...NO_STORE } });
}

export async function waitForRunResponse(db: Db, runId: string, timeoutMs: number, sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let interval = 25;
  for (;;) {
    const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, response: true } });
    if (run?.response) return endResponse(runId, run.response as EndResponse);
    if (run && ENDED.has(run.status)) return endedWithoutResponse(runId, run.status);
    const left = deadline - Date.now();
    if (left <= 0) return acceptedResponse(runId);
    await sleep(Math.min(interval, left));
    interval = Math.min(interval * 2, 500);
  }
}

function endResponse(runId: string, response: EndResponse): Response {
  const headers = new Headers(response.headers ?? {});
  headers.set("X-Millwright-Run-Id", runId);
  headers.set("Cache-Control", "no-store");
  if (response.body === undefined || response.body === null) return new Response(null, { status: response.status, headers });
  if (typeof response.body === "string") {
    if (!headers.has("content-type")) headers.set("Content-Type", response.contentType ?? "text/plain; charset=utf-8");
    return new Response(response.body, { status: response.status, headers });
  }
  headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(response.body), { status: response.status, headers });
}

// The run ended without an End step's response: success says so; otherwise 502 (the flow, not the
// caller, failed) without the flow's error text, which is for analysts, not for calling systems.
function endedWithoutResponse(runId: string, status: string): Response {
  if (status === "SUCCEEDED") return Response.json({ runId, status }, { status: 200, headers: NO_STORE });
  const message = `The run ended ${status.toLowerCase()} without a response; its id identifies it to the flow's team.`;
  return Response.json({ runId, error: { code: `RUN_${status}`, message } }, { status: 502, headers: NO_STORE });
}
