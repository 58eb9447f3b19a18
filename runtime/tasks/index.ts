import type { TaskList } from "graphile-worker";
import type { EngineDeps } from "../engine/step.ts";
import { DEADLINE_TASK } from "../engine/deadline.ts";
import { STEP_TASK } from "../engine/sql.ts";
import { pruneHeartbeats } from "./prune-heartbeats.ts";
import { runDeadlineTask } from "./run-deadline.ts";
import { runStepTask } from "./run-step.ts";
import { SCHEDULE_TICK_TASK, scheduleTickTask } from "./schedule-tick.ts";

// Every task parses its payload with zod on its first line and is idempotent (delivery is at least once).
export function createTaskList(deps: Omit<EngineDeps, "signal">): TaskList {
  return {
    [STEP_TASK]: runStepTask(deps),
    [DEADLINE_TASK]: runDeadlineTask(deps.io),
    [SCHEDULE_TICK_TASK]: scheduleTickTask({ io: deps.io, log: deps.log }),
    "prune-heartbeats": pruneHeartbeats,
  };
}

// graphile-worker cron: stale heartbeat rows of crashed workers are cleaned hourly; schedule triggers
// are planned every minute (one tick job at a time, whatever the number of workers).
export const crontab = ["0 * * * * prune-heartbeats", "* * * * * schedule-tick ?max=1&jobKey=schedule-tick"].join("\n");
