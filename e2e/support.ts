import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "millwright-demo";
export const USERS = {
  analyst: "analyst@millwright.local",
  approver: "approver@millwright.local",
  admin: "admin@millwright.local",
} as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function mainNavLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  return (await nav.getByRole("link").allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

/** Signs in and waits until the app has taken the user past the sign-in page. */
export async function signInAs(page: Page, email: string): Promise<void> {
  await signIn(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"), { timeout: 20_000 });
}
