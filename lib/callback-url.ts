/** Only relative paths on this site: an open redirect through callbackUrl is refused. */
export function safeCallbackUrl(value: unknown, fallback = "/orgs"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}
