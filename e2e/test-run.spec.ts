import { expect, test, type Page } from "@playwright/test";
import { signInAs, USERS } from "./support.ts";

// Issue 4 item 7: an analyst test-runs the draft from the designer with a pasted payload, sees each
// step's result on the canvas and the map step's output, keeps the run as a test case, runs all
// test cases (pass), changes the script and sees the case fail with the difference.
test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(120_000);

const DEFINITION = {
  schemaVersion: 1,
  nodes: [
    { id: "hook", kind: "webhook-trigger", kindVersion: 1, label: "Order received", position: { x: 0, y: 0 }, config: { auth: "none" } },
    {
      id: "shape", kind: "map", kindVersion: 1, label: "Shape the order", position: { x: 300, y: 0 },
      config: { script: "const order = input.body;\nreturn { code: order.code, qty: order.qty * 2 };" },
    },
    { id: "done", kind: "end", kindVersion: 1, label: "Done", position: { x: 600, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "hook", sourcePort: "out", target: "shape", targetPort: "in" },
    { id: "e2", source: "shape", sourcePort: "out", target: "done", targetPort: "in" },
  ],
  notes: [],
  settings: {},
};

const PAYLOAD = { body: { code: "BRG-6205", qty: 7 }, headers: { "content-type": "application/json" }, query: {}, receivedAt: "2026-11-22T10:00:00Z" };

async function importFlow(page: Page, name: string) {
  await page.goto("/flows");
  await page.getByRole("button", { name: "Import" }).click();
  const dialog = page.getByRole("dialog", { name: "Import flow" });
  const file = { format: "millwright.flow", formatVersion: 1, flow: { name }, definition: DEFINITION };
  await dialog.getByLabel("Flow file").setInputFiles({ name: "order.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
  await dialog.getByRole("button", { name: "Import flow" }).click();
  await expect(page.locator('[data-testid="canvas"][data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

/** Replaces the text of a code editor (CodeMirror) without its auto-closing brackets getting in the way. */
async function replaceCode(page: Page, name: string, text: string) {
  // The editor itself (CodeMirror loads lazily; until then a read-only copy of the text stands in).
  const editor = page.locator(`.cm-content[aria-label="${name}"]`);
  await editor.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

test("an analyst tests the draft, saves the run as a test case and runs all test cases", async ({ page }) => {
  await signInAs(page, USERS.analyst);
  await importFlow(page, `Order lines ${Date.now()}`);
  const panel = page.getByTestId("test-panel");

  // Open the test panel: no run yet, no environment picked.
  await page.getByTestId("test-button").click();
  await expect(panel).toBeVisible();
  await expect(panel.getByText("No test run yet")).toBeVisible();
  await expect(panel.getByTestId("test-environment")).toHaveValue("");

  // Paste a payload and run it.
  await replaceCode(page, "Test payload", JSON.stringify(PAYLOAD, null, 2));
  await panel.getByTestId("run-test").click();
  await expect(panel.getByTestId("test-run-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });

  // Every step is coloured on the canvas; the map step's output is one click away.
  for (const id of ["hook", "shape", "done"]) {
    await expect(page.locator(`[data-testid="flow-node"][data-node-id="${id}"]`)).toHaveAttribute("data-run-status", "SUCCEEDED");
  }
  await page.locator('[data-testid="flow-node"][data-node-id="shape"]').click();
  const detail = panel.getByTestId("test-step-detail");
  await expect(detail).toHaveAttribute("data-node-id", "shape");
  await expect(detail.getByTestId("test-step-output")).toContainText('"qty": 14');
  await expect(detail.getByTestId("test-step-output")).toContainText('"code": "BRG-6205"');
  await expect(page.getByTestId("step-test-result")).toContainText("Test run: succeeded");

  // Keep it as a test case expecting the map step's output too (the last step's is ticked already).
  await panel.getByTestId("save-test-case").click();
  const dialog = page.getByRole("dialog", { name: "Save as test case" });
  await dialog.getByLabel("Name").fill("Seven bearings");
  await expect(dialog.getByLabel(/^Done/)).toBeChecked();
  await dialog.getByLabel(/^Shape the order/).check();
  await dialog.getByRole("button", { name: "Save test case" }).click();
  await expect(page.getByRole("status").filter({ hasText: 'Test case "Seven bearings" saved.' })).toBeVisible();

  // Run all test cases: it passes.
  await panel.getByTestId("test-tab-cases").click();
  const row = panel.locator('[data-testid="test-case"][data-name="Seven bearings"]');
  await expect(row).toContainText("Expects the output of Shape the order, Done");
  await panel.getByTestId("run-all-test-cases").click();
  await expect(panel.getByTestId("test-cases-summary")).toHaveText("All 1 test case passed", { timeout: 30_000 });
  await expect(row).toHaveAttribute("data-result", "passed");

  // Change the script: the case fails and says where the output differs.
  await page.locator('[data-testid="flow-node"][data-node-id="shape"]').click();
  await replaceCode(page, "Script", "const order = input.body;\nreturn { code: order.code, qty: order.qty * 3 };");
  await panel.getByTestId("run-all-test-cases").click();
  await expect(panel.getByTestId("test-cases-summary")).toHaveText("1 of 1 failed", { timeout: 30_000 });
  await expect(row).toHaveAttribute("data-result", "failed");
  await expect(row.getByTestId("test-case-differences")).toContainText("qty: expected 14, got 21");
});

test("a failing script shows its message and line; an invalid draft is refused with its problems", async ({ page }) => {
  await signInAs(page, USERS.analyst);
  await importFlow(page, `Broken order ${Date.now()}`);
  const panel = page.getByTestId("test-panel");
  await page.keyboard.press("t");
  await expect(panel).toBeVisible();

  // The payload lacks the body the script reads: line 2 throws.
  await replaceCode(page, "Test payload", JSON.stringify({ ...PAYLOAD, body: null }));
  await page.keyboard.press("Control+Enter");
  await expect(panel.getByTestId("test-run-status")).toHaveAttribute("data-status", "FAILED", { timeout: 30_000 });
  await expect(panel.getByTestId("test-run-status")).toContainText("Failed at Shape the order");
  await expect(page.locator('[data-testid="flow-node"][data-node-id="shape"]')).toHaveAttribute("data-run-status", "FAILED");
  await expect(page.locator('[data-testid="flow-node"][data-node-id="done"]')).not.toHaveAttribute("data-run-status", "SUCCEEDED");
  const error = panel.getByTestId("test-step-error");
  await expect(error).toContainText("At line 2");
  await expect(panel.getByTestId("test-script-excerpt")).toContainText("return { code: order.code");

  // Without its trigger the draft no longer validates: the run is refused with the reason.
  await page.locator('[data-testid="flow-node"][data-node-id="hook"]').click();
  await page.keyboard.press("Delete");
  await panel.getByTestId("run-test").click();
  await expect(panel.getByTestId("test-start-problem")).toContainText("before testing the flow");
});

test("approvers read flows but are not offered test runs", async ({ page }) => {
  await signInAs(page, USERS.approver);
  await page.goto("/flows");
  await page.getByRole("link", { name: "Maintenance parts reservation" }).first().click();
  await expect(page.locator('[data-testid="canvas"][data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("read-only-banner")).toBeVisible();
  await expect(page.getByTestId("test-button")).toHaveCount(0);
  await page.keyboard.press("t");
  await expect(page.getByTestId("test-panel")).toHaveCount(0);
});
