// The "run-step" task: executes one step of a run (and its inline successors); see runtime/engine/step.ts.
import type { Task } from "graphile-worker";
import { z } from "zod";
import type { EngineDeps } from "../engine/step.ts";
import { runStepJob } from "../engine/step.ts";

const ZStepJob = z.object({ runId: z.uuid(), nodeId: z.string().min(1), generation: z.number().int().min(0) });

export function runStepTask(deps: Omit<EngineDeps, "signal">): Task {
  return async (payload, helpers) => {
    const job = ZStepJob.parse(payload);
    await runStepJob({ ...deps, signal: helpers.abortSignal ?? new AbortController().signal }, job);
  };
}
