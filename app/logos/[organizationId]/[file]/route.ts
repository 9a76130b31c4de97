// An uploaded organization logo, at the path organizations.logo_url holds
// (lib/domain/organizations/logo.ts). The path names the content's hash, so
// an answer never changes: browsers and proxies keep it for a year.
import { db } from "@/lib/server/database";
import { readOrganizationLogo } from "@/lib/domain/organizations/logo";
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
  reportDatabaseUnavailable,
} from "@/lib/database-unavailable";

// The page headers (Content-Security-Policy, X-Frame-Options, nosniff) come as
// for every path outside /api (scripts/page-security-headers.cjs, proxy.ts).
const COMMON_HEADERS = {
  "x-content-type-options": "nosniff",
  // Applications using the REST API show image_url on their own pages.
  "cross-origin-resource-policy": "cross-origin",
};

function notFound(): Response {
  return new Response("Not found", {
    status: 404,
    headers: { ...COMMON_HEADERS, "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

export async function GET(
  request: Request,
  { params }: { params: Promise<{ organizationId: string; file: string }> },
): Promise<Response> {
  const { organizationId, file } = await params;
  let logo;
  try {
    logo = await readOrganizationLogo(db, organizationId, file);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    reportDatabaseUnavailable("logo", error);
    return new Response("Temporarily unavailable", {
      status: 503,
      headers: { ...COMMON_HEADERS, "retry-after": String(DATABASE_RETRY_AFTER_SECONDS), "cache-control": "no-store" },
    });
  }
  if (!logo) return notFound();
  const etag = `"${logo.hash}"`;
  const headers = {
    ...COMMON_HEADERS,
    "cache-control": "public, max-age=31536000, immutable",
    etag,
    "last-modified": logo.updatedAt.toUTCString(),
  };
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(new Uint8Array(logo.content), {
    headers: { ...headers, "content-type": logo.contentType, "content-length": String(logo.content.byteLength) },
  });
}
