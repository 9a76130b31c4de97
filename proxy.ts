// The server actions' body limit, malformed percent escapes, and the page
// security headers for a server started without the preload. `npm start` and
// `npm run dev` load scripts/page-security-headers.cjs into every server
// process, which gives each page its headers and nonce before Next.js sees the
// request (microseconds) and marks it, so the matcher below skips this proxy
// for those pages: running it costs each page Next.js's proxy round trip.
// It runs for server actions (the 413 check) and any path with a percent sign.
import { NextResponse, type NextRequest } from "next/server";
import { isMalformedPath, malformedPathResponse } from "./lib/server/malformed-path";
import pageSecurityHeaders from "./scripts/page-security-headers.cjs";

/** serverActions.bodySizeLimit in next.config.js ("1mb" there): keep the two equal. */
const SERVER_ACTION_MAX_BODY_BYTES = 1024 * 1024;

const isDev = process.env.NODE_ENV === "development";
// HSTS_MAX_AGE, read when the server starts (see page-security-headers.cjs).
const HSTS = pageSecurityHeaders.hstsHeader(process.env);

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

  // The preload already gave this page its headers (only a server action or a
  // path with a percent sign brings a marked request here).
  if (request.headers.has(pageSecurityHeaders.PAGE_HEADERS_MARKER)) return NextResponse.next();
  const { csp, headers } = pageSecurityHeaders.pageHeaders(request.nextUrl.pathname, { https, dev: isDev, hsts: HSTS });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Pages the preload did not stamp (a server started without it).
    {
      source: "/((?!api/|_next/static|_next/image|favicon\\.ico).*)",
      missing: [{ type: "header", key: "x-orgs-page-headers" }],
    },
    // Server actions, for their body limit.
    { source: "/((?!api/|_next/static|_next/image|favicon\\.ico).*)", has: [{ type: "header", key: "next-action" }] },
    // Any path with a percent sign, which may be a malformed escape that
    // Next.js would answer with a bare 500 (vercel/next.js#92527).
    "/:path(.*%.*)",
  ],
};
