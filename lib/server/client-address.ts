/**
 * The internal request header that carries the client's address. Only the
 * server's preload (scripts/trusted-client-address.cjs, loaded by `npm start`
 * and `npm run dev`) sets it, from the TCP peer and the proxies the operator
 * declared, after removing any copy the client sent. Keep the two names equal.
 */
export const CLIENT_ADDRESS_HEADER = "x-orgs-client-address";

let warned = false;

/**
 * The client's address for per-address throttling, or null when the server
 * was started without the preload (e.g. `next start` by hand): then only the
 * per-account limits apply. X-Forwarded-For and X-Real-IP are never read here:
 * the client can send them. IPv6 addresses count per /64, the block one
 * subscriber usually gets, so rotating through it does not reset a limit.
 */
export function clientAddressFrom(headers: Headers): string | null {
  const address = headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  if (!address) {
    if (!warned) {
      warned = true;
      console.warn(
        "[security] no client address on requests: start the server with `npm start` (or node --require ./scripts/client-address-preload.cjs); per-address limits are off until then",
      );
    }
    return null;
  }
  return address.includes(":") ? ipv6Prefix64(address) : address;
}

/** "2001:db8:1:2:3::4" -> "2001:db8:1:2::/64". */
function ipv6Prefix64(address: string): string {
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  const prefix = groups.slice(0, 4).map((group) => (group ? group.replace(/^0+(?=.)/, "") : "0"));
  while (prefix.length < 4) prefix.push("0");
  return `${prefix.join(":")}::/64`;
}
