"use client";

// The designer's test state, one store per open editor (beside the editor store, which holds the
// flow): whether the test panel is open, the payload being edited, the environment picked, the
// run on show and its steps as the canvas colours them, and the last "Run all test cases".
// The canvas reads `useCanvasRunStates()`: the shown run's states while the panel is open, else
// nothing (editing looks as before).
import { createContext, createElement, useContext, useState, type ReactNode } from "react";
import { createStore, type StoreApi } from "zustand/vanilla";
import { useStore } from "zustand";
import type { RunStates } from "../../canvas/run-state.ts";
import type { StartedTestCase, TestRunView } from "../../../lib/flows/test-cases.ts";
import type { TestRunActions } from "./test-run-types.ts";
import { testRunStates } from "./run-states.ts";

export type TestPanelTab = "run" | "cases";
/** The trigger's pinned sample, the last test's payload, an example of the trigger's output, a saved case, or typed. */
export type PayloadSource = "sample" | "last" | "example" | "case" | "edited";

export type TestRunState = {
  flowId: string;
  actions: TestRunActions;
  open: boolean;
  tab: TestPanelTab;
  /** The payload editor's text; null until the panel first opens (then prefilled). */
  payloadText: string | null;
  /** The saved case whose payload is in the editor (a run of it counts as that case's run). */
  testCaseId: string | null;
  /** Where the payload came from, for the line under the editor. */
  payloadSource: PayloadSource | null;
  /** null: no environment (steps that need a connection fail with a clear message). */
  environmentId: string | null;
  /** The run on show: the last test run started here, or a case's run opened from the list. */
  runId: string | null;
  run: TestRunView | null;
  runStates: RunStates | undefined;
  /** The runs of the last "Run all test cases", in case order. */
  batch: StartedTestCase[] | null;
};

export type TestRunStoreActions = {
  setOpen: (open: boolean, tab?: TestPanelTab) => void;
  setTab: (tab: TestPanelTab) => void;
  /** A saved case's payload counts as that case (`testCaseId`); anything else clears it. */
  setPayload: (text: string, source: PayloadSource, testCaseId?: string | null) => void;
  setEnvironment: (environmentId: string | null) => void;
  showRun: (runId: string | null) => void;
  setRun: (run: TestRunView) => void;
  setBatch: (batch: StartedTestCase[] | null) => void;
};

export type TestRunStore = StoreApi<TestRunState & TestRunStoreActions>;

export function createTestRunStore(init: { flowId: string; actions: TestRunActions }): TestRunStore {
  return createStore<TestRunState & TestRunStoreActions>()((set, get) => ({
    flowId: init.flowId,
    actions: init.actions,
    open: false,
    tab: "run",
    payloadText: null,
    testCaseId: null,
    payloadSource: null,
    environmentId: null,
    runId: null,
    run: null,
    runStates: undefined,
    batch: null,

    setOpen(open, tab) {
      set({ open, ...(tab ? { tab } : {}) });
    },
    setTab(tab) {
      set({ tab });
    },
    setPayload(text, source, testCaseId = null) {
      set({ payloadText: text, payloadSource: source, testCaseId });
    },
    setEnvironment(environmentId) {
      set({ environmentId });
    },
    showRun(runId) {
      if (runId === get().runId) return;
      set({ runId, run: null, runStates: runId ? {} : undefined });
    },
    setRun(run) {
      if (run.id !== get().runId) return;
      set({ run, runStates: testRunStates(run.steps) });
    },
    setBatch(batch) {
      set({ batch });
    },
  }));
}

const TestRunStoreContext = createContext<TestRunStore | null>(null);

/** Wraps the editor when the user may test (analysts and admins on an editable flow). */
export function TestRunStoreProvider({ flowId, actions, children }: { flowId: string; actions: TestRunActions; children: ReactNode }) {
  const [store] = useState(() => createTestRunStore({ flowId, actions }));
  return createElement(TestRunStoreContext.Provider, { value: store }, children);
}

/** The store, or null where testing is not offered (read-only editor). */
export function useTestRunStoreApi(): TestRunStore | null {
  return useContext(TestRunStoreContext);
}

const NO_STORE: TestRunStore = createTestRunStore({ flowId: "", actions: null as unknown as TestRunActions });

/** One slice of the test state; without a provider, of an empty store that never changes. */
export function useTestRun<T>(selector: (state: TestRunState & TestRunStoreActions) => T): T {
  return useStore(useTestRunStoreApi() ?? NO_STORE, selector);
}

/** What the canvas colours: the shown run while the test panel is open, else undefined. */
export function useCanvasRunStates(): RunStates | undefined {
  return useTestRun((s) => (s.open ? s.runStates : undefined));
}
