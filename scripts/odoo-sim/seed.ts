// Seed data of the Odoo test server: the records a fresh Odoo has (company 1, OdooBot uid 1,
// admin uid 2 with partner 3, as the recordings show) plus a small plant: vendors, spare parts with
// stock (BRG-6205-2RS, SEAL-35X52X7, ...), equipment (PUMP-07, ...), maintenance stages and teams.
import { create, getModel, table, type Env, type Row } from "./orm.ts";

export const ADMIN = { login: "admin", password: "admin", apiKey: "5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f", uid: 2 };
export const USER = { login: "user", password: "user", apiKey: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", uid: 3 };

function put(env: Env, model: string, rows: Record<string, unknown>[], xmlids: string[] = []): number[] {
  const ids = create(env, getModel(env, model), rows);
  ids.forEach((id, index) => {
    const xmlid = xmlids[index];
    if (!xmlid) return;
    const [module, name] = xmlid.split(".") as [string, string];
    create(env, getModel(env, "ir.model.data"), [{ module, name, model, res_id: id, noupdate: true }]);
  });
  return ids;
}

export function seed(env: Env): void {
  put(env, "ir.model", Object.values(env.models).map((model) => ({ model: model.name, name: model.description })));
  put(env, "res.company", [{ name: "My Company" }], ["base.main_company"]);
  put(env, "res.partner", [{ name: "My Company", is_company: true, company_id: false }], ["base.main_partner"]);
  (table(env, "res.company").get(1) as Row).partner_id = 1;
  put(env, "res.partner", [{ name: "OdooBot", active: false, email: "odoobot@example.com" }], ["base.partner_root"]);
  put(env, "res.partner", [{ name: "Administrator", company_id: 1, email: "admin@example.com" }], ["base.partner_admin"]);
  put(env, "res.users", [
    { name: "OdooBot", login: "__system__", partner_id: 2, active: false },
    { name: "Administrator", login: ADMIN.login, partner_id: 3, email: "admin@example.com" },
  ], ["base.user_root", "base.user_admin"]);
  put(env, "res.country", [{ name: "Germany", code: "DE" }, { name: "Belgium", code: "BE" }, { name: "United States", code: "US" }], ["base.de", "base.be", "base.us"]);
  put(env, "res.partner.category", [{ name: "Vendor" }, { name: "Spare parts" }]);
  put(env, "res.partner", [
    { name: "Wälzlager Schmidt GmbH", is_company: true, supplier_rank: 1, country_id: 1, email: "orders@schmidt-lager.example", ref: "V-1001", category_id: [1, 2], city: "Schweinfurt" },
    { name: "SealTec Industrial Supply", is_company: true, supplier_rank: 1, country_id: 2, email: "sales@sealtec.example", ref: "V-1002", category_id: [1, 2], city: "Antwerp" },
  ], ["plant.vendor_schmidt", "plant.vendor_sealtec"]);
  put(env, "res.users", [{ name: "Marta Keller", login: USER.login, email: "m.keller@example.com", share: false }], ["plant.user_keller"]);
  put(env, "ir.config_parameter", [{ key: "web.base.url", value: "http://127.0.0.1:8069" }, { key: "database.uuid", value: "5c2a8e1e-0d5b-4a4e-9f3e-plant0000001" }]);

  put(env, "uom.uom", [{ name: "Units" }, { name: "m" }], ["uom.product_uom_unit", "uom.product_uom_meter"]);
  put(env, "product.category", [{ name: "All" }, { name: "Spare parts" }]);
  put(env, "account.tax", [{ name: "19% (purchase)", amount: 19 }]);
  put(env, "stock.location", [
    { name: "Stock", complete_name: "WH/Stock", usage: "internal" },
    { name: "Vendors", complete_name: "Partners/Vendors", usage: "supplier" },
    { name: "Customers", complete_name: "Partners/Customers", usage: "customer" },
    { name: "Production", complete_name: "Virtual Locations/Production", usage: "production" },
  ], ["stock.stock_location_stock", "stock.stock_location_suppliers", "stock.stock_location_customers", "stock.location_production"]);
  const parts = put(env, "product.product", [
    { name: "Deep groove ball bearing 6205-2RS", default_code: "BRG-6205-2RS", categ_id: 2, standard_price: 6.4, list_price: 9.9, barcode: "4012802115236" },
    { name: "Deep groove ball bearing 6204-2RS", default_code: "BRG-6204-2RS", categ_id: 2, standard_price: 5.2, list_price: 8.5 },
    { name: "Radial shaft seal 35x52x7 NBR", default_code: "SEAL-35X52X7", categ_id: 2, standard_price: 2.1, list_price: 3.9 },
    { name: "Flange gasket DN80 PN16", default_code: "GSK-DN80", categ_id: 2, standard_price: 1.6, list_price: 2.8 },
    { name: "Mechanical seal 35 mm", default_code: "MSEAL-35", categ_id: 2, standard_price: 84, list_price: 129 },
    { name: "Cooling water pump assembly", default_code: "PUMP-ASSY-80", categ_id: 1, standard_price: 1250, list_price: 1890 },
  ], ["plant.brg_6205", "plant.brg_6204", "plant.seal_35x52x7", "plant.gsk_dn80", "plant.mseal_35", "plant.pump_assy_80"]);
  const stock = [12, 4, 7, 0, 2, 1];
  put(env, "stock.quant", parts.flatMap((product, index) => (stock[index] ? [{ product_id: product, location_id: 1, quantity: stock[index] }] : [])));

  put(env, "maintenance.equipment.category", [{ name: "Pumps" }, { name: "Compressors" }, { name: "Conveyors" }]);
  put(env, "maintenance.team", [{ name: "Internal Maintenance" }, { name: "Hall B crew" }]);
  put(env, "maintenance.stage", [
    { name: "New Request", sequence: 1 }, { name: "In Progress", sequence: 2 }, { name: "Repaired", sequence: 3, done: true }, { name: "Scrap", sequence: 4, done: true },
  ]);
  put(env, "maintenance.equipment", [
    { name: "Cooling water pump 7", serial_no: "PUMP-07", category_id: 1, model: "KSB Etanorm 80-200", partner_id: 4, maintenance_team_id: 2, location: "Plant 1 / Hall B" },
    { name: "Cooling water pump 8", serial_no: "PUMP-08", category_id: 1, model: "KSB Etanorm 80-200", partner_id: 4, maintenance_team_id: 2, location: "Plant 1 / Hall B" },
    { name: "Screw compressor 2", serial_no: "COMP-02", category_id: 2, model: "Kaeser ASD 40", maintenance_team_id: 1, location: "Plant 1 / Utilities" },
    { name: "Belt conveyor 3", serial_no: "CONV-03", category_id: 3, maintenance_team_id: 1, location: "Plant 2 / Packing" },
  ].map((row) => (env.version === 17 ? row : { ...row, location: undefined })).map(dropUndefined), ["plant.pump_07", "plant.pump_08", "plant.comp_02", "plant.conv_03"]);
  put(env, "maintenance.request", [
    { name: "PUMP-07: bearing noise", equipment_id: 1, maintenance_type: "corrective", priority: "2", maintenance_team_id: 2 },
    { name: "COMP-02: 4000 h service", equipment_id: 3, maintenance_type: "preventive", priority: "1" },
  ]);
}

function dropUndefined(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
}
