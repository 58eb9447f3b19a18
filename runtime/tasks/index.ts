import type { TaskList } from "graphile-worker";
import type { EngineDeps } from "../engine/step.ts";
import { DEADLINE_TASK } from "../engine/deadline.ts";
import { STEP_TASK } from "../engine/sql.ts";
import { EMAIL_TASK } from "../../lib/notifications/notify.server.ts";
import { EMIT_WINDOW_TASK, emitWindowTask } from "./emit-window.ts";
import { pruneHeartbeats } from "./prune-heartbeats.ts";
import { ODOO_POLL_TASK, odooPollTask } from "./odoo-poll.ts";
import { runDeadlineTask } from "./run-deadline.ts";
import { runStepTask } from "./run-step.ts";
import { sendEmailTask } from "./send-email.ts";
import { SCHEDULE_TICK_TASK, scheduleTickTask } from "./schedule-tick.ts";

// Every task parses its payload with zod on its first line and is idempotent (delivery is at least once).
export function createTaskList(deps: Omit<EngineDeps, "signal">): TaskList {
  return {
    [STEP_TASK]: runStepTask(deps),
    [DEADLINE_TASK]: runDeadlineTask(deps.io),
    [SCHEDULE_TICK_TASK]: scheduleTickTask({ io: deps.io, log: deps.log }),
    [ODOO_POLL_TASK]: odooPollTask({ io: deps.io, db: deps.db, log: deps.log }),
    "prune-heartbeats": pruneHeartbeats,
    [EMIT_WINDOW_TASK]: emitWindowTask({ io: deps.io, log: deps.log }),
    [EMAIL_TASK]: sendEmailTask({ db: deps.db, log: deps.log }),
  };
}

// graphile-worker cron: stale heartbeat rows of crashed workers are cleaned hourly; schedule triggers
// are planned and Odoo triggers polled every minute (one job of each at a time, whatever the number
// of workers; the Odoo poll adds passes of its own for intervals under a minute).
export const crontab = [
  "0 * * * * prune-heartbeats",
  "* * * * * schedule-tick ?max=1&jobKey=schedule-tick",
  "* * * * * odoo-poll ?max=1&jobKey=odoo-poll",
].join("\n");
