"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { signIn, signOut } from "@/auth";
import { field, publicAction, userAction } from "@/lib/server/actions";
import { flash } from "@/lib/server/flash";
import { db } from "@/lib/server/database";
import { acceptInvitation, declineInvitation, signUpWithInvitation } from "@/lib/domain/invitations/invitee";

export const acceptInvitationAction = userAction(async (user, formData) => {
  const { slug, name, redirectUrl } = await acceptInvitation(db, user.id, field(formData, "token"));
  revalidatePath("/orgs", "layout");
  // An invitation made through the REST API may name where the application wants the person to land.
  if (redirectUrl) redirect(redirectUrl);
  await flash(`You joined ${name}`);
  redirect(`/orgs/${slug}`);
});

export const declineInvitationAction = userAction(async (user, formData) => {
  await declineInvitation(db, user.id, field(formData, "token"));
  redirect("/orgs?declined=1");
});

/** A new person: account, membership and accepted invitation in one transaction, then signed in. */
export const joinWithSignUpAction = publicAction({ echo: ["name"] }, async (formData) => {
  const password = field(formData, "password");
  // Queues the verification email when the link was one its inviter saw.
  const joined = await signUpWithInvitation(db, field(formData, "token"), { name: field(formData, "name"), password });
  try {
    await signIn("credentials", { email: joined.user.email, password, redirect: false });
  } catch (error) {
    // The account exists and the person is a member: only the automatic sign-in failed.
    if (error instanceof AuthError)
      redirect(`/sign-in?email=${encodeURIComponent(joined.user.email)}&callbackUrl=/orgs/${joined.slug}`);
    throw error;
  }
  redirect(joined.redirectUrl ?? `/orgs/${joined.slug}`);
});

export async function switchAccountAction(formData: FormData): Promise<void> {
  const token = field(formData, "token");
  await signOut({ redirectTo: `/invitations/${encodeURIComponent(token)}` });
}
