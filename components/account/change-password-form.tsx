"use client";

import { useActionState } from "react";
import { changePasswordAction } from "@/app/(app)/account/actions";
import { Field, NewPasswordField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function ChangePasswordForm({ email }: { email: string }) {
  const [state, action] = useActionState(changePasswordAction, null);
  const failed = state && !state.ok ? state : null;
  const firstError = failed ? (["currentPassword", "newPassword"] as const).find((name) => failed.fieldErrors?.[name]) : undefined;
  // Passwords are never echoed back: after any answer the form starts empty.
  const key = state ? (state.ok ? state.message : failed!.error) ?? "done" : "initial";
  return (
    <form action={action} className="mt-5 max-w-lg space-y-4" noValidate key={key}>
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} success={state?.ok ? state.message : undefined} />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        autoFocus={firstError === "currentPassword"}
        error={failed?.fieldErrors?.currentPassword}
      />
      <NewPasswordField label="New password" name="newPassword" autoFocus={firstError === "newPassword"} error={failed?.fieldErrors?.newPassword} />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}
