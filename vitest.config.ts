import { defineConfig } from "vitest/config";

// Two projects: fast unit tests beside the code (*.test.ts) and integration tests against a real
// PostgreSQL and graphile-worker (*.integration.test.ts). test/global-setup.ts prepares a migrated
// template database; each integration test file clones it (like graphile-worker's own tests).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{app,components,lib,nodes,runtime,scripts,lint,prisma}/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
          // isolated-vm needs this flag (STACK.md trap 4); the sandbox has unit tests.
          execArgv: ["--no-node-snapshot"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{app,lib,nodes,runtime,scripts,prisma}/**/*.integration.test.ts"],
          environment: "node",
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // isolated-vm needs this flag (STACK.md trap 4).
          execArgv: ["--no-node-snapshot"],
        },
      },
    ],
  },
});
