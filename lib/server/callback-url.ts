const BASE = "http://callback.invalid";

/**
 * Only paths on this site. The input is checked, and so is what comes out:
 * URL normalization turns dot segments into slashes ("/../..//evil.example"
 * and "/%2e//evil.example" both become "//evil.example", a host to a
 * browser), so the returned path must itself start with exactly one "/",
 * carry no backslash or control character, and parse back to this origin.
 * Anything else (absolute URLs, "//host", "/\\host", tabs and newlines that
 * browsers strip) falls back.
 */
export function safeCallbackUrl(value: unknown, fallback = "/orgs"): string {
  if (typeof value !== "string" || value.length > 2048 || !isLocalPath(value)) return fallback;
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    return isLocalPath(path) && new URL(path, BASE).origin === BASE ? path : fallback;
  } catch {
    return fallback;
  }
}

/** "/" then anything but a second "/" or "\\", and no backslash or C0/C1 control anywhere. */
function isLocalPath(value: string): boolean {
  return /^\/(?![/\\])/.test(value) && !/[\u0000-\u001f\u007f-\u009f\\]/.test(value);
}
