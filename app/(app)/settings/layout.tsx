import type { ReactNode } from "react";
import { requirePageRole } from "../../../lib/auth/guard.server.ts";

// Checked here as well as in the page: this layout sits outside the loading.tsx boundary, so a
// sign-in redirect happens before streaming starts and keeps its real HTTP status.
export default async function Layout({ children }: { children: ReactNode }) {
  await requirePageRole("/settings");
  return children;
}
