"use client";

// What every field of the config form needs from the panel: how to write a value, the issues
// placed on fields, the connections, the upstream sample's paths, and the "insert target" (the
// template or script field the analyst last worked in, where the sample tree inserts a path).
import { createContext, useContext, type RefObject } from "react";
import type { ConfigPath, PlacedIssues } from "../../lib/flows/json-schema-form.ts";
import type { SampleNode } from "../../lib/flows/sample-paths.ts";
import type { CodeCompletion } from "../code-editor/code-editor.tsx";

/** A field that accepts an inserted path: templates get `{{ input.x }}`, scripts `input.x`, paths `x`. */
export type InsertTarget = { id: string; label: string; mode: "template" | "code" | "path"; insert: (path: string) => void };

export type FormContextValue = {
  idPrefix: string;
  readOnly: boolean;
  connectionNames: readonly string[];
  issues: PlacedIssues;
  /** Flat list of the upstream sample's paths (pickers, completions). */
  samplePaths: readonly SampleNode[];
  completions: readonly CodeCompletion[];
  update: (path: ConfigPath, value: unknown) => void;
  /** The latest value at a path (for handlers that run after several quick edits). */
  read: (path: ConfigPath) => unknown;
  setInsertTarget: (target: InsertTarget | null) => void;
  insertTargetRef: RefObject<InsertTarget | null>;
  /** False for triggers: there is no previous step to pick fields from. */
  hasUpstream: boolean;
  /** "Advanced" sections by the path (pathKey) of the object holding them. */
  isAdvancedOpen: (key: string) => boolean;
  toggleAdvanced: (key: string) => void;
};

export const FormContext = createContext<FormContextValue | null>(null);

export function useFormContext(): FormContextValue {
  const value = useContext(FormContext);
  if (!value) throw new Error("Config fields render inside <ConfigPanel>");
  return value;
}

/** A DOM id for the control of the field at `path`. */
export function fieldId(prefix: string, path: ConfigPath): string {
  return `${prefix}-${path.map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, "_")).join("-") || "root"}`;
}
