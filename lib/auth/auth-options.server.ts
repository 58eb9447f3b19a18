import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db/client.ts";
import { isAppError } from "../errors.ts";
import { logger } from "../log.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { clientAddress } from "./throttle.server.ts";
import { signInWithPassword } from "./sign-in.server.ts";
import type { Role } from "./roles.ts";

const SESSION_HOURS = 8;

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const ip = clientAddress(req.headers ?? {});
        try {
          return await signInWithPassword(getDb(), credentials, ip);
        } catch (error) {
          if (isAppError(error)) throw new Error(error.userMessage, { cause: error });
          logger.error({ err: error }, "sign-in failed unexpectedly");
          throw new Error("Sign-in is unavailable right now. Try again in a minute.", { cause: error });
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const signedIn = user as unknown as { id: string; roles: Role[] };
        token.sub = signedIn.id;
        token.roles = signedIn.roles;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = token.sub ?? "";
        session.user.roles = (token.roles as Role[] | undefined) ?? [];
      }
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (!token?.sub) return;
      await recordAudit(getDb(), {
        actorId: token.sub, actorLabel: token.email ?? token.sub, action: "auth.sign_out", subjectType: "user", subjectId: token.sub,
      });
    },
  },
};
