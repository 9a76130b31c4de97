"use client";

import { changePasswordAction } from "@/app/(app)/account/actions";
import { Field, NewPasswordField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ChangePasswordForm({ email }: { email: string }) {
  const form = useForm(changePasswordAction, ["currentPassword", "newPassword"], { toast: true });
  const { failed, state } = form;
  // Passwords are never echoed back: after any answer the form starts empty.
  const key = state ? ((state.ok ? state.message : failed!.error) ?? "done") : "initial";
  return (
    <form action={form.action} className="mt-5 max-w-lg space-y-4" noValidate key={key}>
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormMessage {...form.message} />
      <Field
        label="Current password"
        {...form.field("currentPassword")}
        type="password"
        autoComplete="current-password"
        required
      />
      <NewPasswordField label="New password" {...form.field("newPassword")} />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}
