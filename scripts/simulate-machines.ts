// Plays machine states on MQTT for the shop-floor demo (prisma/demo-machine-flow.ts): four machines
// report { asset, state, reason, at } on plant/<asset>/state every few seconds. PUMP-07 goes DOWN
// for 6 minutes (-> one maintenance request in Odoo, then a "recovered" run), PRESS-02 stops for
// 1 minute (a blip: nothing), the others keep running.
//
//   node scripts/simulate-machines.ts            # the 5-minute flow: takes about 8 minutes
//   node scripts/simulate-machines.ts --fast     # plant-fast/..., the 20-second twin flow: about 1 minute
//   options: --url mqtt://127.0.0.1:1883  --loop (repeat the scenario until Ctrl-C)
//
// Needs the worker running (./millwright start) and the broker (Mosquitto on 127.0.0.1:1883).
import mqtt from "mqtt";
import { parseArgs } from "node:util";

type Phase = { state: "RUN" | "IDLE" | "DOWN"; reason?: string; seconds: number };
type Machine = { asset: string; phases: Phase[] };

/** The scenario in "minutes" of the 5-minute flow; --fast divides every duration by 15 (6 min -> 24 s > 20 s threshold). */
function scenario(): Machine[] {
  return [
    { asset: "PUMP-07", phases: [{ state: "RUN", seconds: 30 }, { state: "DOWN", reason: "Motor overload", seconds: 360 }, { state: "RUN", seconds: 60 }] },
    { asset: "PRESS-02", phases: [{ state: "RUN", seconds: 60 }, { state: "DOWN", reason: "Light curtain tripped", seconds: 60 }, { state: "RUN", seconds: 330 }] },
    { asset: "CNC-11", phases: [{ state: "RUN", seconds: 200 }, { state: "IDLE", reason: "Waiting for material", seconds: 90 }, { state: "RUN", seconds: 160 }] },
    { asset: "CONV-04", phases: [{ state: "RUN", seconds: 450 }] },
  ];
}

function stateAt(machine: Machine, elapsedSeconds: number): Phase | null {
  let start = 0;
  for (const phase of machine.phases) {
    if (elapsedSeconds < start + phase.seconds) return phase;
    start += phase.seconds;
  }
  return null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: process.env.MQTT_URL ?? "mqtt://127.0.0.1:1883" },
      fast: { type: "boolean", default: false },
      loop: { type: "boolean", default: false },
    },
  });
  const scale = values.fast ? 1 / 15 : 1;
  const prefix = values.fast ? "plant-fast" : "plant";
  const intervalMs = values.fast ? 1_000 : 5_000;
  const machines = scenario();
  const length = Math.max(...machines.map((m) => m.phases.reduce((sum, p) => sum + p.seconds, 0))) * scale;

  const client = await mqtt.connectAsync(values.url, { clientId: `millwright-simulator-${process.pid}`, clean: true, connectTimeout: 5_000, reconnectPeriod: 1_000 });
  console.log(`Connected to ${values.url}; publishing ${prefix}/<asset>/state every ${intervalMs / 1000} s for ${Math.round(length)} s${values.loop ? ", repeating" : ""}.`);
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());

  do {
    const startedAt = Date.now();
    const last = new Map<string, string>();
    while (!stop.signal.aborted) {
      const elapsed = (Date.now() - startedAt) / 1000 / scale;
      let active = 0;
      for (const machine of machines) {
        const phase = stateAt(machine, elapsed);
        if (!phase) continue;
        active += 1;
        const message = { asset: machine.asset, state: phase.state, reason: phase.reason ?? null, at: new Date().toISOString() };
        await client.publishAsync(`${prefix}/${machine.asset}/state`, JSON.stringify(message), { qos: 1 });
        if (last.get(machine.asset) !== phase.state) console.log(`${message.at}  ${machine.asset.padEnd(8)} ${phase.state}${phase.reason ? ` (${phase.reason})` : ""}`);
        last.set(machine.asset, phase.state);
      }
      if (active === 0) break;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } while (values.loop && !stop.signal.aborted);

  await client.endAsync();
  console.log("Done. Open Runs in Millwright: PUMP-07 started a maintenance request, then recovered; PRESS-02's short stop started nothing.");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
