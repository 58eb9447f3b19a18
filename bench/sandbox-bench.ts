// Sandbox benchmark (issue 4, item 9): what a map step, a branch condition and a template cost in
// the isolated-vm sandbox (runtime/sandbox), measured as the engine calls it (bindSandbox per step,
// so the host's JSON encoding of the input is included).
//
//   node --no-node-snapshot bench/sandbox-bench.ts [--iterations 5000] [--warmup 500] [--fresh 200]
//
// Prints p50/p90/p99 for: the bare round trip to an isolate, mapping a 10 KB webhook payload (a
// realistic map script), an expression, a 3-placeholder template, a templated JSON value; the
// same mapping with a fresh context and with a fresh isolate per evaluation (what context reuse
// and pooling save); and the throughput of the default pool (2 isolates) under 8 concurrent
// callers. The machine's load average is printed with the results; bench/README.md records them.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { bindSandbox, createSandbox, type Sandbox } from "../runtime/sandbox/index.ts";

const { values: args } = parseArgs({
  options: {
    iterations: { type: "string", default: "5000" },
    warmup: { type: "string", default: "500" },
    fresh: { type: "string", default: "200" },
  },
});
const ITERATIONS = Number(args.iterations);
const WARMUP = Number(args.warmup);
const FRESH = Number(args.fresh);

/** A webhook trigger's output for a shop order with 52 lines: ~10 KB of JSON. */
function webhookPayload(): unknown {
  const lines = Array.from({ length: 52 }, (_, i) => ({
    lineId: `L-${1000 + i}`,
    sku: `PUMP-${(i * 37) % 500}-${i % 3 === 0 ? "CI" : "SS"}`,
    description: `Centrifugal pump ${i}, ${i % 2 ? "stainless steel" : "cast iron"} housing`,
    quantity: (i % 6) + 1,
    unitPrice: Math.round((120 + i * 13.7) * 100) / 100,
    discountPct: i % 5 === 0 ? 10 : 0,
    uom: "Units",
    requestedDate: `2025-03-${String((i % 27) + 1).padStart(2, "0")}`,
  }));
  return {
    body: {
      event: "order.created",
      order: {
        id: "SO-2025-001234",
        createdAt: "2025-03-01T08:15:00.000Z",
        currency: "EUR",
        customer: { id: "C-88", name: "  ACME Pumps & Valves BV ", vat: "NL123456789B01", email: "Purchasing@ACME.example" },
        shipTo: { street: "Industrieweg 12", city: "Rotterdam", zip: "3044 AS", country: "NL" },
        lines,
        notes: "Deliver to gate 4; call ahead.",
      },
    },
    headers: { "content-type": "application/json", "user-agent": "shop-webhooks/2.1", "x-request-id": "8f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b" },
    query: {},
    receivedAt: "2025-03-01T08:15:01.120Z",
  };
}

/** The map step an analyst would write: shop order -> Odoo sale.order values. */
const MAP_SCRIPT = `const order = input.body.order;
const lines = order.lines
  .filter((line) => line.quantity > 0)
  .map((line) => ({
    product_code: line.sku.replace(/-(CI|SS)$/, "").toLowerCase(),
    name: line.description.trim(),
    product_uom_qty: line.quantity,
    price_unit: line.unitPrice,
    discount: line.discountPct,
    commitment_date: line.requestedDate + " 00:00:00",
  }));
const amount = lines.reduce((sum, l) => sum + l.product_uom_qty * l.price_unit * (1 - l.discount / 100), 0);
return {
  client_order_ref: order.id,
  partner: { name: order.customer.name.trim(), vat: order.customer.vat, email: order.customer.email.toLowerCase() },
  partner_shipping: [order.shipTo.street, order.shipTo.zip + " " + order.shipTo.city, order.shipTo.country].join(", "),
  order_line: lines,
  amount_untaxed: Math.round(amount * 100) / 100,
  note: order.notes,
  priority: amount > 20000 ? "1" : "0",
};`;
const CONDITION = `input.body.event === "order.created" && input.body.order.lines.length > 10 && input.body.order.currency === "EUR"`;
const TEMPLATE = "Order {{ input.body.order.id }} from {{ input.body.order.customer.name.trim() }}: {{ input.body.order.lines.length }} lines";
const VALUE = { ref: "{{ input.body.order.id }}", lines: "{{ input.body.order.lines.length }}", note: "Received {{ input.receivedAt }}", fixed: { a: 1, b: [true, null] } };

const input = webhookPayload();
const run = { id: "00000000-0000-4000-8000-000000000001", flowId: "f", versionId: "v", environmentId: null, mode: "LIVE", businessKey: "SO-2025-001234", generation: 1, triggerKind: "webhook-trigger", startedAt: "2025-03-01T08:15:01.200Z" };

function percentiles(samples: number[]): { p50: number; p90: number; p99: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), n: sorted.length };
}

async function measure(label: string, count: number, warmup: number, once: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  const { p50, p90, p99, n } = percentiles(samples);
  console.log(`${label.padEnd(52)} p50 ${p50.toFixed(3)} ms   p90 ${p90.toFixed(3)} ms   p99 ${p99.toFixed(3)} ms   (n=${n})`);
}

async function throughput(sandbox: Sandbox, callers: number, seconds: number): Promise<void> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        await bindSandbox(sandbox, { input, run }).runScript(MAP_SCRIPT);
        done++;
      }
    }),
  );
  const rate = done / ((performance.now() - started) / 1000);
  console.log(`${`throughput, 10 KB mapping, ${callers} callers, pool of 2`.padEnd(52)} ${Math.round(rate)} mappings/s`);
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(" / ");
console.log(`Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`);
console.log(`payload: ${JSON.stringify(input).length} bytes of JSON; output of the map script: ${JSON.stringify(await createSandbox({ poolSize: 1 }).runScript(MAP_SCRIPT, { input, run })).length} bytes`);
console.log(`load average (1/5/15 min) before: ${load()}`);

const sandbox = createSandbox({ poolSize: 2 });
await measure("round trip only (expression 1, no variables)", ITERATIONS, WARMUP, () => sandbox.evaluate("1", {}));
await measure("map 10 KB payload (pool, reused hardened context)", ITERATIONS, WARMUP, () => bindSandbox(sandbox, { input, run }).runScript(MAP_SCRIPT));
await measure("expression (branch condition)", ITERATIONS, WARMUP, () => bindSandbox(sandbox, { input, run }).evaluate(CONDITION));
await measure("template, 3 placeholders", ITERATIONS, WARMUP, () => bindSandbox(sandbox, { input, run }).renderTemplate(TEMPLATE));
await measure("templated JSON value, 3 placeholders", ITERATIONS, WARMUP, () => bindSandbox(sandbox, { input, run }).renderValue(VALUE));
await throughput(sandbox, 8, 3);
await sandbox.dispose();

const freshContexts = createSandbox({ poolSize: 1, reuseContext: false });
await measure("map 10 KB payload, fresh context per evaluation", Math.min(ITERATIONS, 2000), Math.min(WARMUP, 200), () => bindSandbox(freshContexts, { input, run }).runScript(MAP_SCRIPT));
await freshContexts.dispose();

await measure("map 10 KB payload, fresh isolate per evaluation", FRESH, 10, async () => {
  const once = createSandbox({ poolSize: 1 });
  try {
    await bindSandbox(once, { input, run }).runScript(MAP_SCRIPT);
  } finally {
    await once.dispose();
  }
});
console.log(`load average (1/5/15 min) after: ${load()}`);
process.exit(0);
