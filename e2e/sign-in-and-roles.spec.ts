import { expect, test } from "@playwright/test";
import { mainNavLinks, signIn, USERS } from "./support.ts";

test.describe("sign-in and what each role sees", () => {
  const cases = [
    { who: "analyst", email: USERS.analyst, nav: ["Flows", "Runs"], home: /\/flows$/, refused: "/admin" },
    { who: "approver", email: USERS.approver, nav: ["Flows", "Inbox"], home: /\/inbox$/, refused: "/admin" },
    { who: "admin", email: USERS.admin, nav: ["Flows", "Inbox", "Runs", "Environments", "Admin"], home: /\/flows$/, refused: null },
  ];

  for (const c of cases) {
    test(`${c.who} signs in, sees only their sections${c.refused ? " and is refused another role's page" : ""}`, async ({ page }) => {
      await signIn(page, c.email);
      await expect(page).toHaveURL(c.home);
      expect(await mainNavLinks(page)).toEqual(c.nav);
      if (c.refused) {
        const response = await page.goto(c.refused);
        expect(response?.status()).toBe(403);
        await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
      }
    });
  }

  test("a wrong password gets a message that does not say which part was wrong", async ({ page }) => {
    await signIn(page, USERS.analyst, "not-the-password");
    // Next.js adds its own (empty) route announcer with role="alert"; look for ours by its text.
    await expect(page.getByRole("alert").filter({ hasText: /e-mail and password do not match/i })).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
    await signIn(page, "nobody@millwright.local", "not-the-password");
    await expect(page.getByRole("alert").filter({ hasText: /e-mail and password do not match/i })).toBeVisible();
  });

  test("signed-out visitors are sent to sign-in and come back after it", async ({ page }) => {
    await page.goto("/runs");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fruns/);
    await page.getByLabel("E-mail").fill(USERS.analyst);
    await page.getByLabel("Password").fill("millwright-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/runs$/);
  });

  test("sign-out ends the session", async ({ page }) => {
    await signIn(page, USERS.approver);
    await expect(page).toHaveURL(/\/inbox$/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto("/inbox");
    await expect(page).toHaveURL(/\/signin/);
  });
});

test("health reports the database and a live worker", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: { ok: true }, worker: { ok: true } });
});
