// The Odoo trigger step hands the record (or the batch) the poll accepted to the next steps unchanged.
import { describe, expect, it } from "vitest";
import { fakeContext } from "../../runtime/engine/fake-context.ts";
import { ZOdooTriggerConfig } from "./definition.ts";
import { executeOdooTrigger } from "./execute.server.ts";

const config = ZOdooTriggerConfig.parse({ connection: "odoo", model: "res.partner" });

describe("Odoo trigger step", () => {
  it("passes one record on through Record", async () => {
    const payload = { model: "res.partner", event: "create", record: { id: 7, display_name: "Azure Interior", write_date: "2026-11-22 19:00:00" } };
    expect(await executeOdooTrigger(fakeContext(config, payload))).toEqual({ type: "next", port: "out", output: payload });
  });

  it("passes a batch on through Record", async () => {
    const payload = { model: "res.partner", records: [{ id: 7 }, { id: 8 }] };
    expect(await executeOdooTrigger(fakeContext(config, payload))).toEqual({ type: "next", port: "out", output: payload });
  });
});
