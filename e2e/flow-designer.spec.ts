import { expect, test, type Page } from "@playwright/test";
import { signInAs, USERS } from "./support.ts";

// Issue 3's acceptance path: an analyst builds webhook -> map -> branch -> (call Odoo | approve)
// with the mouse and the keyboard, meets a validation error, fixes it, publishes v1, edits,
// publishes v2, compares the two versions and restores v1 into the draft.
test.use({ viewport: { width: 1440, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
test.setTimeout(120_000);

const node = (page: Page, kind: string) => page.locator(`[data-testid="flow-node"][data-kind="${kind}"]`);
const saved = (page: Page) => expect(page.locator('[data-testid="save-status"][data-status="saved"]')).toBeVisible({ timeout: 20_000 });

async function addAfterSelected(page: Page, search: string) {
  await page.keyboard.press("/");
  await page.keyboard.type(search);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
}

async function publish(page: Page, note: string, number: number) {
  await page.getByTestId("publish-button").click();
  await page.getByLabel("What changed?").fill(note);
  await page.getByRole("dialog").getByRole("button", { name: `Publish v${number}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Published v${number}` })).toBeVisible({ timeout: 20_000 });
}

async function replaceScript(page: Page, script: string) {
  const editor = page.getByRole("textbox", { name: "Script" });
  await editor.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.type(script);
}

test("an analyst builds, validates, publishes, compares and restores a flow", async ({ page }) => {
  const name = `Spare parts ${Date.now()}`;
  await signInAs(page, USERS.analyst);
  await page.goto("/flows");
  await page.getByRole("button", { name: "New flow" }).click();
  const dialog = page.getByRole("dialog", { name: "New flow" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create flow" }).click();
  await expect(page.locator('[data-testid="canvas"][data-ready="true"]')).toBeVisible({ timeout: 30_000 });

  // Mouse: the trigger from the empty canvas' call to action.
  await page.getByRole("button", { name: "Add a trigger" }).first().click();
  await page.getByRole("option", { name: /^Webhook/ }).click();
  await page.keyboard.press("Escape");
  await expect(node(page, "webhook-trigger")).toHaveCount(1);

  // Keyboard: each step is added after the selected one and connected to it.
  await node(page, "webhook-trigger").click();
  await addAfterSelected(page, "map");
  await addAfterSelected(page, "branch");
  await addAfterSelected(page, "call odoo");
  await node(page, "branch").click();
  await addAfterSelected(page, "approve");
  for (const kind of ["map", "branch", "call-odoo", "approve"]) await expect(node(page, kind)).toHaveCount(1);
  await expect(page.locator(".react-flow__edge")).toHaveCount(4);

  // The call-Odoo step names a connection no environment has: the problems panel says so.
  await page.getByTestId("problems-button").click();
  const missing = page.locator('[data-testid="problem"][data-code="connection-missing"]');
  await expect(missing.first()).toBeVisible();
  await page.getByTestId("publish-button").click();
  await expect(page.getByTestId("publish-blocked")).toBeVisible();
  await page.keyboard.press("Escape");

  // Fix it: the problem takes us to the field.
  await missing.first().click();
  await page.getByTestId("side-panel").getByRole("combobox", { name: "Connection", exact: true }).selectOption("odoo-main");
  await expect(missing).toHaveCount(0);
  const errors = page.locator('[data-testid="problem"]').filter({ has: page.locator('[aria-label="Error"]') });
  await expect(errors).toHaveCount(0);
  await saved(page);

  await publish(page, "First version", 1);

  // Edit the map script and publish again (fold the palette away so the whole flow is in view).
  const hide = page.getByRole("button", { name: "Hide steps" });
  if (await hide.isVisible()) await hide.click();
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("1");
  await node(page, "map").click();
  await replaceScript(page, "return { ...input, checked: true };");
  await saved(page);
  await publish(page, "Mark the work order as checked", 2);

  // Compare v1 with v2: the map's script is the change.
  const flowUrl = page.url();
  await page.goto(`${flowUrl}/versions/compare?from=1&to=2`);
  await expect(page.getByRole("heading", { name: "Compare v1 to v2" })).toBeVisible();
  await page.getByRole("button", { name: /Script.*Changed/ }).first().click();
  const change = page.locator("p").filter({ hasText: "Before:" }).filter({ hasText: "checked: true" });
  await expect(change).toContainText('"return { ...input };"');

  // Restore v1 into the draft.
  await page.goto(`${flowUrl}/versions`);
  await page.getByRole("button", { name: "Restore v1 into the draft" }).click();
  await page.getByRole("dialog", { name: "Restore v1 into the draft?" }).getByRole("button", { name: "Restore v1" }).click();
  await expect(page.locator('[data-testid="canvas"][data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await node(page, "map").click();
  await expect(page.getByRole("textbox", { name: "Script" })).not.toContainText("checked: true");
});

test("an approver reads a flow but cannot change it", async ({ page }) => {
  await signInAs(page, USERS.approver);
  await page.goto("/flows");
  await expect(page.getByRole("button", { name: "New flow" })).toHaveCount(0);
  await page.getByRole("table", { name: "Flows" }).getByRole("link", { name: /Maintenance parts reservation/ }).click();
  await expect(page.getByTestId("read-only-banner")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("publish-button")).toHaveCount(0);
});
