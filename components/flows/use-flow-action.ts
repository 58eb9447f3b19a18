"use client";

import { useMutation } from "@tanstack/react-query";
import type { ActionFailure, ActionResult } from "../../lib/flows/action-result.ts";
import { useToast } from "../ui/toast.tsx";

/** A flow server action as the pages pass it down (components never import app/). */
export type FlowAction<I, O> = (input: I) => Promise<ActionResult<O>>;

/** The action answered { ok: false }: the mutation fails with the answer attached. */
export class FlowActionError extends Error {
  readonly failure: ActionFailure;
  constructor(failure: ActionFailure) {
    super(failure.message);
    this.name = "FlowActionError";
    this.failure = failure;
  }
}

const UNREACHABLE: ActionFailure = {
  ok: false,
  code: "UNAVAILABLE",
  message: "Millwright could not be reached. Check your connection and try again.",
};

/** The failure behind a mutation error, whether the action answered one or the request itself failed. */
export function failureOf(error: unknown): ActionFailure | null {
  if (!error) return null;
  return error instanceof FlowActionError ? error.failure : UNREACHABLE;
}

/**
 * A React Query mutation around a flow server action. Failures reject with FlowActionError, so
 * `onError`, `error` and `isPending` work as usual. With `toastErrors` the failure's message is
 * toasted (row actions); forms show it themselves (`failureOf(mutation.error)`).
 */
export function useFlowAction<I, O, Ctx = unknown>(
  action: FlowAction<I, O>,
  options: {
    toastErrors?: boolean;
    onMutate?: (input: I) => Ctx;
    onSuccess?: (data: O, input: I) => void;
    onError?: (failure: ActionFailure, input: I, context: Ctx | undefined) => void;
  } = {},
) {
  const toast = useToast();
  return useMutation<O, Error, I, Ctx>({
    mutationFn: async (input) => {
      const result = await action(input);
      if (!result.ok) throw new FlowActionError(result);
      return result.data;
    },
    onMutate: options.onMutate,
    onSuccess: (data, input) => options.onSuccess?.(data, input),
    onError: (error, input, context) => {
      const failure = failureOf(error) ?? UNREACHABLE;
      if (options.toastErrors) toast(failure.message, "error");
      options.onError?.(failure, input, context);
    },
  });
}
