import { currentUser } from "../../lib/auth/guard.server.ts";
import { ForbiddenContent } from "../../components/shell/forbidden-content.tsx";

// Inside the shell: the sidebar stays, so the user sees at once where they can go instead.
export default async function Forbidden() {
  const user = await currentUser();
  return <ForbiddenContent roles={user?.roles ?? null} />;
}
