"use client";

// The runs console's actions as React Query mutations: each toasts its outcome (with the reasons of
// skipped runs), then refreshes the run list and any open run.
import { useQueryClient } from "@tanstack/react-query";
import { describeOutcome, type BulkOutcome, type ReplayRunsInput, type RunIdsInput } from "../../lib/runs/run-actions.ts";
import { useFlowAction, type FlowAction } from "../flows/use-flow-action.ts";
import { useToast } from "../ui/toast.tsx";

/** The server actions, passed down by the pages (components never import app/). */
export type RunActions = {
  replay: FlowAction<ReplayRunsInput, BulkOutcome>;
  cancel: FlowAction<RunIdsInput, BulkOutcome>;
  discard: FlowAction<RunIdsInput, BulkOutcome>;
};

export function useRunAction<I>(action: FlowAction<I, BulkOutcome>, verb: string, onDone?: (outcome: BulkOutcome) => void) {
  const toast = useToast();
  const queryClient = useQueryClient();
  return useFlowAction(action, {
    toastErrors: true,
    onSuccess: (outcome) => {
      const { message, tone } = describeOutcome(verb, outcome);
      toast(message, tone);
      void queryClient.invalidateQueries({ queryKey: ["runs"] });
      void queryClient.invalidateQueries({ queryKey: ["run"] });
      onDone?.(outcome);
    },
  });
}
