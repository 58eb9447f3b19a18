import type { TaskList } from "graphile-worker";
import { pruneHeartbeats } from "./prune-heartbeats.ts";

// Every task parses its payload with zod on its first line and is idempotent (delivery is at least once).
export const taskList: TaskList = {
  "prune-heartbeats": pruneHeartbeats,
};

// graphile-worker cron: stale heartbeat rows of crashed workers are cleaned hourly.
export const crontab = "0 * * * * prune-heartbeats";
