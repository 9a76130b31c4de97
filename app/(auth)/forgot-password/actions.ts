"use server";

import { headers } from "next/headers";
import { field, publicAction } from "@/lib/server/actions";
import { clientAddressFrom } from "@/lib/server/client-address";
import { db } from "@/lib/server/database";
import { requestPasswordReset } from "@/lib/domain/password-reset";

/** The same answer whether or not the address has an account; only a malformed address or the rate limit is refused. */
export const requestPasswordResetAction = publicAction({ echo: ["email"] }, async (formData) => {
  const { message } = await requestPasswordReset(
    db,
    { email: field(formData, "email") },
    clientAddressFrom(await headers()),
  );
  return { ok: true, data: undefined, message };
});
