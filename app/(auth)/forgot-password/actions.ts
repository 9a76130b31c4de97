"use server";

import { headers } from "next/headers";
import { failureFrom, type FormState } from "@/lib/server/action-result";
import { field } from "@/lib/server/actions";
import { clientAddressFrom } from "@/lib/server/client-address";
import { db } from "@/lib/db";
import { requestPasswordReset } from "@/lib/domain/password-reset";
import { kickOutbox } from "@/lib/email/outbox-worker";

/** The same answer whether or not the address has an account; only a malformed address or the rate limit is refused. */
export async function requestPasswordResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const email = field(formData, "email");
  try {
    const { message } = await requestPasswordReset(db, { email }, clientAddressFrom(await headers()));
    kickOutbox();
    return { ok: true, data: undefined, message };
  } catch (error) {
    return failureFrom(error, { email });
  }
}
