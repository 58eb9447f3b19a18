// The business models the Odoo test server knows (PROTOCOL.md 8), with their version renames
// (17 vs 19), their workflow buttons (purchase.order.button_confirm, stock.picking.button_validate,
// mrp.production.action_confirm, ...) and Odoo's own constraint messages.
import { userError, validationError } from "./errors.ts";
import { browse, create, displayName, fieldValue, getModel, nextSequence, now, search, table, today, write, type Env, type FieldDef, type ModelDef, type Row } from "./orm.ts";

const char = (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "char", string, ...extra });
const m2o = (string: string, relation: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "many2one", string, relation, ...extra });
const o2m = (string: string, relation: string, inverse: string): FieldDef => ({ type: "one2many", string, relation, inverse });
const m2m = (string: string, relation: string): FieldDef => ({ type: "many2many", string, relation });
const num = (string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "float", string, ...extra });
const bool = (string: string, fallback?: boolean): FieldDef => ({ type: "boolean", string, ...(fallback === undefined ? {} : { default: () => fallback }) });
const sel = (string: string, selection: [string, string][], fallback?: string, extra: Partial<FieldDef> = {}): FieldDef =>
  ({ type: "selection", string, selection, ...(fallback === undefined ? {} : { default: () => fallback }), ...extra });
const active = (): FieldDef => bool("Active", true);
const company = (): FieldDef => m2o("Company", "res.company", { default: () => 1 });

const ADMIN_SETTINGS = { group17: "Administration/Settings", group19: "Role / Administrator" };

function ids(env: Env, model: string, domain: unknown[]): number[] {
  return search(env, getModel(env, model), domain);
}

function rows(env: Env, model: string, idList: number[]): Row[] {
  return idList.map((id) => browse(env, model, id)).filter((r): r is Row => Boolean(r));
}

// ---------------------------------------------------------------- base

const resCompany: ModelDef = {
  name: "res.company", description: "Companies",
  fields: { name: char("Company Name", { required: true }), partner_id: m2o("Partner", "res.partner"), currency_id: char("Currency", { default: () => "EUR" }) },
};

const resCountry: ModelDef = { name: "res.country", description: "Country", fields: { name: char("Country Name", { required: true }), code: char("Country Code") } };
const partnerCategory: ModelDef = { name: "res.partner.category", description: "Partner Tags", fields: { name: char("Tag Name", { required: true }) } };

const resPartner: ModelDef = {
  name: "res.partner", description: "Contact", order: "name asc, id desc",
  fields: {
    name: char("Name"), email: char("Email"), phone: char("Phone"), ref: char("Reference"), vat: char("Tax ID"),
    street: char("Street"), city: char("City"), zip: char("Zip"),
    is_company: bool("Is a Company", false), active: active(),
    type: sel("Address Type", [["contact", "Contact"], ["invoice", "Invoice Address"], ["delivery", "Delivery Address"], ["other", "Other Address"]], "contact"),
    parent_id: m2o("Related Company", "res.partner"), child_ids: o2m("Contact", "res.partner", "parent_id"),
    country_id: m2o("Country", "res.country"), company_id: m2o("Company", "res.company"),
    category_id: m2m("Tags", "res.partner.category"), user_ids: o2m("Users", "res.users", "partner_id"),
    supplier_rank: { type: "integer", string: "Supplier Rank" }, customer_rank: { type: "integer", string: "Customer Rank" },
    date: { type: "date", string: "Date", versions: [17] },
  },
  displayName: (env, row) => {
    const parent = browse(env, "res.partner", row.parent_id);
    const own = typeof row.name === "string" ? row.name : "";
    return parent && own ? `${displayName(env, "res.partner", parent)}, ${own}` : own;
  },
  // The SQL constraint check_name, turned into a ValidationError by retrying() (recorded).
  check: (_env, row) => {
    if ((row.type ?? "contact") === "contact" && !row.name) throw validationError("The operation cannot be completed: Contacts require a name");
  },
  methods: {
    action_archive: { run: (env, idList) => { write(env, getModel(env, "res.partner"), idList, { active: false }); return null; } },
    action_unarchive: { run: (env, idList) => { write(env, getModel(env, "res.partner"), idList, { active: true }); return null; } },
  },
};

const resUsers: ModelDef = {
  name: "res.users", description: "User",
  fields: {
    name: char("Name", { required: true }), login: char("Login", { required: true }), email: char("Email"),
    partner_id: m2o("Related Partner", "res.partner"), company_id: company(), active: active(), share: bool("Share User", false),
  },
  acl: { ops: ["write", "create", "unlink"], model: "res.company", description: "Companies", group17: "Administration/Access Rights", group19: "Access Rights" },
  beforeUnlink: (_env, idList) => {
    if (idList.includes(1)) throw userError("You can not remove the admin user as it is used internally for resources created by Odoo (updates, module installation, ...)");
  },
  onCreate: (env, row) => {
    if (!row.partner_id) row.partner_id = create(env, getModel(env, "res.partner"), [{ name: row.name, email: row.email || false }])[0];
  },
  methods: {
    context_get: { model: true, run: (env) => ({ lang: "en_US", tz: false, uid: env.uid }) },
  },
};

const configParameter: ModelDef = {
  name: "ir.config_parameter", description: "System Parameter", recName: "key",
  fields: { key: char("Key", { required: true }), value: { type: "text", string: "Value", required: true } },
  acl: { ops: ["read", "write", "create", "unlink"], ...ADMIN_SETTINGS },
};

const modelData: ModelDef = {
  name: "ir.model.data", description: "Model Data", recName: "complete_name",
  fields: {
    module: char("Module", { required: true, default: () => "__import__" }), name: char("External Identifier", { required: true }),
    model: char("Model Name", { required: true }), res_id: { type: "integer", string: "Record ID" }, noupdate: bool("Non Updatable", false),
    complete_name: char("Complete ID", { compute: (_env, row) => `${String(row.module)}.${String(row.name)}` }),
  },
  acl: { ops: ["write", "create", "unlink"], ...ADMIN_SETTINGS },
  check: (env, row) => {
    for (const other of table(env, "ir.model.data").values()) {
      if (other.id !== row.id && other.module === row.module && other.name === row.name) {
        throw validationError("The operation cannot be completed: You cannot have multiple records with the same external ID!");
      }
    }
  },
};

// The installed models themselves (read by model pickers); one row per model, seeded at start.
const irModel: ModelDef = {
  name: "ir.model", description: "Models", recName: "name", order: "model asc",
  fields: {
    name: char("Model Description", { required: true }), model: char("Model", { required: true }),
    transient: bool("Transient Model", false), info: { type: "text", string: "Information" },
  },
  acl: { ops: ["write", "create", "unlink"], ...ADMIN_SETTINGS },
};

// ---------------------------------------------------------------- products and stock

const uom: ModelDef = { name: "uom.uom", description: "Product Unit of Measure", fields: { name: char("Unit", { required: true }) } };
const productCategory: ModelDef = { name: "product.category", description: "Product Category", fields: { name: char("Name", { required: true }) } };
const tax: ModelDef = { name: "account.tax", description: "Tax", fields: { name: char("Tax Name", { required: true }), amount: num("Amount") } };

function onHand(env: Env, productId: number): number {
  let total = 0;
  for (const quant of table(env, "stock.quant").values()) {
    const location = browse(env, "stock.location", quant.location_id);
    if (quant.product_id === productId && location?.usage === "internal") total += Number(quant.quantity ?? 0);
  }
  return total;
}

const product: ModelDef = {
  name: "product.product", description: "Product", order: "default_code asc, name asc, id asc",
  fields: {
    name: char("Name", { required: true }), default_code: char("Internal Reference"), barcode: char("Barcode"),
    type: { ...sel("Product Type", [["consu", "Goods"], ["service", "Service"], ["product", "Storable Product"]], "product"), versions: [17] },
    detailed_type: { ...sel("Product Type", [["consu", "Consumable"], ["service", "Service"], ["product", "Storable Product"]], "product"), versions: [17] },
    is_storable: { ...bool("Track Inventory", true), versions: [19] },
    list_price: num("Sales Price"), standard_price: num("Cost"),
    categ_id: m2o("Product Category", "product.category", { default: () => 1 }),
    uom_id: m2o("Unit", "uom.uom", { default: () => 1 }), uom_po_id: { ...m2o("Purchase Unit", "uom.uom", { default: () => 1 }), versions: [17] },
    sale_ok: bool("Can be Sold", true), purchase_ok: bool("Can be Purchased", true), active: active(),
    tracking: sel("Tracking", [["none", "By Quantity"], ["lot", "By Lots"], ["serial", "By Unique Serial Number"]], "none"),
    qty_available: num("Quantity On Hand", { compute: (env, row) => onHand(env, row.id) }),
    virtual_available: num("Forecasted Quantity", { compute: (env, row) => onHand(env, row.id) }),
    free_qty: num("Free To Use Quantity", { compute: (env, row) => onHand(env, row.id) }),
  },
  displayName: (_env, row) => (row.default_code ? `[${String(row.default_code)}] ${String(row.name ?? "")}` : String(row.name ?? "")),
};
// 19: storability is is_storable and the type selection is consu | service | combo.
product.fields.type_v19 = { ...sel("Product Type", [["consu", "Goods"], ["service", "Service"], ["combo", "Combo"]], "consu"), versions: [] };

const location: ModelDef = {
  name: "stock.location", description: "Inventory Locations", recName: "complete_name",
  fields: {
    name: char("Location Name", { required: true }), complete_name: char("Full Location Name"),
    usage: sel("Location Type", [["supplier", "Vendor"], ["internal", "Internal"], ["customer", "Customer"], ["inventory", "Inventory Loss"], ["production", "Production"]], "internal"),
    active: active(),
  },
};

const quant: ModelDef = {
  name: "stock.quant", description: "Quants",
  fields: {
    product_id: m2o("Product", "product.product", { required: true }), location_id: m2o("Location", "stock.location", { required: true }),
    quantity: num("Quantity", { readonly: true }), reserved_quantity: num("Reserved Quantity"),
    available_quantity: num("Available Quantity", { compute: (_env, row) => Number(row.quantity ?? 0) - Number(row.reserved_quantity ?? 0) }),
    inventory_quantity: num("Counted Quantity"), inventory_quantity_set: bool("Inventory Quantity Set", false),
    inventory_date: { type: "date", string: "Scheduled Date" }, company_id: company(),
  },
  displayName: (env, row) => `${displayName(env, "stock.location", browse(env, "stock.location", row.location_id) ?? { id: 0 })} - ${displayName(env, "product.product", browse(env, "product.product", row.product_id) ?? { id: 0 })}`,
  onCreate: (_env, row) => { if (row.inventory_quantity && !row.inventory_quantity_set) row.inventory_quantity_set = true; },
  methods: {
    action_apply_inventory: {
      params: [{ name: "date" }],
      run: (env, idList) => {
        for (const row of rows(env, "stock.quant", idList)) {
          row.quantity = Number(row.inventory_quantity ?? 0);
          row.inventory_quantity_set = false;
          row.write_date = now();
        }
        return null;
      },
    },
  },
};

function addStock(env: Env, productId: number, locationId: number, quantity: number): void {
  const found = [...table(env, "stock.quant").values()].find((q) => q.product_id === productId && q.location_id === locationId);
  if (found) { found.quantity = Number(found.quantity ?? 0) + quantity; found.write_date = now(); return; }
  create(env, getModel(env, "stock.quant"), [{ product_id: productId, location_id: locationId, quantity }]);
}

const PICKING_STATES: [string, string][] = [["draft", "Draft"], ["waiting", "Waiting Another Operation"], ["confirmed", "Waiting"], ["assigned", "Ready"], ["done", "Done"], ["cancel", "Cancelled"]];

const move: ModelDef = {
  name: "stock.move", description: "Stock Move", recName: "reference",
  fields: {
    name: { ...char("Description"), versions: [17] },
    reference: char("Reference", { compute: (env, row) => String(browse(env, "stock.picking", row.picking_id)?.name ?? "") }),
    product_id: m2o("Product", "product.product", { required: true }), product_uom_qty: num("Demand", { default: () => 1 }),
    quantity: num("Quantity"), picked: bool("Picked", false), product_uom: m2o("UoM", "uom.uom", { default: () => 1 }),
    picking_id: m2o("Transfer", "stock.picking"), location_id: m2o("Source Location", "stock.location", { default: () => 2 }),
    location_dest_id: m2o("Destination Location", "stock.location", { default: () => 1 }), state: sel("Status", PICKING_STATES, "draft"),
    origin: char("Source Document"), purchase_line_id: m2o("Purchase Order Line", "purchase.order.line"),
  },
};

function validatePickings(env: Env, idList: number[]): unknown {
  const pickings = rows(env, "stock.picking", idList).filter((p) => p.state !== "done" && p.state !== "cancel");
  const moveModel = getModel(env, "stock.move");
  const movesOf = (picking: Row) => rows(env, "stock.move", ids(env, "stock.move", [["picking_id", "=", picking.id]]));
  // Nothing done anywhere: Odoo asks through a wizard (immediate transfer in 16, here for every version).
  if (pickings.length && !env.context.skip_immediate && pickings.every((p) => movesOf(p).every((m) => !Number(m.quantity ?? 0)))) {
    return wizardAction("Immediate Transfer?", "stock.immediate.transfer", pickings.map((p) => p.id));
  }
  const doneQty = (m: Row) => (env.context.skip_immediate && !Number(m.quantity ?? 0) ? Number(m.product_uom_qty ?? 0) : Number(m.quantity ?? 0));
  const partial = pickings.filter((p) => movesOf(p).some((m) => doneQty(m) < Number(m.product_uom_qty ?? 0)));
  if (partial.length && !env.context.skip_backorder) {
    return wizardAction("Create Backorder?", "stock.backorder.confirmation", partial.map((p) => p.id));
  }
  const noBackorder = new Set(Array.isArray(env.context.picking_ids_not_to_backorder) ? (env.context.picking_ids_not_to_backorder as number[]) : []);
  for (const picking of pickings) {
    const remaining: Record<string, unknown>[] = [];
    for (const m of movesOf(picking)) {
      const done = doneQty(m);
      const location = browse(env, "stock.location", m.location_dest_id);
      const source = browse(env, "stock.location", m.location_id);
      if (location?.usage === "internal") addStock(env, m.product_id as number, location.id, done);
      if (source?.usage === "internal") addStock(env, m.product_id as number, source.id, -done);
      const left = Number(m.product_uom_qty ?? 0) - done;
      if (left > 0) remaining.push({ product_id: m.product_id, product_uom_qty: left, location_id: m.location_id, location_dest_id: m.location_dest_id, origin: m.origin, purchase_line_id: m.purchase_line_id });
      write(env, moveModel, [m.id], { quantity: done, picked: true, state: "done" });
      const line = browse(env, "purchase.order.line", m.purchase_line_id);
      if (line) line.qty_received = Number(line.qty_received ?? 0) + done;
    }
    write(env, getModel(env, "stock.picking"), [picking.id], { state: "done", date_done: now() });
    if (remaining.length && !noBackorder.has(picking.id)) {
      create(env, getModel(env, "stock.picking"), [{
        origin: picking.origin, partner_id: picking.partner_id, picking_type_code: picking.picking_type_code, backorder_id: picking.id,
        location_id: picking.location_id, location_dest_id: picking.location_dest_id, state: "assigned",
        move_ids: remaining.map((vals) => [0, 0, { ...vals, state: "assigned" }]),
      }]);
    }
  }
  return true;
}

function wizardAction(name: string, resModel: string, pickingIds: number[]): Record<string, unknown> {
  return {
    name, type: "ir.actions.act_window", res_model: resModel, view_mode: "form", views: [[false, "form"]], view_id: false, target: "new",
    context: { button_validate_picking_ids: pickingIds, default_pick_ids: pickingIds.map((id) => [4, id]) },
  };
}

const PICKING_PREFIX: Record<string, string> = { incoming: "WH/IN/", outgoing: "WH/OUT/", internal: "WH/INT/" };

const picking: ModelDef = {
  name: "stock.picking", description: "Transfer", order: "id desc",
  fields: {
    name: char("Reference", { default: () => "/" }), origin: char("Source Document"), partner_id: m2o("Contact", "res.partner"),
    picking_type_code: sel("Type of Operation", [["incoming", "Receipt"], ["outgoing", "Delivery"], ["internal", "Internal Transfer"]], "internal"),
    location_id: m2o("Source Location", "stock.location", { default: () => 1 }), location_dest_id: m2o("Destination Location", "stock.location", { default: () => 1 }),
    scheduled_date: { type: "datetime", string: "Scheduled Date", default: () => now() }, date_deadline: { type: "datetime", string: "Deadline" },
    date_done: { type: "datetime", string: "Date of Transfer" }, state: sel("Status", PICKING_STATES, "draft"),
    move_ids: o2m("Stock Moves", "stock.move", "picking_id"),
    move_ids_without_package: { ...o2m("Stock Moves", "stock.move", "picking_id"), versions: [17] },
    backorder_id: m2o("Back Order of", "stock.picking"), user_id: m2o("Responsible", "res.users"), company_id: company(),
    purchase_id: m2o("Purchase Orders", "purchase.order"),
  },
  onCreate: (env, row) => {
    if (!row.name || row.name === "/") row.name = nextSequence(env, `picking.${String(row.picking_type_code)}`, PICKING_PREFIX[String(row.picking_type_code)] ?? "WH/", 5);
  },
  methods: {
    action_confirm: { run: (env, idList) => { setState(env, "stock.picking", idList, ["draft"], "confirmed"); return true; } },
    action_assign: {
      run: (env, idList) => {
        for (const p of setState(env, "stock.picking", idList, ["draft", "confirmed", "waiting"], "assigned")) {
          for (const m of rows(env, "stock.move", ids(env, "stock.move", [["picking_id", "=", p.id]]))) {
            if (!Number(m.quantity ?? 0)) write(env, getModel(env, "stock.move"), [m.id], { quantity: m.product_uom_qty, state: "assigned" });
          }
        }
        return true;
      },
    },
    action_cancel: { run: (env, idList) => { setState(env, "stock.picking", idList, ["draft", "confirmed", "waiting", "assigned"], "cancel"); return true; } },
    button_validate: { run: (env, idList) => validatePickings(env, idList) },
  },
};

function setState(env: Env, model: string, idList: number[], from: string[], to: string): Row[] {
  const changed = rows(env, model, idList).filter((r) => from.includes(String(r.state)));
  if (changed.length) write(env, getModel(env, model), changed.map((r) => r.id), { state: to });
  return changed;
}

// ---------------------------------------------------------------- purchase

const PO_STATES_17: [string, string][] = [["draft", "RFQ"], ["sent", "RFQ Sent"], ["to approve", "To Approve"], ["purchase", "Purchase Order"], ["done", "Locked"], ["cancel", "Cancelled"]];
const PO_STATES_19: [string, string][] = [["draft", "RFQ"], ["sent", "RFQ Sent"], ["to approve", "To Approve"], ["purchase", "Purchase Order"], ["cancel", "Cancelled"]];

const orderLine: ModelDef = {
  name: "purchase.order.line", description: "Purchase Order Line",
  fields: {
    order_id: m2o("Order Reference", "purchase.order", { required: true }), product_id: m2o("Product", "product.product"),
    name: { type: "text", string: "Description" }, product_qty: num("Quantity", { default: () => 1 }), price_unit: num("Unit Price"),
    discount: num("Discount (%)"), date_planned: { type: "datetime", string: "Expected Arrival" },
    qty_received: num("Received Qty"), qty_invoiced: num("Billed Qty"),
    price_subtotal: { type: "monetary", string: "Subtotal", compute: (_env, row) => Number(row.product_qty ?? 0) * Number(row.price_unit ?? 0) * (1 - Number(row.discount ?? 0) / 100) },
    product_uom: { ...m2o("Unit of Measure", "uom.uom", { default: () => 1 }), versions: [17] },
    product_uom_id: { ...m2o("Unit", "uom.uom", { default: () => 1 }), versions: [19] },
    taxes_id: { ...m2m("Taxes", "account.tax"), versions: [17] },
    tax_ids: { ...m2m("Taxes", "account.tax"), versions: [19] },
    display_type: sel("Display Type", [["line_section", "Section"], ["line_note", "Note"]]),
  },
  onCreate: (env, row) => {
    if (!row.name && row.product_id) row.name = displayName(env, "product.product", browse(env, "product.product", row.product_id) ?? { id: 0 });
    if (!row.date_planned) row.date_planned = now();
  },
};

function confirmOrders(env: Env, idList: number[]): true {
  const orders = setState(env, "purchase.order", idList, ["draft", "sent"], "purchase");
  for (const order of orders) {
    const lines = rows(env, "purchase.order.line", ids(env, "purchase.order.line", [["order_id", "=", order.id]]));
    if (lines.some((line) => !line.product_id && !line.display_type)) throw userError("Some order lines are missing a product.");
    write(env, getModel(env, "purchase.order"), [order.id], { date_approve: now() });
    const moves = lines.filter((line) => line.product_id).map((line) => [0, 0, {
      product_id: line.product_id, product_uom_qty: line.product_qty, quantity: line.product_qty, origin: order.name, purchase_line_id: line.id,
      location_id: 2, location_dest_id: 1, state: "assigned",
    }]);
    if (moves.length) {
      create(env, getModel(env, "stock.picking"), [{
        origin: order.name, partner_id: order.partner_id, picking_type_code: "incoming", location_id: 2, location_dest_id: 1,
        state: "assigned", purchase_id: order.id, move_ids: moves,
      }]);
    }
  }
  return true;
}

const purchaseOrder: ModelDef = {
  name: "purchase.order", description: "Purchase Order", order: "id desc",
  fields: {
    name: char("Order Reference", { required: true, default: () => "New" }), partner_id: m2o("Vendor", "res.partner", { required: true }),
    partner_ref: char("Vendor Reference"), origin: char("Source Document"),
    date_order: { type: "datetime", string: "Order Deadline", required: true, default: () => now() },
    date_approve: { type: "datetime", string: "Confirmation Date", readonly: true },
    date_planned: { type: "datetime", string: "Expected Arrival" }, currency_id: char("Currency", { default: () => "EUR" }),
    state: { ...sel("Status", PO_STATES_17, "draft"), versions: [17] },
    locked: { ...bool("Locked", false), versions: [19] },
    order_line: o2m("Order Lines", "purchase.order.line", "order_id"), notes: { type: "text", string: "Terms and Conditions" },
    amount_total: {
      type: "monetary", string: "Total",
      compute: (env, row) => ids(env, "purchase.order.line", [["order_id", "=", row.id]]).reduce((sum, id) => sum + Number(fieldValue(env, orderLine, browse(env, "purchase.order.line", id) as Row, "price_subtotal")), 0),
    },
    picking_ids: m2m("Receptions", "stock.picking"), user_id: m2o("Buyer", "res.users"), company_id: company(),
    invoice_status: sel("Billing Status", [["no", "Nothing to Bill"], ["to invoice", "Waiting Bills"], ["invoiced", "Fully Billed"]], "no"),
  },
  onCreate: (env, row) => { if (!row.name || row.name === "New") row.name = nextSequence(env, "purchase.order", "P", 5); },
  methods: {
    button_confirm: { run: (env, idList) => confirmOrders(env, idList) },
    button_approve: { run: (env, idList) => { setState(env, "purchase.order", idList, ["to approve"], "purchase"); return {}; } },
    button_draft: { run: (env, idList) => { setState(env, "purchase.order", idList, ["cancel"], "draft"); return {}; } },
    button_cancel: {
      run: (env, idList) => {
        const locked = rows(env, "purchase.order", idList).filter((o) => o.state === "done" || o.locked === true);
        if (locked.length) throw userError(`Unable to cancel purchase order(s): ${locked.map((o) => String(o.name)).join(", ")}. You must first unlock them.`);
        setState(env, "purchase.order", idList, ["draft", "sent", "to approve", "purchase"], "cancel");
        return env.version === 19 ? null : {};
      },
    },
  },
};
purchaseOrder.fields.state_19 = { ...sel("Status", PO_STATES_19, "draft"), versions: [] };
// picking_ids is computed from the receipts that point at the order.
purchaseOrder.fields.picking_ids = { ...m2m("Receptions", "stock.picking"), compute: (env, row) => ids(env, "stock.picking", [["purchase_id", "=", row.id]]) };

// ---------------------------------------------------------------- maintenance and manufacturing

const equipmentCategory: ModelDef = { name: "maintenance.equipment.category", description: "Maintenance Equipment Category", fields: { name: char("Category Name", { required: true }) } };
const team: ModelDef = { name: "maintenance.team", description: "Maintenance Teams", fields: { name: char("Team Name", { required: true }), active: active() } };
const stage: ModelDef = {
  name: "maintenance.stage", description: "Maintenance Stage", order: "sequence asc, id asc",
  fields: { name: char("Name", { required: true }), sequence: { type: "integer", string: "Sequence" }, done: bool("Request Done", false) },
};

const equipment: ModelDef = {
  name: "maintenance.equipment", description: "Maintenance Equipment",
  fields: {
    name: char("Equipment Name", { required: true }), category_id: m2o("Equipment Category", "maintenance.equipment.category"),
    serial_no: char("Serial Number"), model: char("Model"), partner_id: m2o("Vendor", "res.partner"), partner_ref: char("Vendor Reference"),
    location: { ...char("Location"), versions: [17] }, owner_user_id: m2o("Owner", "res.users"), technician_user_id: m2o("Technician", "res.users"),
    maintenance_team_id: m2o("Maintenance Team", "maintenance.team"), assign_date: { type: "date", string: "Assigned Date" },
    cost: num("Cost"), warranty_date: { type: "date", string: "Warranty Expiration Date" }, note: { type: "text", string: "Note" },
    maintenance_ids: o2m("Maintenance Requests", "maintenance.request", "equipment_id"), active: active(), company_id: company(),
  },
  displayName: (_env, row) => (row.serial_no ? `${String(row.name ?? "")}/${String(row.serial_no)}` : String(row.name ?? "")),
};

const request: ModelDef = {
  name: "maintenance.request", description: "Maintenance Request", order: "id desc",
  fields: {
    name: char("Subjects", { required: true }), equipment_id: m2o("Equipment", "maintenance.equipment"),
    maintenance_type: sel("Maintenance Type", [["corrective", "Corrective"], ["preventive", "Preventive"]], "corrective"),
    stage_id: m2o("Stage", "maintenance.stage", { default: () => 1 }), request_date: { type: "date", string: "Request Date", default: () => today() },
    schedule_date: { type: "datetime", string: "Scheduled Date" }, schedule_end: { type: "datetime", string: "Scheduled End", versions: [19] },
    close_date: { type: "date", string: "Close Date" }, user_id: m2o("Technician", "res.users"), owner_user_id: m2o("Created by User", "res.users"),
    maintenance_team_id: m2o("Team", "maintenance.team", { required: true, default: () => 1 }), description: { type: "text", string: "Description" },
    priority: sel("Priority", [["0", "Very Low"], ["1", "Low"], ["2", "Normal"], ["3", "High"]], "0"),
    kanban_state: sel("Kanban State", [["normal", "In Progress"], ["blocked", "Blocked"], ["done", "Ready for next stage"]], "normal"),
    duration: num("Duration"), archive: bool("Archive", false), category_id: m2o("Category", "maintenance.equipment.category"), company_id: company(),
  },
  onCreate: (env, row) => { if (!row.owner_user_id) row.owner_user_id = env.uid; },
  methods: {
    archive_equipment_request: { run: (env, idList) => { write(env, getModel(env, "maintenance.request"), idList, { archive: true }); return true; } },
    reset_equipment_request: { run: (env, idList) => { write(env, getModel(env, "maintenance.request"), idList, { archive: false, stage_id: 1 }); return true; } },
  },
};

const MO_STATES: [string, string][] = [["draft", "Draft"], ["confirmed", "Confirmed"], ["progress", "In Progress"], ["to_close", "To Close"], ["done", "Done"], ["cancel", "Cancelled"]];

const production: ModelDef = {
  name: "mrp.production", description: "Production Order", order: "id desc",
  fields: {
    name: char("Reference", { default: () => "New" }), product_id: m2o("Product", "product.product", { required: true }),
    product_qty: num("Quantity To Produce", { default: () => 1 }), product_uom_id: m2o("Product Unit of Measure", "uom.uom", { default: () => 1 }),
    origin: char("Source"), qty_producing: num("Quantity Producing"), qty_produced: num("Quantity Produced", { compute: (_env, row) => (row.state === "done" ? Number(row.product_qty ?? 0) : 0) }),
    date_start: { type: "datetime", string: "Start", default: () => now() }, date_finished: { type: "datetime", string: "End" },
    date_deadline: { type: "datetime", string: "Deadline" }, state: sel("State", MO_STATES, "draft"), user_id: m2o("Responsible", "res.users"),
    location_dest_id: m2o("Finished Products Location", "stock.location", { default: () => 1 }), company_id: company(),
  },
  onCreate: (env, row) => { if (!row.name || row.name === "New") row.name = nextSequence(env, "mrp.production", "WH/MO/", 5); },
  methods: {
    action_confirm: { run: (env, idList) => { setState(env, "mrp.production", idList, ["draft"], "confirmed"); return true; } },
    action_cancel: { run: (env, idList) => { setState(env, "mrp.production", idList, ["draft", "confirmed", "progress", "to_close"], "cancel"); return true; } },
    button_mark_done: {
      run: (env, idList) => {
        for (const mo of setState(env, "mrp.production", idList, ["confirmed", "progress", "to_close"], "done")) {
          addStock(env, mo.product_id as number, Number(mo.location_dest_id ?? 1), Number(mo.product_qty ?? 0));
          write(env, getModel(env, "mrp.production"), [mo.id], { date_finished: now(), qty_producing: mo.product_qty });
        }
        return true;
      },
    },
  },
};

export const MODEL_LIST: ModelDef[] = [
  resCompany, resCountry, partnerCategory, resPartner, resUsers, configParameter, modelData, irModel, uom, productCategory, tax, product,
  location, quant, move, picking, orderLine, purchaseOrder, equipmentCategory, team, stage, equipment, request, production,
];

// The 19 selections replace the 17 ones under the same field name.
export function modelsFor(version: 17 | 19): Record<string, ModelDef> {
  const out: Record<string, ModelDef> = {};
  for (const model of MODEL_LIST) {
    const fields: Record<string, FieldDef> = {};
    for (const [name, field] of Object.entries(model.fields)) {
      if (name === "type_v19") { if (version === 19) fields.type = { ...field, versions: undefined }; continue; }
      if (name === "state_19") { if (version === 19) fields.state = { ...field, versions: undefined }; continue; }
      if (field.versions && !field.versions.includes(version)) continue;
      fields[name] = field;
    }
    out[model.name] = { ...model, fields };
  }
  return out;
}
