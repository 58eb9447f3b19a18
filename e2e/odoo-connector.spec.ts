import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signInAs, USERS } from "./support.ts";

// Issue 5 item 9: a connection to Odoo is added in Development and tested; a flow webhook -> map ->
// Call Odoo (create a maintenance.request) -> end is built in the designer, published and released
// to dev; a webhook posted twice with the same idempotency key creates the record exactly once in
// the Odoo test server; the run shows the new Odoo id; a record Odoo refuses (no name) fails the
// run with Odoo's own message. Connections are admin-only, so the whole path runs as the admin
// (an admin can do everything an analyst can).
test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(180_000);

// The Odoo test server scripts/e2e-server.ts started (same variables, same defaults).
const ODOO_URL = `http://127.0.0.1:${process.env.E2E_ODOO_PORT ?? 8169}`;
const ODOO_VERSION = process.env.E2E_ODOO_VERSION === "19" ? "19" : "17";

const node = (page: Page, kind: string) => page.locator(`[data-testid="flow-node"][data-kind="${kind}"]`);
const saved = (page: Page) => expect(page.locator('[data-testid="save-status"][data-status="saved"]')).toBeVisible({ timeout: 20_000 });

/** Replaces the text of a code editor (CodeMirror loads lazily; a busy read-only copy stands in until then). */
async function replaceCode(page: Page, name: string, text: string) {
  const editor = page.getByTestId("side-panel").getByRole("textbox", { name, exact: true });
  await expect(editor).not.toHaveAttribute("aria-busy", "true");
  await editor.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

async function addAfterSelected(page: Page, search: string) {
  await page.keyboard.press("/");
  await page.keyboard.type(search);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
}

/** One JSON-RPC call to the Odoo test server, as the admin, the way any Odoo client would. */
async function odoo(request: APIRequestContext, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<unknown> {
  const rpc = async (service: string, rpcMethod: string, rpcArgs: unknown[]) => {
    const response = await request.post(`${ODOO_URL}/jsonrpc`, { data: { jsonrpc: "2.0", method: "call", id: 1, params: { service, method: rpcMethod, args: rpcArgs } } });
    const body = (await response.json()) as { result?: unknown; error?: { data?: { message?: string } } };
    if (body.error) throw new Error(`Odoo ${rpcMethod}: ${body.error.data?.message ?? JSON.stringify(body.error)}`);
    return body.result;
  };
  const uid = await rpc("common", "login", ["plant", "admin", "admin"]);
  return rpc("object", "execute_kw", ["plant", uid, "admin", model, method, args, kwargs]);
}

async function postWebhook(request: APIRequestContext, slug: string, body: unknown, key: string) {
  return request.post(`/api/hooks/dev/${slug}`, { data: body, headers: { "Idempotency-Key": key } });
}

test("an admin connects Odoo, builds and publishes a flow that creates a maintenance request, and a webhook creates it exactly once", async ({ page, request }) => {
  const stamp = Date.now();
  const connection = `odoo-e2e-${stamp}`;
  const flowName = `Odoo requests ${stamp}`;
  const slug = `odoo-requests-${stamp}`;
  const title = `Bearing noise on press ${stamp}`;

  // 1. The connection: created in Development through the form, then tested against the server.
  await signInAs(page, USERS.admin);
  await page.goto("/environments");
  const dev = page.getByRole("region", { name: "Connections in Development" });
  await dev.getByRole("button", { name: "New connection" }).click();
  const form = page.getByRole("dialog", { name: "New connection" });
  await form.getByLabel("Kind").selectOption({ label: "Odoo" });
  await form.getByLabel("Name", { exact: true }).fill(connection);
  await form.getByLabel("Base URL").fill(ODOO_URL);
  await form.getByLabel("Database").fill("plant");
  await form.getByLabel("Login").fill("admin");
  await form.getByLabel("Sign in with").selectOption({ label: "Password" });
  await form.getByLabel("Password", { exact: true }).fill("admin");
  await form.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Created ${connection} in Development` })).toBeVisible();
  const row = dev.getByRole("listitem").filter({ hasText: connection });
  await expect(row).toContainText("Not tested");
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.getByText("OK", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText(`Odoo ${ODOO_VERSION}.0`);

  // 2. The flow, built in the designer: webhook (no auth) -> map -> Call Odoo (create) -> end.
  await page.goto("/flows");
  await page.getByRole("button", { name: "New flow" }).click();
  const create = page.getByRole("dialog", { name: "New flow" });
  await create.getByLabel("Name").fill(flowName);
  await create.getByRole("button", { name: "Create flow" }).click();
  await expect(page.locator('[data-testid="canvas"][data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Add a trigger" }).first().click();
  await page.getByRole("option", { name: /^Webhook/ }).click();
  await page.keyboard.press("Escape");
  await node(page, "webhook-trigger").click();
  await addAfterSelected(page, "map");
  await addAfterSelected(page, "call odoo");
  await addAfterSelected(page, "end");
  for (const kind of ["webhook-trigger", "map", "call-odoo", "end"]) await expect(node(page, kind)).toHaveCount(1);
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  // Fold the palette away and fit the flow into view, so every step can be clicked.
  const hide = page.getByRole("button", { name: "Hide steps" });
  if (await hide.isVisible()) await hide.click();
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("1");

  const panel = page.getByTestId("side-panel");
  await node(page, "webhook-trigger").click();
  await panel.getByLabel("Authentication").selectOption({ label: "None (trusted networks only)" });

  await node(page, "map").click();
  await replaceCode(page, "Script", "return { name: input.body.title, equipment: input.body.asset };");
  await saved(page);

  await node(page, "call-odoo").click();
  await panel.getByRole("combobox", { name: "Operation" }).selectOption({ label: "Create" });
  await panel.getByRole("combobox", { name: "Connection", exact: true }).selectOption(connection);
  // The model picker lists the models of the new connection's database: pick Maintenance Request.
  await panel.getByRole("combobox", { name: "Model", exact: true }).fill("maintenance.req");
  await panel.getByRole("option", { name: /^maintenance\.request\s+Maintenance Request$/ }).click({ timeout: 20_000 });
  await expect(panel.getByRole("combobox", { name: "Model", exact: true })).toHaveValue("maintenance.request");
  await expect(panel.getByText("Maintenance Request", { exact: true })).toBeVisible();
  await replaceCode(page, "Values", '{ "name": "{{ input.name }}" }');
  await saved(page);
  await page.getByTestId("problems-button").click();
  await expect(page.locator('[data-testid="problem"]').filter({ has: page.locator('[aria-label="Error"]') })).toHaveCount(0);

  // Publish v1 and release it to the first environment in the same step.
  await page.getByTestId("publish-button").click();
  const publish = page.getByRole("dialog");
  await publish.getByLabel("What changed?").fill("Create maintenance requests in Odoo");
  await expect(publish.getByLabel("Release to Development (dev) after publishing")).toBeChecked();
  await publish.getByRole("button", { name: "Publish v1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published v1 and released it to Development" })).toBeVisible({ timeout: 20_000 });

  // 3. The webhook, posted twice with the same key: one run, one record.
  const key = `e2e-${stamp}`;
  const payload = { title, asset: "Hydraulic press 2" };
  const accepted = await postWebhook(request, slug, payload, key);
  expect(accepted.status()).toBe(202);
  const { runId } = (await accepted.json()) as { runId: string };
  const again = await postWebhook(request, slug, payload, key);
  expect(again.status()).toBe(200);
  expect(await again.json()).toEqual({ runId, duplicate: true });

  await page.goto(`/runs/${runId}`);
  const status = page.getByTestId("run-title").locator("..").getByTestId("run-status");
  await expect(status).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  const records = (await odoo(request, "maintenance.request", "search_read", [[["name", "=", title]]], { fields: ["id", "name"] })) as { id: number }[];
  expect(records).toHaveLength(1);
  expect(await odoo(request, "maintenance.request", "search_count", [[["name", "=", title]]])).toBe(1);
  const odooId = records[0]?.id;

  // 4. The run shows the Call Odoo step's output: the new record's id.
  const call = node(page, "call-odoo");
  await expect(call).toHaveAttribute("data-run-status", "SUCCEEDED");
  await call.click();
  const inspector = page.getByTestId("step-detail");
  await expect(inspector).toHaveAttribute("data-node-id", (await call.getAttribute("data-node-id")) ?? "");
  await expect(inspector.getByText(new RegExp(`"id": ${odooId}(?!\\d)`)).first()).toBeVisible();

  // 5. A request without a title: Odoo refuses the record and the run says why, in Odoo's words.
  const refused = await postWebhook(request, slug, { title: null, asset: "Hydraulic press 2" }, `${key}-no-title`);
  expect(refused.status()).toBe(202);
  const failedRun = ((await refused.json()) as { runId: string }).runId;
  await page.goto(`/runs/${failedRun}`);
  await expect(status).toHaveAttribute("data-status", "FAILED", { timeout: 30_000 });
  await expect(call).toHaveAttribute("data-run-status", "FAILED");
  await expect(call.getByTestId("flow-node-error")).toContainText("a mandatory field is not set");
  await call.click();
  await expect(inspector.getByTestId("step-error")).toContainText("a mandatory field is not set");
  await expect(inspector.getByTestId("step-error")).toContainText("maintenance.request");
  expect(await odoo(request, "maintenance.request", "search_count", [[["name", "=", title]]])).toBe(1);
});
