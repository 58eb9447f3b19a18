// The "emit-window" task: a conditioning window (debounce, state duration, tumbling) is due; emit
// it once (lib/conditioning/emit.server.ts). Queued per window with the job key window:<id>, so
// moving the due time replaces the job; running twice emits nothing twice.
import type { Task } from "graphile-worker";
import type { Logger } from "pino";
import { z } from "zod";
import { emitWindow } from "../../lib/conditioning/emit.server.ts";
import type { EngineIo } from "../engine/io.ts";

export { EMIT_WINDOW_TASK } from "../../lib/conditioning/store.server.ts";

const ZEmitJob = z.object({ windowId: z.uuid() });

export function emitWindowTask(deps: { io: EngineIo; log: Logger }): Task {
  return async (payload) => {
    const job = ZEmitJob.parse(payload);
    const result = await deps.io.transaction((sql) => emitWindow(sql, job.windowId, new Date()));
    if (result.status === "not-released") deps.log.warn({ windowId: job.windowId }, "conditioning window closed without a run: its flow is no longer released");
  };
}
