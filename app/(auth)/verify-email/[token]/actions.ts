"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { field, publicAction } from "@/lib/server/actions";
import { db } from "@/lib/server/database";
import { verifyEmail } from "@/lib/domain/email-verification";
import { getCurrentUser } from "@/lib/server/session";

export const verifyEmailAction = publicAction(async (formData) => {
  const { email } = await verifyEmail(db, field(formData, "token"));
  // A fresh page load shows the outcome (and drops the banner); the link itself now reads "used".
  const user = await getCurrentUser();
  // The banner and the header live in the root layout: have the router fetch it again.
  revalidatePath("/", "layout");
  if (!user) redirect(`/sign-in?notice=email-verified&email=${encodeURIComponent(email)}`);
  // A link of another account (opened while signed in as someone else) verified that account, not this one.
  redirect(user.email === email ? "/account?notice=email-verified" : "/account?notice=other-email-verified");
});
