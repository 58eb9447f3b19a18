"use client";

// What node and edge components may ask the editor to do. FlowView (read-only) provides nothing,
// so the same components render without edit affordances there. The value is created once per
// editor, so reading it never re-renders a node.
import { createContext, useContext } from "react";
import type { TStickyNote } from "../../lib/flows/definition.ts";

export type NoteRect = { x: number; y: number; width: number; height: number };

export type CanvasActions = {
  updateNote: (noteId: string, patch: Partial<Pick<TStickyNote, "text" | "color">>) => void;
  deleteNote: (noteId: string) => void;
  resizeNote: (noteId: string, rect: NoteRect, phase: "start" | "move" | "end") => void;
  deleteEdge: (edgeId: string) => void;
  openConnectMenu: (nodeId: string) => void;
};

export const CanvasActionsContext = createContext<CanvasActions | null>(null);

export function useCanvasActions(): CanvasActions | null {
  return useContext(CanvasActionsContext);
}
