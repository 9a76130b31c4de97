"use server";

import { field, publicAction } from "@/lib/server/actions";
import { db } from "@/lib/server/database";
import { verifyEmail } from "@/lib/domain/email-verification";
import { redirectAfterEmailLink } from "@/lib/server/email-links";

// A fresh page load shows the outcome (and drops the banner); the link itself now reads "used".
export const verifyEmailAction = publicAction(async (formData) => {
  const { email } = await verifyEmail(db, field(formData, "token"));
  return redirectAfterEmailLink(email, "email-verified");
});
