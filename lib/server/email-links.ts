import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getCurrentUser } from "./session";

/**
 * Where a used emailed link (verification, email change) lands: the account
 * page saying `notice` ("other-<notice>" when the link was another account's,
 * opened while signed in as this one), or sign-in when signed out. The banner
 * and the header live in the root layout: the router fetches it again.
 */
export async function redirectAfterEmailLink(
  email: string,
  notice: "email-verified" | "email-changed",
): Promise<never> {
  const user = await getCurrentUser();
  revalidatePath("/", "layout");
  if (!user) redirect(`/sign-in?notice=${notice}&email=${encodeURIComponent(email)}`);
  redirect(user.email === email ? `/account?notice=${notice}` : `/account?notice=other-${notice}`);
}
