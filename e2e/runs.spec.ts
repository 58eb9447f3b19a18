import { expect, test, type Page } from "@playwright/test";
import { signInAs, USERS, withE2eDatabase } from "./support.ts";

// Issue 4 item 8: a webhook run fails in a script step and becomes a dead letter; the analyst finds
// it in Dead letters, opens it, sees the failed step in red with its error, replays it from that
// step with an edited input and watches it succeed.
test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(120_000);


const DEFINITION = {
  schemaVersion: 1,
  nodes: [
    { id: "hook", kind: "webhook-trigger", kindVersion: 1, label: "Order received", position: { x: 0, y: 0 }, config: { auth: "none", businessKeyPath: "order.number" } },
    {
      id: "check", kind: "map", kindVersion: 1, label: "Check the quantity", position: { x: 300, y: 0 },
      config: { script: 'const order = input.body.order;\nif (!order.qty) throw new Error("The order has no quantity");\nreturn { number: order.number, qty: order.qty };' },
    },
    { id: "done", kind: "end", kindVersion: 1, label: "Done", position: { x: 600, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "hook", sourcePort: "out", target: "check", targetPort: "in" },
    { id: "e2", source: "check", sourcePort: "out", target: "done", targetPort: "in" },
  ],
  notes: [],
  settings: {},
};

// Releases a flow straight into the e2e server's database (there is no release UI yet), the way
// the trigger tests do: the same database scripts/e2e-server.ts created, reached the same way.
const RELEASE_SCRIPT = `
const { releaseTestFlow } = await import("./lib/triggers/test-release.ts");
const [slug, definition] = process.argv.slice(1);
const release = await releaseTestFlow(db, { slug, definition: JSON.parse(definition) });
console.log(JSON.stringify(release));
await db.$disconnect();
`;

function releaseFlow(slug: string): { environmentKey: string; slug: string } {
  return withE2eDatabase(RELEASE_SCRIPT, slug, JSON.stringify(DEFINITION));
}

/**
 * Replaces the text of a code editor (CodeMirror, loaded lazily: until it arrives a read-only copy
 * of the text stands in, marked busy) without its auto-closing brackets getting in the way.
 */
async function replaceCode(page: Page, name: string, text: string) {
  const editor = page.getByRole("textbox", { name });
  await expect(editor).not.toHaveAttribute("aria-busy", "true");
  await editor.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

test("an analyst finds a dead letter, sees why it failed and replays it with an edited input", async ({ page, request }) => {
  const stamp = Date.now();
  const release = releaseFlow(`orders-${stamp}`);
  const orderNumber = `PO-${stamp}`;
  const accepted = await request.post(`/api/hooks/${release.environmentKey}/${release.slug}`, { data: { order: { number: orderNumber } } });
  expect(accepted.status()).toBe(202);
  const { runId } = (await accepted.json()) as { runId: string };

  // The run fails in the worker and shows up among the dead letters (the list refreshes itself).
  await signInAs(page, USERS.analyst);
  await page.goto("/runs?view=dead");
  const row = page.getByRole("link", { name: new RegExp(orderNumber) });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("dead-letter-count")).not.toHaveText("0");
  await expect(page.getByRole("row", { name: new RegExp(orderNumber) })).toContainText("The order has no quantity");

  // Its page: the failed step in red with the error, the step before it green.
  await row.click();
  await page.waitForURL(`**/runs/${runId}`);
  const check = page.locator('[data-testid="flow-node"][data-node-id="check"]');
  await expect(check).toHaveAttribute("data-run-status", "FAILED");
  await expect(check.getByTestId("flow-node-error")).toContainText("The order has no quantity");
  await expect(page.locator('[data-testid="flow-node"][data-node-id="hook"]')).toHaveAttribute("data-run-status", "SUCCEEDED");
  await expect(page.getByTestId("run-error")).toContainText("Failed at Check the quantity");
  const inspector = page.getByTestId("step-detail");
  await expect(inspector).toHaveAttribute("data-node-id", "check");
  await expect(inspector.getByTestId("step-error")).toContainText("The order has no quantity");

  // Replay from the failed step with the quantity added to its input.
  await page.getByRole("button", { name: "Replay from failed step" }).click();
  const dialog = page.getByRole("dialog", { name: "Replay this run from the failed step" });
  await dialog.getByLabel("An edited input").check();
  await replaceCode(page, "Replay input (JSON)", JSON.stringify({ body: { order: { number: orderNumber, qty: 3 } } }, null, 2));
  await expect(dialog.getByRole("textbox", { name: "Replay input (JSON)" })).toContainText('"qty": 3');
  await dialog.getByRole("button", { name: "Replay run" }).click();
  await expect(page.getByRole("status").getByText("Run replayed.")).toBeVisible();

  // The page follows the replay live until the run has succeeded.
  await expect(page.getByTestId("run-title").locator("..").getByTestId("run-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(check).toHaveAttribute("data-run-status", "SUCCEEDED");
  await expect(page.locator('[data-testid="flow-node"][data-node-id="done"]')).toHaveAttribute("data-run-status", "SUCCEEDED");
  await check.click();
  await expect(inspector.getByText('"qty": 3').first()).toBeVisible();

  // It has left the dead letters.
  await page.goto("/runs?view=dead");
  await expect(page.getByRole("heading", { name: "Runs" })).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(orderNumber) })).toHaveCount(0);
});
