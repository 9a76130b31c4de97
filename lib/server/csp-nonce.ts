import "server-only";
import { headers } from "next/headers";

/**
 * The nonce of this page's Content-Security-Policy, as the server preload or
 * proxy.ts put it on the request (scripts/page-security-headers.cjs); Next.js
 * reads the same header for its own scripts and styles.
 */
export async function cspNonce(): Promise<string | undefined> {
  const policy = (await headers()).get("content-security-policy") ?? "";
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
}
