import { currentUser } from "../lib/auth/guard.server.ts";
import { ForbiddenContent } from "../components/shell/forbidden-content.tsx";

// Rendered (with HTTP 403) when a page outside the signed-in shell calls forbidden().
export default async function Forbidden() {
  const user = await currentUser();
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <ForbiddenContent roles={user?.roles ?? null} />
    </main>
  );
}
