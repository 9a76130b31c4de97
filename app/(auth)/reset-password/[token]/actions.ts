"use server";

import { redirect } from "next/navigation";
import { failureFrom, type FormState } from "@/lib/server/action-result";
import { field } from "@/lib/server/actions";
import { db } from "@/lib/db";
import { resetPassword } from "@/lib/domain/password-reset";
import { kickOutbox } from "@/lib/email/outbox-worker";

export async function resetPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let email: string;
  try {
    ({ email } = await resetPassword(db, field(formData, "token"), { password: field(formData, "password") }));
  } catch (error) {
    return failureFrom(error);
  }
  kickOutbox();
  redirect(`/sign-in?notice=password-reset&email=${encodeURIComponent(email)}`);
}
