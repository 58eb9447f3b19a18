import NextAuth from "next-auth";
import { authOptions } from "../../../../lib/auth/auth-options.server.ts";

// next-auth's own endpoints (sign-in, sign-out, session, csrf): public by nature.
const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
