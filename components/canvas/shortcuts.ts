// The keyboard shortcuts: one list read by the handler's documentation (the help overlay) and by
// anyone writing tests. "Mod" is Ctrl (Cmd on a Mac).
export type Shortcut = { keys: string[][]; does: string };
export type ShortcutGroup = { title: string; items: Shortcut[] };

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: "Build",
    items: [
      { keys: [["/"], ["A"]], does: "Search the steps palette; Enter adds the highlighted step after the selected one" },
      { keys: [["C"]], does: "Connect the selected step to… (pick the next step from a list)" },
      { keys: [["N"]], does: "Add a sticky note" },
      { keys: [["Enter"]], does: "Open the selected step's settings (Escape returns to the canvas)" },
      { keys: [["Shift", "L"]], does: "Tidy up: arrange the steps left to right" },
    ],
  },
  {
    title: "Select and move",
    items: [
      { keys: [["Tab"], ["Shift", "Tab"]], does: "Move between steps (from anywhere on the page: into the canvas); Enter or Space selects" },
      { keys: [["Shift", "Click"], ["Shift", "Drag"]], does: "Add to the selection / select with a box (or drag on empty canvas)" },
      { keys: [["Mod", "A"]], does: "Select everything" },
      { keys: [["←"], ["↑"], ["→"], ["↓"]], does: "Move the selection (with Shift: further)" },
      { keys: [["Escape"]], does: "Clear the selection" },
    ],
  },
  {
    title: "Edit",
    items: [
      { keys: [["Delete"], ["Backspace"]], does: "Delete the selection (undo brings it back)" },
      { keys: [["Mod", "C"], ["Mod", "X"], ["Mod", "V"]], does: "Copy, cut, paste: works between flows and browser tabs" },
      { keys: [["Mod", "D"]], does: "Duplicate the selection" },
      { keys: [["Mod", "Z"]], does: "Undo" },
      { keys: [["Mod", "Shift", "Z"], ["Mod", "Y"]], does: "Redo" },
      { keys: [["Mod", "S"]], does: "Save now (the editor also saves by itself)" },
    ],
  },
  {
    title: "View",
    items: [
      { keys: [["1"]], does: "Zoom to fit" },
      { keys: [["+"], ["-"]], does: "Zoom in, zoom out" },
      { keys: [["0"]], does: "Zoom to 100 %" },
      { keys: [["Space", "Drag"], ["Scroll"]], does: "Pan the canvas (Ctrl + scroll zooms)" },
      { keys: [["P"]], does: "Show or hide the problems panel" },
      { keys: [["T"]], does: "Show or hide the test panel (Ctrl+Enter in it runs the test)" },
      { keys: [["?"]], does: "Show this help" },
    ],
  },
];
