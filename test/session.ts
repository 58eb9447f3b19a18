// For integration tests of guarded code: stand in for next-auth's session lookup, the one thing
// that needs a browser cookie. Everything after it (database lookup, role check) runs for real.
import { vi } from "vitest";

export const session = { userId: null as string | null };

vi.mock("next-auth", async (importOriginal) => {
  const actual = await importOriginal<typeof import("next-auth")>();
  return {
    ...actual,
    getServerSession: async () => (session.userId ? { user: { id: session.userId, roles: [] }, expires: "2999-01-01" } : null),
  };
});

export function signInAs(userId: string | null): void {
  session.userId = userId;
}
