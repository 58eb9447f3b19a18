// The publish clients' pool: one client per connection, a new one when the connection's settings
// change (the old one closed), a failed or broken one forgotten, all closed on worker stop.
import { describe, expect, it } from "vitest";
import { ClientPool, closePublishClients } from "./client-pool.server.ts";

type Client = { id: number; closed: boolean };

function pool() {
  let opened = 0;
  const clients = new ClientPool<Client>(async (client) => {
    client.closed = true;
  });
  const open = () => Promise.resolve<Client>({ id: ++opened, closed: false });
  return { clients, open, opened: () => opened };
}

describe("the publish client pool", () => {
  it("reuses the client of a connection, and replaces it when the settings change", async () => {
    const { clients, open, opened } = pool();
    const first = await clients.get("c1", { url: "mqtt://a" }, open);
    expect(await clients.get("c1", { url: "mqtt://a" }, open)).toBe(first);
    expect(opened()).toBe(1);
    const second = await clients.get("c1", { url: "mqtt://b" }, open);
    expect(second).not.toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(first.closed).toBe(true);
    await closePublishClients();
    expect(second.closed).toBe(true);
  });

  it("forgets a client that failed to open or broke, so the next step opens a new one", async () => {
    const { clients, open, opened } = pool();
    await expect(clients.get("c1", {}, () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    const client = await clients.get("c1", {}, open);
    await clients.drop("c1", client);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(client.closed).toBe(true);
    expect(await clients.get("c1", {}, open)).not.toBe(client);
    expect(opened()).toBe(2);
  });
});
