// The network policy's address rules: only public unicast addresses pass by default.
import { describe, expect, it } from "vitest";
import { isRefusedAddress, refusedAddressError } from "./address-policy.ts";

describe("isRefusedAddress", () => {
  const refused = [
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["192.168.1.20", "private"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.10", "documentation"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fe80::1", "IPv6 link-local"],
    ["fd12:3456::1", "IPv6 unique-local"],
    ["ff02::1", "IPv6 multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback in hex"],
    ["::ffff:10.1.2.3", "IPv4-mapped private"],
    ["[::1]", "bracketed, as in URLs"],
  ];
  for (const [address, why] of refused) it(`refuses ${address} (${why})`, () => expect(isRefusedAddress(address as string)).toBe(true));

  for (const address of ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
    it(`allows the public address ${address}`, () => expect(isRefusedAddress(address)).toBe(false));

  it("leaves host names to the resolver", () => expect(isRefusedAddress("api.example.com")).toBe(false));
});

describe("refusedAddressError", () => {
  it("names the host, the address and its range, and where an admin can allow it", () => {
    const error = refusedAddressError("intranet.plant", "10.0.0.7");
    expect(error.errorClass).toBe("business");
    expect(error.code).toBe("http-private-address");
    expect(error.message).toBe(
      "intranet.plant (10.0.0.7) is a private network address, and this environment does not allow calls to private network addresses. An administrator can allow them on the Environments page.",
    );
  });
});
