"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { signIn, signOut } from "@/auth";
import type { FormState } from "@/lib/server/action-result";
import { field, publicAction } from "@/lib/server/actions";
import { clientAddressFrom } from "@/lib/server/client-address";
import { db } from "@/lib/server/database";
import { endSession } from "@/lib/domain/sessions";
import { tooManyAttempts } from "@/lib/domain/throttle";
import { signUp, WRONG_CREDENTIALS } from "@/lib/domain/users";
import { getSessionClaims, safeCallbackUrl } from "@/lib/server/session";

function signInFailure(error: AuthError, email: string): FormState {
  if (error.type !== "CredentialsSignin") {
    console.error("[auth] sign-in failed:", error);
    return { ok: false, error: "Signing in failed on our side. Try again in a moment.", values: { email } };
  }
  const code = (error as AuthError & { code?: string }).code ?? "";
  if (code.startsWith("throttled:")) {
    const seconds = Number(code.slice("throttled:".length)) || 60;
    return { ok: false, error: tooManyAttempts(new Date(Date.now() + seconds * 1000)).message, values: { email } };
  }
  return { ok: false, error: WRONG_CREDENTIALS, values: { email } };
}

/** Signs in; on success Auth.js sets the session cookie and throws Next's redirect to the (safe) callback URL. */
async function signInAndGo(email: string, password: string, callbackUrl: unknown): Promise<FormState> {
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallbackUrl(callbackUrl) });
  } catch (error) {
    if (error instanceof AuthError) return signInFailure(error, email);
    throw error;
  }
  return null;
}

export const signInAction = publicAction(async (formData) => {
  const email = field(formData, "email");
  const password = field(formData, "password");
  if (!email.trim() || !password) {
    return {
      ok: false,
      error: "Enter your email and password.",
      fieldErrors: {
        ...(email.trim() ? {} : { email: "Enter your email address." }),
        ...(password ? {} : { password: "Enter your password." }),
      },
      values: { email },
    };
  }
  return signInAndGo(email, password, formData.get("callbackUrl"));
});

export const signUpAction = publicAction({ echo: ["name", "email"] }, async (formData) => {
  const email = field(formData, "email");
  const password = field(formData, "password");
  await signUp(db, { name: field(formData, "name"), email, password }, clientAddressFrom(await headers()));
  return signInAndGo(email, password, formData.get("callbackUrl"));
});

export async function signOutAction(): Promise<void> {
  // Ended here, so a failure shows (Auth.js's signOut event ends it too, but swallows errors).
  const claims = await getSessionClaims();
  if (claims?.sessionId) await endSession(db, claims.userId, claims.sessionId);
  await signOut({ redirectTo: "/" });
}
