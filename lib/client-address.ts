/**
 * The client's address for per-address throttling: X-Real-IP when a reverse
 * proxy sets it, else the last X-Forwarded-For hop (the one the nearest proxy,
 * or Next.js itself, added). Anything further left is whatever the client sent.
 */
export function clientAddressFrom(headers: Headers): string | null {
  const realIp = headers.get("x-real-ip")?.trim();
  if (realIp) return realIp;
  const hops = headers.get("x-forwarded-for")?.split(",").map((hop) => hop.trim()).filter(Boolean) ?? [];
  return hops.at(-1) ?? null;
}
