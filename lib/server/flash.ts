import "server-only";
import { cookies } from "next/headers";
import { FLASH_COOKIE, type Flash } from "../flash";

/**
 * Shows `message` as a toast on the page this action redirects to (see
 * lib/flash.ts). Readable by the page's script, which clears it; it lasts a
 * minute at most if no page picks it up.
 */
export async function flash(message: string, kind: Flash["kind"] = "success"): Promise<void> {
  (await cookies()).set(FLASH_COOKIE, JSON.stringify({ kind, message } satisfies Flash), {
    path: "/",
    maxAge: 60,
    sameSite: "lax",
    httpOnly: false,
  });
}
