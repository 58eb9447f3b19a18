// Behaviour of the Odoo test server's ORM over the wire: domains, read formatting, create/write/unlink
// shapes, name_search and fields_get per version, load() with external ids, the purchase -> receipt
// flow, ACLs and API keys.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOdooSim, type OdooSim } from "./index.ts";
import { call, executeKw, json2 } from "./test-client.ts";

describe.each([17, 19] as const)("Odoo %i test server ORM", (version) => {
  let sim: OdooSim;
  beforeAll(async () => { sim = await startOdooSim({ version }); });
  afterAll(async () => { await sim.close(); });

  const codes = async (domain: unknown[]) => {
    const rows = await call<{ default_code: string }[]>(sim, "product.product", "search_read", [domain], { fields: ["default_code"] });
    return rows.map((r) => r.default_code).sort();
  };

  it("lists its models in ir.model, for model pickers", async () => {
    const models = await call<{ model: string; name: string }[]>(sim, "ir.model", "search_read", [[["model", "like", "maintenance."]]], { fields: ["model", "name"] });
    expect(models.map((row) => row.model)).toEqual(expect.arrayContaining(["maintenance.equipment", "maintenance.request"]));
    expect(models.find((row) => row.model === "maintenance.request")?.name).toBeTruthy();
  });

  it("evaluates domains with prefix operators and the comparison operators", async () => {
    expect(await codes([["default_code", "=", "BRG-6205-2RS"]])).toEqual(["BRG-6205-2RS"]);
    expect(await codes([["default_code", "in", ["BRG-6205-2RS", "SEAL-35X52X7", "NOPE"]]])).toEqual(["BRG-6205-2RS", "SEAL-35X52X7"]);
    expect(await codes(["|", ["default_code", "=", "GSK-DN80"], ["default_code", "=", "MSEAL-35"]])).toEqual(["GSK-DN80", "MSEAL-35"]);
    expect(await codes(["!", ["default_code", "ilike", "brg"], ["list_price", "<", 10]])).toEqual(["GSK-DN80", "SEAL-35X52X7"]);
    expect(await codes([["default_code", "=like", "BRG-620_-2RS"]])).toEqual(["BRG-6204-2RS", "BRG-6205-2RS"]);
    expect(await codes([["default_code", "=ilike", "seal%"]])).toEqual(["SEAL-35X52X7"]);
    expect(await codes([["name", "like", "seal"], ["default_code", "not in", ["MSEAL-35"]]])).toEqual(["SEAL-35X52X7"]);
    expect(await codes([["qty_available", ">=", 7], ["qty_available", "<=", 12], ["default_code", "!=", "BRG-6205-2RS"]])).toEqual(["SEAL-35X52X7"]);
    expect(await codes([["qty_available", ">", 100]])).toEqual([]);
    expect(await codes([["barcode", "=", false], ["default_code", "not ilike", "BRG"], ["standard_price", "<", 50]])).toEqual(["GSK-DN80", "SEAL-35X52X7"]);
    expect(await codes([["uom_id.name", "=", "Units"], ["default_code", "ilike", "PUMP"]])).toEqual(["PUMP-ASSY-80"]);
  });

  it("walks parents for child_of and sub-domains for any", async () => {
    const company = await call<number>(sim, "res.partner", "create", [{ name: "Child Test Co", is_company: true }]);
    const contact = await call<number>(sim, "res.partner", "create", [{ name: "Jane Child", parent_id: company }]);
    expect((await call<number[]>(sim, "res.partner", "search", [[["id", "child_of", company]]])).sort()).toEqual([company, contact]);
    expect(await call(sim, "res.partner", "search", [[["user_ids", "any", [["login", "=", "admin"]]]]])).toEqual([3]);
    expect(await call(sim, "res.partner", "read", [[contact], ["display_name"]])).toEqual([{ id: contact, display_name: "Child Test Co, Jane Child" }]);
  });

  it("reads many2one as [id, name], empty values as false, and drops missing ids", async () => {
    const rows = await call<Record<string, unknown>[]>(sim, "product.product", "read", [[1, 999], ["default_code", "uom_id", "barcode", "categ_id"]]);
    expect(rows).toEqual([{ id: 1, default_code: "BRG-6205-2RS", uom_id: [1, "Units"], barcode: "4012802115236", categ_id: [2, "Spare parts"] }]);
    const gasket = await call<Record<string, unknown>[]>(sim, "product.product", "search_read", [[["default_code", "=", "GSK-DN80"]]], { fields: ["barcode", "qty_available", "uom_id"], load: null });
    expect(gasket).toEqual([{ id: 4, barcode: false, qty_available: 0, uom_id: 1 }]);
  });

  it("answers create with an id for a dict and a list for a list; JSON-2 always a list", async () => {
    expect(typeof (await call(sim, "res.partner", "create", [{ name: "One" }]))).toBe("number");
    expect(await call<number[]>(sim, "res.partner", "create", [[{ name: "Two" }, { name: "Three" }]])).toHaveLength(2);
    if (version === 19) {
      const answer = await json2(sim, "res.partner", "create", { vals_list: { name: "Four" } });
      expect(answer.status).toBe(200);
      expect(Array.isArray(answer.body)).toBe(true);
    }
  });

  it("raises MissingError on write and unlink of missing ids", async () => {
    const answer = await executeKw(sim, "maintenance.request", "write", [[4242], { name: "x" }]);
    expect(answer.body.error?.data.name).toBe("odoo.exceptions.MissingError");
    expect(answer.body.error?.data.message).toBe("Record does not exist or has been deleted.\n(Record: maintenance.request(4242,), User: 2)");
    expect((await executeKw(sim, "maintenance.request", "unlink", [[4242]])).body.error?.data.name).toBe("odoo.exceptions.MissingError");
  });

  it("counts, name-searches (args in 17, domain in 19) and describes fields", async () => {
    expect(await call(sim, "product.product", "search_count", [[["default_code", "ilike", "BRG"]]])).toBe(2);
    const kwarg = version === 17 ? "args" : "domain";
    expect(await call(sim, "product.product", "name_search", [], { name: "SEAL-35X", [kwarg]: [], limit: 5 })).toEqual([[3, "[SEAL-35X52X7] Radial shaft seal 35x52x7 NBR"]]);
    const wrong = await executeKw(sim, "product.product", "name_search", [], { name: "x", [version === 17 ? "domain" : "args"]: [] });
    expect(wrong.body.error?.data.message).toContain("got an unexpected keyword argument");
    const fields = await call<Record<string, Record<string, unknown>>>(sim, "maintenance.request", "fields_get", [], { attributes: ["type", "string", "required", "relation", "selection"] });
    expect(fields.equipment_id).toEqual({ type: "many2one", string: "Equipment", required: false, relation: "maintenance.equipment" });
    expect(fields.name?.required).toBe(true);
    expect(fields.maintenance_type?.selection).toEqual([["corrective", "Corrective"], ["preventive", "Preventive"]]);
  });

  it("has the version's field renames and name_get only in 17", async () => {
    const lineFields = await call<Record<string, unknown>>(sim, "purchase.order.line", "fields_get", [], { attributes: ["type"] });
    expect(Object.keys(lineFields)).toEqual(expect.arrayContaining(version === 17 ? ["product_uom", "taxes_id"] : ["product_uom_id", "tax_ids"]));
    expect(Object.keys(lineFields)).not.toContain(version === 17 ? "product_uom_id" : "product_uom");
    const productFields = await call<Record<string, unknown>>(sim, "product.product", "fields_get", [], { attributes: ["type"] });
    expect("is_storable" in productFields).toBe(version === 19);
    expect("detailed_type" in productFields).toBe(version === 17);
    const nameGet = await executeKw(sim, "product.product", "name_get", [[1]]);
    if (version === 17) expect(nameGet.body.result).toEqual([[1, "[BRG-6205-2RS] Deep groove ball bearing 6205-2RS"]]);
    else expect(nameGet.body.error?.data.message).toBe("The method 'product.product.name_get' does not exist");
  });

  it("archives with no result key and hides archived records unless active_test is false", async () => {
    const id = await call<number>(sim, "maintenance.equipment", "create", [{ name: "Old press", serial_no: "PRESS-01" }]);
    const answer = await executeKw(sim, "maintenance.equipment", "write", [[id], { active: false }]);
    expect(answer.body.result).toBe(true);
    expect(await call(sim, "maintenance.equipment", "search", [[["serial_no", "=", "PRESS-01"]]])).toEqual([]);
    expect(await call(sim, "maintenance.equipment", "search", [[["serial_no", "=", "PRESS-01"]]], { context: { active_test: false } })).toEqual([id]);
    const archive = await executeKw(sim, "res.partner", "action_archive", [[4]]);
    expect(archive.body).toEqual({ jsonrpc: "2.0", id: 1 });
  });

  it("creates a purchase order with lines, confirms it once and receives it into stock", async () => {
    const before = (await call<{ qty_available: number }[]>(sim, "product.product", "read", [[3], ["qty_available"]]))[0]?.qty_available;
    const id = await call<number>(sim, "purchase.order", "create", [{ partner_id: 5, partner_ref: "WO-2026-0815", order_line: [[0, 0, { product_id: 3, product_qty: 4, price_unit: 2.5 }]] }]);
    const [order] = await call<Record<string, unknown>[]>(sim, "purchase.order", "read", [[id], ["name", "state", "amount_total", "order_line"]]);
    expect(order).toMatchObject({ name: expect.stringMatching(/^P\d{5}$/), state: "draft", amount_total: 10 });
    expect(await call(sim, "purchase.order", "button_confirm", [[id]])).toBe(true);
    expect(await call(sim, "purchase.order", "button_confirm", [[id]])).toBe(true); // non-draft orders are skipped
    const [confirmed] = await call<{ state: string; picking_ids: number[] }[]>(sim, "purchase.order", "read", [[id], ["state", "picking_ids"]]);
    expect(confirmed?.state).toBe("purchase");
    expect(confirmed?.picking_ids).toHaveLength(1);
    const picking = confirmed?.picking_ids[0] as number;
    expect(await call(sim, "stock.picking", "button_validate", [[picking]])).toBe(true);
    expect(await call(sim, "stock.picking", "button_validate", [[picking]])).toBe(true); // done pickings are filtered out
    const after = (await call<{ qty_available: number }[]>(sim, "product.product", "read", [[3], ["qty_available"]]))[0]?.qty_available;
    expect(after).toBe((before ?? 0) + 4);
    const lines = await call<{ qty_received: number }[]>(sim, "purchase.order.line", "search_read", [[["order_id", "=", id]]], { fields: ["qty_received"] });
    expect(lines[0]?.qty_received).toBe(4);
  });

  it("answers button_validate with a wizard action when nothing or only part is done", async () => {
    const picking = await call<number>(sim, "stock.picking", "create", [{ picking_type_code: "incoming", location_id: 2, location_dest_id: 1, move_ids: [[0, 0, { product_id: 4, product_uom_qty: 5, location_id: 2, location_dest_id: 1 }]] }]);
    const immediate = await call<Record<string, unknown>>(sim, "stock.picking", "button_validate", [[picking]]);
    expect(immediate).toMatchObject({ type: "ir.actions.act_window", res_model: "stock.immediate.transfer" });
    const [moveId] = await call<number[]>(sim, "stock.move", "search", [[["picking_id", "=", picking]]]);
    await call(sim, "stock.move", "write", [[moveId], { quantity: 2 }]);
    expect(await call(sim, "stock.picking", "button_validate", [[picking]])).toMatchObject({ res_model: "stock.backorder.confirmation" });
    expect(await call(sim, "stock.picking", "button_validate", [[picking]], { context: { skip_backorder: true } })).toBe(true);
    const backorders = await call<{ state: string }[]>(sim, "stock.picking", "search_read", [[["backorder_id", "=", picking]]], { fields: ["state"] });
    expect(backorders).toEqual([expect.objectContaining({ state: "assigned" })]);
  });

  it("loads rows with external ids: creates once, updates after, and rolls back a failing batch", async () => {
    const first = await call<{ ids: number[]; messages: unknown[] }>(sim, "maintenance.request", "load", [["id", "name", "equipment_id/id"], [["millwright.wo_1", "WO-1 pump check", "plant.pump_07"]]]);
    expect(first.messages).toEqual([]);
    expect(first.ids).toHaveLength(1);
    const again = await call<{ ids: number[] }>(sim, "maintenance.request", "load", [["id", "name"], [["millwright.wo_1", "WO-1 pump check (again)"]]]);
    expect(again.ids).toEqual(first.ids);
    const xmlids = await call<Record<string, unknown>[]>(sim, "ir.model.data", "search_read", [[["module", "=", "millwright"], ["name", "=", "wo_1"]]], { fields: ["model", "res_id"] });
    expect(xmlids).toEqual([{ id: expect.any(Number), model: "maintenance.request", res_id: first.ids[0] }]);
    const [row] = await call<Record<string, unknown>[]>(sim, "maintenance.request", "read", [first.ids, ["name", "equipment_id"]]);
    expect(row).toEqual({ id: first.ids[0], name: "WO-1 pump check (again)", equipment_id: [1, "Cooling water pump 7/PUMP-07"] });
    const count = await call<number>(sim, "maintenance.request", "search_count", [[]]);
    const failed = await call<{ ids: unknown; messages: { type: string; message: string }[] }>(sim, "maintenance.request", "load", [["id", "name"], [["millwright.wo_2", "fine"], ["millwright.wo_3", ""]]]);
    expect(failed.ids).toBe(false);
    expect(failed.messages[0]?.type).toBe("error");
    expect(await call(sim, "maintenance.request", "search_count", [[]])).toBe(count);
    expect(await call(sim, "ir.model.data", "search_count", [[["name", "in", ["wo_2", "wo_3"]]]])).toBe(0);
  });

  it("checks required fields with Odoo's message, and ACLs for the non-admin user", async () => {
    const missing = await executeKw(sim, "maintenance.request", "create", [{ equipment_id: 1 }]);
    expect(missing.body.error?.data.name).toBe("odoo.exceptions.ValidationError");
    expect(missing.body.error?.data.message).toContain(version === 17 ? "Field: Subjects (name)" : "Missing required value for the field 'Subjects' (name)");
    expect(await call(sim, "product.product", "search_count", [[]], undefined, "user")).toBeGreaterThan(0);
    const denied = await executeKw(sim, "ir.config_parameter", "search_read", [[]], undefined, { as: "user" });
    expect(denied.body.error?.data.name).toBe("odoo.exceptions.AccessError");
    expect(await call(sim, "ir.config_parameter", "search_count", [[]])).toBeGreaterThan(0);
  });

  it("accepts the API key as a password and refuses wrong credentials", async () => {
    const login = await fetch(`${sim.url}/jsonrpc`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", method: "call", params: { service: "common", method: "authenticate", args: [sim.database, "admin", sim.admin.apiKey, {}] }, id: 1 }) });
    expect((await login.json()).result).toBe(2);
    expect((await executeKw(sim, "res.partner", "search_count", [[]], undefined, { password: sim.admin.apiKey })).body.result).toEqual(expect.any(Number));
    const wrong = await executeKw(sim, "res.partner", "search_count", [[]], undefined, { password: "nope" });
    expect(wrong.body.error).toMatchObject({ code: version === 17 ? 200 : 0, data: { name: "odoo.exceptions.AccessDenied", message: "Access Denied" } });
  });

  it("creates maintenance requests and runs manufacturing orders", async () => {
    const request = await call<number>(sim, "maintenance.request", "create", [{ name: "PUMP-07 seal leak", equipment_id: 1, priority: "3" }]);
    const [row] = await call<Record<string, unknown>[]>(sim, "maintenance.request", "read", [[request], ["stage_id", "maintenance_team_id", "maintenance_type"]]);
    expect(row).toEqual({ id: request, stage_id: [1, "New Request"], maintenance_team_id: [1, "Internal Maintenance"], maintenance_type: "corrective" });
    const mo = await call<number>(sim, "mrp.production", "create", [{ product_id: 6, product_qty: 2 }]);
    expect(await call(sim, "mrp.production", "action_confirm", [[mo]])).toBe(true);
    expect(await call(sim, "mrp.production", "button_mark_done", [[mo]])).toBe(true);
    const [done] = await call<Record<string, unknown>[]>(sim, "mrp.production", "read", [[mo], ["name", "state", "date_start"]]);
    expect(done).toMatchObject({ name: expect.stringMatching(/^WH\/MO\/\d{5}$/), state: "done" });
  });

  it("records the calls it received and exposes raw records", async () => {
    const before = sim.calls.length;
    await call(sim, "stock.quant", "search_count", [[]]);
    expect(sim.calls.slice(before)).toEqual([{ model: "stock.quant", method: "search_count", transport: "jsonrpc" }]);
    expect(sim.records("maintenance.equipment").map((r) => r.serial_no)).toContain("PUMP-07");
  });

  it("refuses non-POST and wrong content types on /jsonrpc like Odoo", async () => {
    const response = await fetch(`${sim.url}/jsonrpc`);
    expect(response.status).toBe(version === 17 ? 400 : 415);
  });
});
