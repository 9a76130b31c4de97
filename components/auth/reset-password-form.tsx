"use client";

import Link from "next/link";
import { useActionState } from "react";
import { resetPasswordAction } from "@/app/(auth)/reset-password/[token]/actions";
import { NewPasswordField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(resetPasswordAction, null);
  const failed = state && !state.ok ? state : null;
  const linkDead = failed && !failed.fieldErrors;
  return (
    <form action={action} className="space-y-5" noValidate key={failed ? failed.error : "initial"}>
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers store the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormMessage error={linkDead ? failed.error : undefined} />
      {linkDead ? (
        <Link href="/forgot-password" className="block text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          Ask for a new reset email
        </Link>
      ) : (
        <>
          <NewPasswordField label="New password" autoFocus error={failed?.fieldErrors?.password} />
          <SubmitButton pendingLabel="Saving…" className="w-full">
            Set new password
          </SubmitButton>
        </>
      )}
    </form>
  );
}
