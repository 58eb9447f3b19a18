import { expect, test } from "@playwright/test";
import { mainNavLinks, signIn, USERS } from "./support.ts";

test("an admin creates a user who signs in with their roles, then deactivates them", async ({ page, browser }) => {
  const email = `planner-${Date.now()}@millwright.local`;
  await signIn(page, USERS.admin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();

  await page.getByRole("button", { name: "New user" }).click();
  const dialog = page.getByRole("dialog", { name: "New user" });
  await dialog.getByLabel("Name").fill("Pia Planner");
  await dialog.getByLabel("E-mail").fill(email);
  await dialog.getByLabel("Initial password").fill("short");
  await dialog.getByRole("checkbox", { name: "Approver" }).check();
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByText(/at least 12 characters/i).first()).toBeVisible();

  await dialog.getByLabel("Initial password").fill("a-long-initial-password");
  await dialog.getByRole("checkbox", { name: "Integration analyst" }).check();
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Integration analyst");
  await expect(row).toContainText("Approver");

  const other = await browser.newPage();
  await signIn(other, email, "a-long-initial-password");
  expect(await mainNavLinks(other)).toEqual(["Flows", "Inbox", "Runs"]);
  await other.close();

  await row.getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog", { name: "Deactivate Pia Planner?" }).getByRole("button", { name: "Deactivate user" }).click();
  await expect(row).toContainText("Deactivated");

  const again = await browser.newPage();
  await signIn(again, email, "a-long-initial-password");
  await expect(again.getByRole("alert").filter({ hasText: /do not match/i })).toBeVisible();
  await again.close();
});
