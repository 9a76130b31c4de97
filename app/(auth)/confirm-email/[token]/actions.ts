"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { failureFrom, type FormState } from "@/lib/server/action-result";
import { field } from "@/lib/server/actions";
import { db } from "@/lib/db";
import { confirmEmailChange } from "@/lib/domain/profile";
import { kickOutbox } from "@/lib/email/outbox-worker";
import { getCurrentUser } from "@/lib/server/session";

export async function confirmEmailChangeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let email: string;
  try {
    ({ email } = await confirmEmailChange(db, field(formData, "token")));
  } catch (error) {
    return failureFrom(error);
  }
  kickOutbox();
  const user = await getCurrentUser();
  // The banner and the header live in the root layout: have the router fetch it again.
  revalidatePath("/", "layout");
  if (!user) redirect(`/sign-in?notice=email-changed&email=${encodeURIComponent(email)}`);
  // Opened while signed in as another account: that account's address changed, not this one's.
  redirect(user.email === email ? "/account?notice=email-changed" : "/account?notice=other-email-changed");
}
