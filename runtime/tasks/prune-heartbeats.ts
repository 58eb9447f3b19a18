import type { Task } from "graphile-worker";
import { z } from "zod";

const ZPayload = z.object({}).passthrough();

/** Removes heartbeat rows of workers that died without saying goodbye (older than a day). */
export const pruneHeartbeats: Task = async (payload, helpers) => {
  ZPayload.parse(payload ?? {});
  await helpers.query(`DELETE FROM "WorkerHeartbeat" WHERE "beatAt" < now() - interval '1 day'`);
};
