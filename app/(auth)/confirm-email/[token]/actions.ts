"use server";

import { field, publicAction } from "@/lib/server/actions";
import { db } from "@/lib/server/database";
import { confirmEmailChange } from "@/lib/domain/profile";
import { redirectAfterEmailLink } from "@/lib/server/email-links";

export const confirmEmailChangeAction = publicAction(async (formData) => {
  const { email } = await confirmEmailChange(db, field(formData, "token"));
  return redirectAfterEmailLink(email, "email-changed");
});
