// loadRow: which create values load() can carry, and in which import format.
import { describe, expect, it } from "vitest";
import { loadRow } from "./load-row.ts";

const types = { name: "char", equipment_id: "many2one", priority: "selection", duration: "float", active: "boolean", tag_ids: "many2many", schedule_date: "datetime", data: "json" };

describe("loadRow", () => {
  it("puts many2one and id lists in .id columns, numbers and booleans as text, empties as empty cells", () => {
    expect(loadRow({ name: "Pump", equipment_id: 7, priority: "2", duration: 1.5, active: true, tag_ids: [1, 2], schedule_date: "2025-03-01 08:00:00" }, types)).toEqual({
      columns: ["name", "equipment_id/.id", "priority", "duration", "active", "tag_ids/.id", "schedule_date"],
      cells: ["Pump", "7", "2", "1.5", "1", "1,2", "2025-03-01 08:00:00"],
    });
    expect(loadRow({ equipment_id: false, active: false, name: null }, types)).toEqual({ columns: ["equipment_id", "active", "name"], cells: ["", "", ""] });
  });

  it("gives null for what load cannot express: commands, json, unknown fields, a name for a many2one", () => {
    expect(loadRow({ tag_ids: [[6, 0, [1]]] }, types)).toBeNull();
    expect(loadRow({ line_ids: [3, 4] }, { line_ids: "one2many" })).toBeNull();
    expect(loadRow({ data: { a: 1 } }, types)).toBeNull();
    expect(loadRow({ nope: "x" }, types)).toBeNull();
    expect(loadRow({ equipment_id: "Pump 7" }, types)).toBeNull();
    expect(loadRow({ id: 3 }, { ...types, id: "integer" })).toBeNull();
  });
});
