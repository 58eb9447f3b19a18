// The branch step picks its output port from the condition or the switch value; data passes unchanged.
import { describe, expect, it } from "vitest";
import { ScriptError } from "../../runtime/engine/errors.ts";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZBranchConfig } from "./definition.ts";
import { executeBranch } from "./execute.server.ts";

const cases = [
  { id: "urgent", label: "Urgent", value: 1 },
  { id: "normal", label: "Normal", value: "normal" },
  { id: "off", label: "Off", value: false },
];
const branch = (config: unknown, input: unknown) => executeBranch(fakeContext(ZBranchConfig.parse(config), input));

describe("branch step", () => {
  it("if/else: a truthy condition continues on True, otherwise False", async () => {
    const config = { mode: "if", condition: "input.amount > 1000" };
    expect(await branch(config, { amount: 1500 })).toEqual({ type: "next", port: "true", output: { amount: 1500 } });
    expect(await branch(config, { amount: 20 })).toEqual({ type: "next", port: "false", output: { amount: 20 } });
    expect(await branch({ mode: "if", condition: "input.tags.length" }, { tags: [] })).toMatchObject({ port: "false" });
  });

  it("switch: the case whose value is === the expression's", async () => {
    const config = { mode: "switch", expression: "input.priority", cases };
    expect(await branch(config, { priority: 1 })).toMatchObject({ port: "urgent" });
    expect(await branch(config, { priority: "normal" })).toMatchObject({ port: "normal" });
    expect(await branch(config, { priority: false })).toMatchObject({ port: "off" });
  });

  it("switch: no case matches (1 and \"1\" differ) -> Default, with the input unchanged", async () => {
    const config = { mode: "switch", expression: "input.priority", cases };
    expect(await branch(config, { priority: "1" })).toEqual({ type: "next", port: "default", output: { priority: "1" } });
    expect(await branch(config, {})).toMatchObject({ port: "default" });
  });

  it("a condition that throws fails the step as a script error", async () => {
    await expect(branch({ mode: "if", condition: "input.a.b > 1" }, {})).rejects.toBeInstanceOf(ScriptError);
  });
});
