"use server";

import { revalidatePath } from "next/cache";
import { failureFrom, type FormState } from "@/lib/action-result";
import { field } from "@/lib/actions";
import { db } from "@/lib/db";
import { verifyEmail } from "@/lib/domain/email-verification";

export async function verifyEmailAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const { email } = await verifyEmail(db, field(formData, "token"));
    revalidatePath("/", "layout");
    return { ok: true, data: undefined, message: `${email} is verified. Thank you.` };
  } catch (error) {
    return failureFrom(error);
  }
}
