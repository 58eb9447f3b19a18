// The map step runs the analyst's script in the real sandbox and passes on what it returns.
import { describe, expect, it } from "vitest";
import { BusinessError, ScriptError } from "../../runtime/engine/errors.ts";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZMapConfig } from "./definition.ts";
import { executeMap } from "./execute.server.ts";

const map = (script: string, input: unknown, timeoutMs?: number) => executeMap(fakeContext(ZMapConfig.parse({ script, timeoutMs }), input));

describe("map step", () => {
  it("passes on what the script returns", async () => {
    const result = await map("return { partner: input.customer.name.toUpperCase(), lines: input.lines.length };", { customer: { name: "acme" }, lines: [1, 2] });
    expect(result).toEqual({ type: "next", port: "out", output: { partner: "ACME", lines: 2 } });
  });

  it("reports a script error with its line", async () => {
    const error = await map("const a = 1;\nreturn input.missing.field;", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect((error as ScriptError).line).toBe(2);
  });

  it("a script without return passes on null", async () => {
    expect(await map("input.x = 1;", {})).toEqual({ type: "next", port: "out", output: null });
  });

  it("stops a script that runs past its time limit", async () => {
    await expect(map("while (true) {}", {}, 50)).rejects.toBeInstanceOf(BusinessError);
  });
});
