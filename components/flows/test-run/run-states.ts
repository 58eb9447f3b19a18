// A test run as the canvas shows it (components/canvas/run-state.ts), and the bits of a run the
// test panel words for analysts. Pure and browser-safe.
import type { RunStates } from "../../canvas/run-state.ts";
import { elapsedMs, runStatesOf } from "../../runs/run-states.ts";
import type { StepErrorInfo, StepView } from "../../../lib/runs/run-types.ts";

/**
 * Node id -> its step's state, for CanvasDeriver's `runStates`: the runs console's states, with a
 * script error's line in front of its message (the designer is where scripts get fixed).
 */
export function testRunStates(steps: readonly StepView[], now = Date.now()): RunStates {
  const states = runStatesOf(steps, now);
  for (const step of steps) {
    const state = states[step.nodeId];
    if (state && step.error && state.error === step.error.message) state.error = errorLine(step.error);
  }
  return states;
}

/** How long a finished step took; null while it has not finished. */
export function durationOf(step: Pick<StepView, "startedAt" | "finishedAt">): number | null {
  return step.finishedAt ? elapsedMs(step.startedAt, step.finishedAt, 0) : null;
}

/** "Line 3: input.body is undefined" for script errors, the message otherwise. */
export function errorLine(error: StepErrorInfo): string {
  return error.line !== undefined ? `Line ${error.line}: ${error.message}` : error.message;
}

/** Where in a script an error points, as words: "line 3, column 12". */
export function errorPlace(error: StepErrorInfo): string | null {
  if (error.line === undefined) return null;
  return error.column !== undefined ? `line ${error.line}, column ${error.column}` : `line ${error.line}`;
}

/** Pretty JSON text for the payload editor (an undefined value gives ""). */
export function toJsonText(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}

export type ParsedPayload = { ok: true; value: unknown } | { ok: false; message: string };

/** The payload editor's text as JSON, or why not ("Line 4: Unexpected token…" when the engine says where). */
export function parsePayload(text: string): ParsedPayload {
  if (text.trim() === "") return { ok: false, message: "Enter a payload: the JSON the trigger hands the first step." };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The payload is not valid JSON: ${message}` };
  }
}
