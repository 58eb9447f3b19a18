import { describe, expect, it } from "vitest";
import type { OdooFieldInfo } from "../odoo-meta/meta.ts";
import { fieldsWorthShowing, formatValue, RECORD_FIELD_LIMIT } from "./record.server.ts";

const field = (name: string, type: string, extra: Partial<OdooFieldInfo> = {}): OdooFieldInfo => ({ name, string: name.replace(/_/g, " "), type, required: false, readonly: false, ...extra });

describe("fieldsWorthShowing", () => {
  it("puts the name and required fields first and leaves out binary, x2many and technical fields", () => {
    const shown = fieldsWorthShowing([
      field("zeta", "char"), field("image_1920", "binary"), field("line_ids", "one2many"), field("tag_ids", "many2many"),
      field("message_ids", "one2many"), field("write_date", "datetime"), field("team_id", "many2one", { required: true }), field("name", "char"),
    ]).map((f) => f.name);
    expect(shown).toEqual(["name", "team_id", "zeta"]);
  });

  it("keeps at most the field limit", () => {
    expect(fieldsWorthShowing(Array.from({ length: 80 }, (_, i) => field(`f${i}`, "char")))).toHaveLength(RECORD_FIELD_LIMIT);
  });
});

describe("formatValue", () => {
  it("reads Odoo's values the way a person would", () => {
    expect(formatValue({ type: "many2one" }, [3, "Internal maintenance"])).toBe("Internal maintenance");
    expect(formatValue({ type: "selection", selection: [["3", "High"]] }, "3")).toBe("High");
    expect(formatValue({ type: "char" }, false)).toBe("—");
    expect(formatValue({ type: "boolean" }, false)).toBe("No");
    expect(formatValue({ type: "float" }, 1234.5)).toBe("1,234.5");
    expect(formatValue({ type: "html" }, "<p>Loud <b>bearing</b></p>")).toBe("Loud bearing");
  });
});
