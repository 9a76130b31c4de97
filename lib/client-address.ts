/**
 * The client's address as the first hop of X-Forwarded-For (set by Next.js's
 * server, or by the reverse proxy in front of it), else X-Real-IP.
 */
export function clientAddressFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
