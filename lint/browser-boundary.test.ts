import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "millwright/browser-boundary").map((m) => m.message);
}

describe("lint: browser code never imports server-only modules", () => {
  it("refuses the database client, runtime, executors and isolated-vm in components/", async () => {
    const code = [
      'import { getDb } from "../lib/db/client.ts";',
      'import { startWorker } from "../runtime/worker.ts";',
      'import { run } from "../nodes/map/execute.server.ts";',
      'import ivm from "isolated-vm";',
      "export const x = [getDb, startWorker, run, ivm];",
    ].join("\n");
    expect(await boundaryErrors("components/example.tsx", code)).toHaveLength(4);
  });

  it("refuses Prisma in any 'use client' file, also under app/", async () => {
    const code = '"use client";\nimport { PrismaClient } from "@prisma/client";\nexport const x = PrismaClient;';
    expect(await boundaryErrors("app/example/client-part.tsx", code)).toHaveLength(1);
  });

  it("allows server components and browser-safe modules", async () => {
    expect(await boundaryErrors("app/example/page.tsx", 'import { getDb } from "../../lib/db/client.ts";\nexport const x = getDb;')).toEqual([]);
    expect(await boundaryErrors("components/ok.tsx", 'import { canSee } from "../lib/auth/roles.ts";\nexport const x = canSee;')).toEqual([]);
  });
});
