"use server";

import { AuthError } from "next-auth";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/auth";
import { field, userAction } from "@/lib/server/actions";
import { flash } from "@/lib/server/flash";
import { db } from "@/lib/server/database";
import { deleteAccount } from "@/lib/domain/delete-account";
import { requestEmailVerification } from "@/lib/domain/email-verification";
import { changePassword, requestEmailChange, signOutEverywhere, updateName } from "@/lib/domain/profile";
import { revokeSession } from "@/lib/domain/sessions";
import { getSessionClaims } from "@/lib/server/session";

export const updateNameAction = userAction({ echo: ["name"] }, async (user, formData) => {
  await updateName(db, user.id, { name: field(formData, "name") });
  revalidatePath("/", "layout");
  return { ok: true, data: undefined, message: "Name saved." };
});

export const changePasswordAction = userAction(async (user, formData) => {
  const newPassword = field(formData, "newPassword");
  await changePassword(db, user.id, { currentPassword: field(formData, "currentPassword"), newPassword });
  // Every session issued before the change has ended, this one too: sign this browser in again under
  // the new version, and load the page afresh so it reads the new session.
  await flash("Password changed. Your other sessions were signed out.");
  try {
    await signIn("credentials", {
      email: user.email,
      password: newPassword,
      redirectTo: "/account?notice=password-changed",
    });
  } catch (error) {
    if (error instanceof AuthError) redirect(`/sign-in?callbackUrl=%2Faccount&email=${encodeURIComponent(user.email)}`);
    throw error;
  }
  return { ok: true, data: undefined };
});

export const requestEmailChangeAction = userAction({ echo: ["newEmail"] }, async (user, formData) => {
  const { newEmail } = await requestEmailChange(db, user.id, {
    newEmail: field(formData, "newEmail"),
    password: field(formData, "password"),
  });
  revalidatePath("/account");
  return {
    ok: true,
    data: undefined,
    message: `We sent a link to ${newEmail}. Your email address changes when you open it; until then it stays ${user.email}.`,
  };
});

export const resendVerificationAction = userAction(async (user) => {
  const { email, alreadyVerified } = await requestEmailVerification(db, user.id);
  if (alreadyVerified) {
    revalidatePath("/", "layout");
    return { ok: true, data: undefined, message: `${email} is already verified.` };
  }
  return { ok: true, data: undefined, message: `Sent. Check your inbox at ${email}; the new link works for 24 hours.` };
});

export const signOutEverywhereAction = userAction(async (user) => {
  await signOutEverywhere(db, user.id);
  await flash("Every session of your account was signed out, this one included.");
  await signOut({ redirectTo: "/sign-in?notice=signed-out-everywhere" });
  return { ok: true, data: undefined };
});

/** Ends one of the account's sessions; ending this browser's own signs it out here too. */
export const revokeSessionAction = userAction(async (user, formData) => {
  const { id } = await revokeSession(db, user.id, formData.get("sessionId"));
  if (id === (await getSessionClaims())?.sessionId) {
    await flash("This device was signed out.");
    await signOut({ redirectTo: "/sign-in" });
  }
  revalidatePath("/account");
  return { ok: true, data: undefined, message: "That session was signed out." };
});

export const deleteAccountAction = userAction({ echo: ["confirm"] }, async (user, formData) => {
  await deleteAccount(db, user.id, { confirm: field(formData, "confirm") });
  await signOut({ redirectTo: "/account-deleted" });
  return { ok: true, data: undefined };
});
