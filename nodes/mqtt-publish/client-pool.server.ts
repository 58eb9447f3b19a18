// One broker client per connection per worker process, shared by the publish steps (MQTT and
// AMQP): opening a connection per message would cost a TCP and TLS handshake and a login each
// time. A client is keyed by the connection's id and its settings, so an edited connection gets a
// new client (the old one is closed); a broken one is dropped and reopened by the next step. The
// worker closes them all when it stops (closePublishClients).
import { createHash } from "node:crypto";

type Entry<T> = { settings: string; client: Promise<T> };
type Closeable = { closeAll(): Promise<void> };

const pools = new Set<Closeable>();

export class ClientPool<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly close: (client: T) => Promise<void>;

  constructor(close: (client: T) => Promise<void>) {
    this.close = close;
    pools.add(this);
  }

  /** The client for the connection with these settings, opened on first use. */
  get(connectionId: string, settings: unknown, open: () => Promise<T>): Promise<T> {
    const fingerprint = createHash("sha256").update(JSON.stringify(settings)).digest("hex");
    const entry = this.entries.get(connectionId);
    if (entry?.settings === fingerprint) return entry.client;
    if (entry) this.discard(connectionId, entry);
    const fresh: Entry<T> = { settings: fingerprint, client: open() };
    this.entries.set(connectionId, fresh);
    // A failed open is forgotten, so the next step tries again.
    fresh.client.catch(() => {
      if (this.entries.get(connectionId) === fresh) this.entries.delete(connectionId);
    });
    return fresh.client;
  }

  /** Forgets (and closes) the connection's client if it is still this one: it broke. */
  async drop(connectionId: string, client: T): Promise<void> {
    const entry = this.entries.get(connectionId);
    if (!entry || (await entry.client.catch(() => null)) !== client) return;
    this.discard(connectionId, entry);
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => entry.client.then((client) => this.close(client)).catch(() => undefined)));
  }

  private discard(connectionId: string, entry: Entry<T>): void {
    this.entries.delete(connectionId);
    entry.client.then((client) => this.close(client)).catch(() => undefined);
  }
}

/** Closes every publish client of this process (worker stop). */
export async function closePublishClients(): Promise<void> {
  await Promise.all([...pools].map((pool) => pool.closeAll()));
}

/** The promise, or a rejection after `ms` ("no answer from the broker"). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the broker within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
