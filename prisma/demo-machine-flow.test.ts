// The shop-floor demo flow is valid as seeded, and its trigger keeps the conditioning (a schema
// that dropped it would start a maintenance request for every DOWN message).
import { describe, expect, it } from "vitest";
import { validateFlow } from "../lib/flows/validate.ts";
import { machineDownDefinition } from "./demo-machine-flow.ts";

describe("the machine-down demo flow", () => {
  it("validates with the demo connections and keeps the state-duration conditioning", () => {
    const { definition, issues } = validateFlow(machineDownDefinition("plant", "PT5M", "5 minutes"), { connectionNames: new Set(["odoo-main", "plant-mqtt"]) });
    expect(issues.filter((issue) => issue.severity === "error")).toEqual([]);
    const trigger = definition?.nodes.find((node) => node.id === "state");
    expect(trigger?.config).toMatchObject({ topic: "plant/+/state", conditioning: { key: "asset", window: { mode: "state", value: "DOWN", minDuration: "PT5M" } } });
  });
});
