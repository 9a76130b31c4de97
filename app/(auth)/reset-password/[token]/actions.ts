"use server";

import { redirect } from "next/navigation";
import { field, publicAction } from "@/lib/server/actions";
import { db } from "@/lib/server/database";
import { resetPassword } from "@/lib/domain/password-reset";

export const resetPasswordAction = publicAction(async (formData) => {
  const { email } = await resetPassword(db, field(formData, "token"), { password: field(formData, "password") });
  redirect(`/sign-in?notice=password-reset&email=${encodeURIComponent(email)}`);
});
