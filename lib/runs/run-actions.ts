// What the runs console's actions accept (replay, cancel, discard; one run or many) and answer.
// Browser-safe: the dialogs build these inputs, the server actions parse them again whatever the
// browser sent.
import { z } from "zod";

/** At most this many runs in one bulk action (each is its own transaction). */
export const MAX_BULK_RUNS = 500;

export const ZRunIds = z.object({
  runIds: z
    .array(z.uuid({ error: "Each run id is a UUID" }), { error: "runIds is a list of run ids" })
    .min(1, "Pick at least one run")
    .max(MAX_BULK_RUNS, `At most ${MAX_BULK_RUNS} runs at once`),
});

export const ZReplayRuns = ZRunIds.extend({
  from: z.enum(["failed", "start"], { error: "Replay from the failed step or from the start" }),
  /** An edited input for the replayed step (JSON); left out, the step's original input is used. */
  input: z.json({ error: "The input must be JSON" }).optional(),
}).refine((value) => value.input === undefined || value.runIds.length === 1, { path: ["input"], message: "An edited input replays one run at a time" });

/** What the browser sends (the server parses it with ZReplayRuns). */
export type ReplayRunsInput = { runIds: string[]; from: "failed" | "start"; input?: unknown };
export type RunIdsInput = z.input<typeof ZRunIds>;

/** What happened to each run: done, or skipped with the reason (e.g. "Only a failed run can be discarded"). */
export type BulkOutcome = { done: string[]; skipped: { runId: string; reason: string }[] };

/** A toast for a bulk outcome: "2 runs replayed", "1 run replayed, 1 skipped: ...". */
export function describeOutcome(verb: string, outcome: BulkOutcome): { message: string; tone: "success" | "error" } {
  const done = outcome.done.length;
  const skipped = outcome.skipped.length;
  const runs = (n: number) => `${n} run${n === 1 ? "" : "s"}`;
  if (skipped === 0) return { message: `${done === 1 ? "Run" : runs(done)} ${verb}.`, tone: "success" };
  const reasons = [...new Set(outcome.skipped.map((s) => s.reason))].slice(0, 2).join("; ");
  if (done === 0) return { message: `Nothing ${verb}: ${reasons}.`, tone: "error" };
  return { message: `${runs(done)} ${verb}, ${skipped} skipped: ${reasons}.`, tone: "error" };
}
