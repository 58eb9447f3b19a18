import { expect, test, type APIRequestContext } from "@playwright/test";
import { signInAs, USERS, withE2eDatabase } from "./support.ts";

// Issue 6 item 7: a webhook run pauses at an Approve step (role APPROVER, quantity correctable,
// showing an Odoo maintenance request); the approver finds the task in the inbox (count in the
// navigation), opens it beside the live Odoo record, corrects the quantity 5 -> 3 and approves; the
// run continues and the Odoo test server receives 3. An analyst (no approver role) can neither open
// the inbox nor decide through its server action.
test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(180_000);

const ODOO_URL = `http://127.0.0.1:${process.env.E2E_ODOO_PORT ?? 8169}`;
const CONNECTION = "odoo-inbox";

/** One JSON-RPC call to the Odoo test server, as its admin (as odoo-connector.spec does). */
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

function definition(stamp: number) {
  const node = (id: string, kind: string, label: string, x: number, config: Record<string, unknown>) => ({ id, kind, kindVersion: 1, label, position: { x, y: 0 }, config });
  return {
    schemaVersion: 1,
    nodes: [
      node("hook", "webhook-trigger", "Parts requested", 0, { auth: "none", businessKeyPath: "workOrder" }),
      node("map", "map", "Collect the request", 250, {
        script: "return { workOrder: input.body.workOrder, requestId: input.body.requestId, part: input.body.part, quantity: input.body.quantity };",
      }),
      node("approve", "approve", "Approve the parts", 500, {
        title: "Reserve {{ input.quantity }} × {{ input.part }} for {{ input.workOrder }}",
        description: "The technician asks for spare parts for the maintenance request beside this task.\nCheck the quantity against the repair.",
        priority: "high",
        assignees: { roles: ["APPROVER"] },
        correctableFields: ["quantity"],
        rejectionCommentRequired: true,
        due: { after: "PT4H", onExpiry: "route" },
        record: { connection: CONNECTION, model: "maintenance.request", idTemplate: "{{ input.requestId }}" },
      }),
      node("reserve", "call-odoo", "Reserve in Odoo", 750, {
        operation: "create", connection: CONNECTION, model: "maintenance.request",
        values: { name: `Parts reserved ${stamp}`, duration: "{{ input.input.quantity }}" },
      }),
      node("done", "end", "Done", 1000, {}),
      node("refused", "end", "Refused", 1000, {}),
      node("late", "end", "Late", 1000, {}),
    ],
    edges: [
      { id: "e1", source: "hook", sourcePort: "out", target: "map", targetPort: "in" },
      { id: "e2", source: "map", sourcePort: "out", target: "approve", targetPort: "in" },
      { id: "e3", source: "approve", sourcePort: "approved", target: "reserve", targetPort: "in" },
      { id: "e4", source: "reserve", sourcePort: "out", target: "done", targetPort: "in" },
      { id: "e5", source: "approve", sourcePort: "rejected", target: "refused", targetPort: "in" },
      { id: "e6", source: "approve", sourcePort: "expired", target: "late", targetPort: "in" },
    ],
    notes: [],
    settings: {},
  };
}

// Releases the flow straight into the e2e server's database (as runs.spec does), with a Development
// connection to this run's Odoo test server.
const RELEASE_SCRIPT = `
const { releaseTestFlow } = await import("./lib/triggers/test-release.ts");
const { encryptSecret } = await import("./lib/secrets/crypto.server.ts");
const { connectionSecretContext } = await import("./runtime/engine/connections.ts");
const [slug, definition, connection, baseUrl] = process.argv.slice(1);
const dev = await db.environment.findUniqueOrThrow({ where: { key: "dev" } });
const config = { baseUrl, database: "plant", login: "admin", protocol: "jsonrpc" };
const row = await db.connection.upsert({
  where: { environmentId_name: { environmentId: dev.id, name: connection } },
  update: { config },
  create: { environmentId: dev.id, name: connection, kind: "odoo", config },
});
await db.connection.update({ where: { id: row.id }, data: { secretEncrypted: encryptSecret({ password: "admin" }, { context: connectionSecretContext(row.id) }) } });
const release = await releaseTestFlow(db, { slug, definition: JSON.parse(definition) });
console.log(JSON.stringify(release));
await db.$disconnect();
`;

function releaseFlow(slug: string, stamp: number): { environmentKey: string; slug: string } {
  return withE2eDatabase(RELEASE_SCRIPT, slug, JSON.stringify(definition(stamp)), CONNECTION, ODOO_URL);
}

test("an approver corrects the quantity of a task beside its Odoo record and approves; the run writes the corrected value to Odoo", async ({ page, request, browser }) => {
  const stamp = Date.now();
  const workOrder = `WO-${stamp}`;
  const requestName = `Bearing noise on press ${stamp}`;
  const requestId = (await odoo(request, "maintenance.request", "create", [{ name: requestName, description: "Loud bearing on the main shaft", priority: "3" }])) as number;
  const release = releaseFlow(`parts-approval-${stamp}`, stamp);
  const accepted = await request.post(`/api/hooks/${release.environmentKey}/${release.slug}`, { data: { workOrder, requestId, part: "BRG-6205", quantity: 5 } });
  expect(accepted.status()).toBe(202);
  const { runId } = (await accepted.json()) as { runId: string };
  const title = `Reserve 5 × BRG-6205 for ${workOrder}`;
  // Two more requests of the same kind: the list has neighbours, and deciding moves to the next.
  for (const [suffix, part, quantity] of [["b", "SEAL-35X52", 2], ["c", "GSK-DN80", 12]] as const) {
    const more = await request.post(`/api/hooks/${release.environmentKey}/${release.slug}`, { data: { workOrder: `${workOrder}-${suffix}`, requestId, part, quantity } });
    expect(more.status()).toBe(202);
  }

  // 1. The approver's inbox: the task appears (the list refreshes itself), counted in the navigation.
  await signInAs(page, USERS.approver);
  await page.goto("/inbox");
  const tasks = page.getByRole("list", { name: "Open tasks" });
  const row = tasks.getByRole("listitem").filter({ hasText: title });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("High");
  await expect(row).toContainText(/Due in \d h/);
  await expect(row).toContainText(workOrder);
  const count = Number(await page.locator("#nav-inbox-count").innerText().then((text) => text.replace(/\D/g, "")));
  expect(count).toBeGreaterThanOrEqual(1);
  await expect(tasks.getByRole("listitem").filter({ hasText: workOrder })).toHaveCount(3, { timeout: 30_000 });
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.screenshot({ path: "/tmp/inbox-list.png", fullPage: true });

  // 2. The task beside the list, with the live Odoo record and the request data.
  await row.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const taskId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  const record = page.getByRole("region", { name: requestName });
  await expect(record).toBeVisible({ timeout: 20_000 });
  await expect(record.getByRole("definition").filter({ hasText: "Loud bearing on the main shaft" })).toBeVisible();
  await expect(record).toContainText("High");
  await expect(page.getByRole("region", { name: "Request" })).toContainText("BRG-6205");
  await page.screenshot({ path: "/tmp/inbox-task.png", fullPage: true });

  // 3. Correct 5 -> 3 and approve: a toast, and the run continues to Odoo with 3.
  const decision = page.getByRole("form", { name: "Decision" });
  const quantity = decision.getByLabel(/quantity/);
  await expect(quantity).toHaveValue("5");
  await quantity.fill("3");
  await decision.getByRole("button", { name: /Approve/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved. The run continues." })).toBeVisible();
  // On to the next task; the decided one leaves the list.
  await expect(page).not.toHaveURL(new RegExp(taskId));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(workOrder);
  await expect(page.getByRole("list", { name: "Open tasks" }).getByRole("listitem").filter({ hasText: title })).toHaveCount(0);
  await expect
    .poll(async () => odoo(request, "maintenance.request", "search_read", [[["name", "=", `Parts reserved ${stamp}`]]], { fields: ["duration"] }), { timeout: 30_000 })
    .toEqual([expect.objectContaining({ duration: 3 })]);

  // 4. The next task reached me through my role: claim it with the keyboard (c), then release it.
  await page.keyboard.press("c");
  await expect(page.getByRole("status").filter({ hasText: "Claimed" })).toBeVisible();
  await page.getByRole("button", { name: "Release" }).click();
  await expect(page.getByRole("button", { name: "Claim" })).toBeVisible();

  // 5. The two other requests are of the same kind: approved together.
  await page.goto("/inbox");
  const list = page.getByRole("list", { name: "Open tasks" });
  for (const suffix of ["b", "c"]) await list.getByRole("listitem").filter({ hasText: `${workOrder}-${suffix}` }).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Approve 2" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Approve 2" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved 2 tasks." })).toBeVisible();
  await expect(list.getByRole("listitem").filter({ hasText: workOrder })).toHaveCount(0);

  // 6. The Decided tab lists what I approved, newest first.
  await page.goto("/inbox?view=decided");
  await expect(page.getByRole("list", { name: "Decided tasks" }).getByRole("listitem").filter({ hasText: title })).toContainText("You approved");
  await page.screenshot({ path: "/tmp/inbox-decided.png" });

  // 7. An analyst cannot open the inbox, nor decide through its server action.
  const analyst = await browser.newPage();
  await signInAs(analyst, USERS.analyst);
  const refused = await analyst.goto("/inbox");
  expect(refused?.status()).toBe(403);
  await expect(analyst.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" })).toHaveCount(0);
  const taskPage = await analyst.goto(`/inbox/${taskId}`);
  expect(taskPage?.status()).toBe(403);

  // The run went on past the approval to its end (analysts watch runs).
  await analyst.goto(`/runs/${runId}`);
  await expect(analyst.getByTestId("run-title").locator("..").getByTestId("run-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await analyst.close();
});
