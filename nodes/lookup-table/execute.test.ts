// The lookup table step translates a code and adds the result to its input object.
import { describe, expect, it } from "vitest";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZLookupTableConfig } from "./definition.ts";
import { executeLookupTable } from "./execute.server.ts";

const rows = [
  { from: "PUMP-01", to: "41" },
  { from: "Conveyor-7", to: "52" },
];
const lookup = (config: Record<string, unknown>, input: unknown) =>
  executeLookupTable(fakeContext(ZLookupTableConfig.parse({ key: "{{ input.assetId }}", rows, resultField: "equipmentId", ...config }), input));

describe("lookup table step", () => {
  it("adds the found value under the result field", async () => {
    expect(await lookup({}, { assetId: "PUMP-01", qty: 2 })).toEqual({ type: "next", port: "out", output: { assetId: "PUMP-01", qty: 2, equipmentId: "41" } });
  });

  it("converts values to numbers when the table holds numbers", async () => {
    expect(await lookup({ valueType: "number" }, { assetId: "Conveyor-7" })).toMatchObject({ output: { equipmentId: 52 } });
  });

  it("matches regardless of case only when asked to", async () => {
    expect(await lookup({ caseInsensitive: true }, { assetId: "pump-01" })).toMatchObject({ output: { equipmentId: "41" } });
    await expect(lookup({}, { assetId: "pump-01" })).rejects.toThrow('Code "pump-01" is not in the lookup table');
  });

  it("a missing code fails the step by default", async () => {
    await expect(lookup({}, { assetId: "VALVE-9" })).rejects.toMatchObject({ errorClass: "business", message: 'Code "VALVE-9" is not in the lookup table' });
  });

  it("a missing code can use the default value", async () => {
    expect(await lookup({ onMissing: "default", defaultValue: "0", valueType: "number" }, { assetId: "VALVE-9" })).toMatchObject({ port: "out", output: { equipmentId: 0 } });
  });

  it("a missing code can continue on Missing with the input unchanged", async () => {
    expect(await lookup({ onMissing: "route" }, { assetId: "VALVE-9" })).toEqual({ type: "next", port: "missing", output: { assetId: "VALVE-9" } });
  });

  it("explains that the input must be an object", async () => {
    await expect(lookup({ key: "{{ input[0] }}" }, ["PUMP-01"])).rejects.toThrow(
      'The lookup table adds "equipmentId" to its input, so the input must be an object; it received a list. Reshape it with a Map step first.',
    );
  });
});
