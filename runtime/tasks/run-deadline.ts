// The "run-deadline" task: fails a run still going when its flow's deadline passes (runtime/engine/deadline.ts).
import type { Task } from "graphile-worker";
import { z } from "zod";
import { enforceDeadline } from "../engine/deadline.ts";
import type { EngineIo } from "../engine/io.ts";
import { flowOfRun } from "../engine/run-flow.ts";

const ZDeadlineJob = z.object({ runId: z.uuid(), generation: z.number().int().min(0) });

export function runDeadlineTask(io: EngineIo): Task {
  return async (payload) => {
    const job = ZDeadlineJob.parse(payload);
    await enforceDeadline(io, (run) => flowOfRun(io, run), job);
  };
}
