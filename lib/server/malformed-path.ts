// A request path with a percent sign that does not start a valid UTF-8 escape
// ("/v1/users/%", "/orgs/%E0%A4%A"). Next.js answers such a path on a dynamic
// route with a bare 500 before any of the app's code runs (vercel/next.js#92527),
// so the proxy answers it first: 404, since no page or resource has such a name.
export function isMalformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

const API_PREFIX = "/api/v1/";

/** The answer for a malformed path: Clerk's envelope under the REST API, a plain 404 elsewhere. */
export function malformedPathResponse(pathname: string): Response {
  const message = "The path is not valid: a percent sign must start an escape such as %20 or %25.";
  if (pathname.startsWith(API_PREFIX)) {
    const traceId = crypto.randomUUID().replace(/-/g, "").slice(0, 24);
    const body = JSON.stringify({
      errors: [{ code: "resource_not_found", message: "not found", long_message: message, meta: {} }],
      clerk_trace_id: traceId,
    });
    return new Response(body, {
      status: 404,
      headers: { "content-type": "application/json", "cache-control": "no-store", "x-trace-id": traceId },
    });
  }
  return new Response(`Not found. ${message}\n`, {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
