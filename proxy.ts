// Security headers for every page, and the server actions' body limit. It runs
// before each page and server action (not the REST API, nor static files),
// so it stays cheap: no database, no session decoding, one random UUID. It also
// runs for any path with a percent sign, to answer malformed escapes itself.
import { NextResponse, type NextRequest } from "next/server";
import { isMalformedPath, malformedPathResponse } from "./lib/server/malformed-path";
import { numberSetting } from "./lib/settings";

/** serverActions.bodySizeLimit in next.config.js ("1mb" there): keep the two equal. */
const SERVER_ACTION_MAX_BODY_BYTES = 1024 * 1024;

const isDev = process.env.NODE_ENV === "development";

// HSTS: HSTS_MAX_AGE seconds (0 = off). Unset, it is on (one year) when the
// public URL is https, off otherwise. Browsers ignore it on plain http.
const publicUrl = process.env.APP_URL ?? process.env.AUTH_URL ?? "";
const hstsMaxAge = numberSetting("HSTS_MAX_AGE", publicUrl.startsWith("https://") ? 31_536_000 : 0);
const HSTS = hstsMaxAge > 0 ? `max-age=${Math.floor(hstsMaxAge)}` : null;

// Pages whose URL carries a secret: the token must not leave in a Referer.
const TOKEN_PAGE = /^\/(?:invitations|verify-email|reset-password|confirm-email)\/[^/]/;

function contentSecurityPolicy(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    // Next.js puts the nonce on its own scripts (it reads it from this header
    // on the request); 'strict-dynamic' lets those load the page's chunks.
    // React's development tooling needs eval; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    // Organization logos are https URLs on any host.
    "img-src 'self' https: data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

const TOO_LARGE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too large</title></head><body><h1>Too large</h1><p>What was sent is larger than this site accepts (${SERVER_ACTION_MAX_BODY_BYTES / 1024} KB). Go back and send less.</p></body></html>`;

/**
 * Whether a server action's body is over the limit: by its declared length, or
 * (chunked, no length) by counting what Next.js hands the proxy, which it
 * streams up to proxyClientMaxBodySize (next.config.js, above this limit).
 */
async function actionBodyTooLarge(request: NextRequest): Promise<boolean> {
  const declared = request.headers.get("content-length");
  if (declared !== null) return Number(declared) > SERVER_ACTION_MAX_BODY_BYTES;
  if (!request.body) return false;
  const reader = request.body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    size += value.byteLength;
    if (size > SERVER_ACTION_MAX_BODY_BYTES) return true;
  }
}

export async function proxy(request: NextRequest) {
  if (isMalformedPath(request.nextUrl.pathname)) return malformedPathResponse(request.nextUrl.pathname);
  // The REST API and Auth.js reach here only through the second matcher (a
  // percent sign in the path): their headers come from next.config.js.
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  const https = request.nextUrl.protocol === "https:";

  // A server action over the limit: Next.js would answer 500 (and reset the
  // connection mid-upload); refuse it here with a plain 413 page instead.
  if (request.method === "POST" && request.headers.has("next-action")) {
    if (await actionBodyTooLarge(request)) {
      return new NextResponse(TOO_LARGE_PAGE, {
        status: 413,
        headers: {
          "content-type": "text/html; charset=utf-8",
          "cache-control": "no-store",
          "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
          "x-content-type-options": "nosniff",
        },
      });
    }
  }

  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, https);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("x-frame-options", "DENY");
  response.headers.set("referrer-policy", TOKEN_PAGE.test(request.nextUrl.pathname) ? "no-referrer" : "strict-origin-when-cross-origin");
  if (HSTS) response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  // Not the REST API and Auth.js (their headers come from next.config.js, and the
  // proxy would buffer their bodies), nor static files.
  // The second entry: any path with a percent sign, which may be a malformed
  // escape that Next.js would answer with a bare 500 (vercel/next.js#92527).
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico).*)", "/:path(.*%.*)"],
};
