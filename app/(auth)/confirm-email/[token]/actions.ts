"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { field, publicAction } from "@/lib/server/actions";
import { db } from "@/lib/server/database";
import { confirmEmailChange } from "@/lib/domain/profile";
import { getCurrentUser } from "@/lib/server/session";

export const confirmEmailChangeAction = publicAction(async (formData) => {
  const { email } = await confirmEmailChange(db, field(formData, "token"));
  const user = await getCurrentUser();
  // The banner and the header live in the root layout: have the router fetch it again.
  revalidatePath("/", "layout");
  if (!user) redirect(`/sign-in?notice=email-changed&email=${encodeURIComponent(email)}`);
  // Opened while signed in as another account: that account's address changed, not this one's.
  redirect(user.email === email ? "/account?notice=email-changed" : "/account?notice=other-email-changed");
});
