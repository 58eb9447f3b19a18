// Tiny clients for the test server's own tests: one execute_kw or JSON-2 call, the raw answer back.
import type { OdooSim } from "./index.ts";

export type RpcAnswer = { status: number; body: { jsonrpc?: string; id?: unknown; result?: unknown; error?: { code: number; message: string; data: { name: string; message: string; arguments: unknown[]; debug: string } } } };

export async function executeKw(sim: OdooSim, model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>, options: { as?: "admin" | "user"; password?: string; signal?: AbortSignal } = {}): Promise<RpcAnswer> {
  const who = sim[options.as ?? "admin"];
  const params = { service: "object", method: "execute_kw", args: [sim.database, who.uid, options.password ?? who.password, model, method, args, ...(kwargs ? [kwargs] : [])] };
  const response = await fetch(`${sim.url}/jsonrpc`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", method: "call", params, id: 1 }), signal: options.signal,
  });
  const text = await response.text();
  return { status: response.status, body: response.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : { text } };
}

// The result of a successful execute_kw; throws with Odoo's message otherwise.
export async function call<T = unknown>(sim: OdooSim, model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>, as: "admin" | "user" = "admin"): Promise<T> {
  const answer = await executeKw(sim, model, method, args, kwargs, { as });
  if (answer.body.error) throw new Error(`${answer.body.error.data.name}: ${answer.body.error.data.message}`);
  return answer.body.result as T;
}

export async function json2(sim: OdooSim, model: string, method: string, body: Record<string, unknown>, as: "admin" | "user" = "admin"): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sim.url}/json/2/${model}/${method}`, {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: `bearer ${sim[as].apiKey}` }, body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* HTML bodies stay text */ }
  return { status: response.status, body: parsed };
}
