import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
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

const ROOT = fileURLToPath(new URL("..", import.meta.url));

// Reaches the e2e server's database the way scripts/e2e-server.ts does; scripts below use `db`.
const DB_PRELUDE = `
import { appSecrets } from "./scripts/support/environment.ts";
import { withDatabase } from "./test/databases.ts";
const secrets = appSecrets();
process.env.MILLWRIGHT_SECRET_KEY = secrets.MILLWRIGHT_SECRET_KEY;
const server = process.env.DATABASE_URL ?? "postgresql://millwright:" + encodeURIComponent(secrets.postgresPassword) + "@127.0.0.1:" + (process.env.MILLWRIGHT_TEST_PG_PORT ?? 54330) + "/postgres";
const { createDb } = await import("./lib/db/client.ts");
const db = createDb(withDatabase(server, process.env.E2E_DATABASE ?? "millwright_e2e"));
`;

/**
 * Runs `script` (module code using `db`, arguments in process.argv.slice(1)) against the e2e
 * server's database, for set-up the UI does not offer; returns its last printed line as JSON.
 */
export function withE2eDatabase<T = Record<string, unknown>>(script: string, ...args: string[]): T {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", DB_PRELUDE + script, ...args], { cwd: ROOT, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as T;
}
