import { redirect } from "next/navigation";
import { getCurrentUser, safeCallbackUrl } from "@/lib/server/session";

/**
 * The sign-in and sign-up pages' query and where to go once signed in (the
 * safe callbackUrl): a person already signed in goes straight there.
 */
export async function redirectSignedIn(searchParams: Promise<Record<string, string | string[]>>) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return { params, callbackUrl };
}
