// The settings page's logo upload (components/organizations/logo-upload.tsx).
// A route handler rather than a server action: actions share one body limit
// (1 MB, next.config.js and proxy.ts), and only this upload needs 10 MB.
// Signed in by the session cookie, like a server action, and checked the same
// way (runOrgAction, then the domain again under the organization's lock).
import { revalidatePath } from "next/cache";
import { db } from "@/lib/server/database";
import { runOrgAction, SIGNED_OUT_MESSAGE } from "@/lib/server/action-core";
import type { ActionResult } from "@/lib/server/action-result";
import { getCurrentUser } from "@/lib/server/session";
import { ApiError } from "@/lib/api/http";
import { LOGO_UPLOAD_MAX_BODY_BYTES, readUploadedFile } from "@/lib/api/upload";
import { setOrganizationLogo } from "@/lib/domain/organizations/logo";
import { LOGO_TOO_LARGE_MESSAGE } from "@/lib/validation/logo";

type Params = { org: string };

function answer(status: number, body: ActionResult<{ logoUrl: string }>): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * Cookies ride along on cross-site requests a page elsewhere makes: the
 * upload must come from this site's own pages (Next.js checks server actions
 * the same way, by the Origin header against the host).
 */
function fromThisSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host.split(",")[0]!.trim();
  } catch {
    return false;
  }
}

export async function POST(request: Request, { params }: { params: Promise<Params> }): Promise<Response> {
  if (!fromThisSite(request)) return answer(403, { ok: false, error: "Upload the logo from the settings page." });
  const { org } = await params;
  const user = await getCurrentUser();
  if (!user) return answer(401, { ok: false, error: SIGNED_OUT_MESSAGE });
  let bytes: Uint8Array;
  try {
    ({ bytes } = await readUploadedFile(request, "file", LOGO_UPLOAD_MAX_BODY_BYTES));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return answer(error.status, { ok: false, error: error.status === 413 ? LOGO_TOO_LARGE_MESSAGE : error.message });
  }
  const result = await runOrgAction(db, user, "org:update", org, async ({ user: actor, organization }) => {
    const { logoUrl } = await setOrganizationLogo(db, actor.id, organization.id, bytes);
    return { ok: true, data: { logoUrl }, message: "Logo updated." };
  });
  if (!result.ok) return answer(400, result);
  revalidatePath("/orgs", "layout");
  return answer(200, result);
}
