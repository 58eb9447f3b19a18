import type { DefaultSession } from "next-auth";
import type { Role } from "./roles.ts";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; roles: Role[] };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    roles?: Role[];
  }
}
