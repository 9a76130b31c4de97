"use client";

import { requestEmailChangeAction } from "@/app/(app)/account/actions";
import { ActionForm } from "@/components/ui/action-form";
import { CurrentPasswordField, EmailField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ChangeEmailForm() {
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const form = useForm(requestEmailChangeAction, ["newEmail", "password"], { toast: true });
  // After a refusal both fields keep what was typed, except a password that was itself wrong; after a success it starts empty.
  return (
    <ActionForm form={form} className="mt-5 max-w-lg space-y-4">
      <EmailField label="New email address" {...form.field("newEmail")} defaultValue={form.value("newEmail")} />
      <CurrentPasswordField
        label="Current password"
        {...form.field("password")}
        hint="To make sure it is you."
        defaultValue={form.secret("password")}
      />
      <SubmitButton pendingLabel="Sending link…">Send confirmation link</SubmitButton>
    </ActionForm>
  );
}
