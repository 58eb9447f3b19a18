// Which IP addresses the HTTP node may call. Only globally routable unicast addresses pass unless
// the environment allows private networks (an admin setting on the Environments page): loopback,
// RFC 1918 private ranges, link-local (including the cloud metadata address 169.254.169.254),
// IPv6 unique-local, multicast, unspecified, carrier-grade NAT and the reserved/documentation
// ranges are refused. IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it maps.
import ipaddr from "ipaddr.js";
import { BusinessError } from "../engine/errors.ts";

const RANGE_LABELS: Record<string, string> = {
  loopback: "loopback",
  private: "private network",
  linkLocal: "link-local",
  uniqueLocal: "unique-local (private IPv6)",
  multicast: "multicast",
  broadcast: "broadcast",
  unspecified: "unspecified",
  carrierGradeNat: "carrier-grade NAT",
};

/** The range an address falls in ("unicast" for a public address); null if it is not an IP address. */
export function addressRange(address: string): string | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return null;
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range();
}

/** True if calls to this address are refused unless the environment allows private networks. */
export function isRefusedAddress(address: string): boolean {
  const range = addressRange(address);
  return range !== null && range !== "unicast";
}

/** The step error for a refused address, naming the host, the address and its range. */
export function refusedAddressError(host: string, address: string): BusinessError {
  const range = addressRange(address) ?? "special";
  const label = RANGE_LABELS[range] ?? `reserved (${range})`;
  const where = host === address ? address : `${host} (${address})`;
  return new BusinessError(
    `${where} is a ${label} address, and this environment does not allow calls to private network addresses. ` +
      "An administrator can allow them on the Environments page.",
    { code: "http-private-address", details: { host, address, range } },
  );
}
