"use client";

import { changePasswordAction } from "@/app/(app)/account/actions";
import { ActionForm } from "@/components/ui/action-form";
import { CurrentPasswordField, NewPasswordField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ChangePasswordForm({ email }: { email: string }) {
  const form = useForm(changePasswordAction, ["currentPassword", "newPassword"], { toast: true });
  // After a refusal the form keeps both passwords (in this browser only: the server never echoes them),
  // except the one refused: a wrong current password is cleared, the new one stays.
  return (
    <ActionForm form={form} className="mt-5 max-w-lg space-y-4">
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <CurrentPasswordField
        label="Current password"
        {...form.field("currentPassword")}
        defaultValue={form.secret("currentPassword")}
      />
      <NewPasswordField label="New password" {...form.field("newPassword")} defaultValue={form.secret("newPassword")} />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </ActionForm>
  );
}
