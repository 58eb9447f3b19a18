// A local HTTP server that stands in for an outside API in tests and benches. It records every
// request (`calls`) and, like a receiver that honours Idempotency-Key, performs each keyed side
// effect once (`effects`: the distinct keys), so a test can prove a retried or replayed step did
// not do its work twice. Its behaviour (status, failures first, delay) can change mid-test.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type SinkBehaviour = {
  /** Answer the first n requests with `failStatus` (default 503) before behaving normally. */
  failFirst?: number;
  failStatus?: number;
  /** Seconds sent as Retry-After with the failures. */
  retryAfterSeconds?: number;
  /** The normal status (default 200). */
  status?: number;
  /** The normal JSON body (default { ok: true, call: <n> }). */
  body?: unknown;
  /** Wait this long before answering each request. */
  delayMs?: number;
};

export type SinkCall = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; at: number };

export type HttpSink = {
  url: string;
  port: number;
  calls: SinkCall[];
  /** Distinct Idempotency-Key values of requests that succeeded: the side effects performed. */
  effects: string[];
  setBehaviour(behaviour: SinkBehaviour): void;
  close(): Promise<void>;
};

export async function startHttpSink(initial: SinkBehaviour = {}): Promise<HttpSink> {
  let behaviour = { ...initial };
  let failuresLeft = behaviour.failFirst ?? 0;
  const calls: SinkCall[] = [];
  const effects: string[] = [];
  const seen = new Set<string>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      calls.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const answer = () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          const headers: Record<string, string> = { "content-type": "application/json" };
          if (behaviour.retryAfterSeconds !== undefined) headers["retry-after"] = String(behaviour.retryAfterSeconds);
          res.writeHead(behaviour.failStatus ?? 503, headers).end(JSON.stringify({ error: "try again later" }));
          return;
        }
        const key = req.headers["idempotency-key"];
        if (typeof key === "string" && !seen.has(key)) {
          seen.add(key);
          effects.push(key);
        }
        res.writeHead(behaviour.status ?? 200, { "content-type": "application/json" }).end(JSON.stringify(behaviour.body ?? { ok: true, call: calls.length }));
      };
      if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    effects,
    setBehaviour(next) {
      behaviour = { ...next };
      failuresLeft = behaviour.failFirst ?? 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
