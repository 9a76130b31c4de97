"use server";

import { revalidatePath } from "next/cache";
import { failureFrom, type FormState } from "@/lib/action-result";
import { field } from "@/lib/actions";
import { db } from "@/lib/db";
import { confirmEmailChange } from "@/lib/domain/profile";
import { kickOutbox } from "@/lib/email/outbox-worker";

export async function confirmEmailChangeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const { email } = await confirmEmailChange(db, field(formData, "token"));
    kickOutbox();
    revalidatePath("/", "layout");
    return { ok: true, data: undefined, message: `Your email address is now ${email}. Sign in with it from now on.` };
  } catch (error) {
    return failureFrom(error);
  }
}
