"use client";

import Link from "next/link";
import { resetPasswordAction } from "@/app/(auth)/reset-password/[token]/actions";
import { ActionForm } from "@/components/ui/action-form";
import { NewPasswordField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const form = useForm(resetPasswordAction);
  const linkDead = form.failed && !form.failed.fieldErrors;
  return (
    <ActionForm form={form} className="space-y-5">
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers store the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {linkDead ? (
        <Link href="/forgot-password" className="block text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          Ask for a new reset email
        </Link>
      ) : (
        <>
          <NewPasswordField
            label="New password"
            autoFocus
            error={form.failed?.fieldErrors?.password}
            defaultValue={form.secret("password")}
          />
          <SubmitButton pendingLabel="Saving…" className="w-full">
            Set new password
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
