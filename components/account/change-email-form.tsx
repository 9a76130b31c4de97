"use client";

import { requestEmailChangeAction } from "@/app/(app)/account/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ChangeEmailForm() {
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const form = useForm(requestEmailChangeAction, ["newEmail", "password"], { toast: true });
  // After a refusal both fields keep what was typed, except a password that was itself wrong; after a success it starts empty.
  return (
    <form action={form.action} className="mt-5 max-w-lg space-y-4" noValidate key={form.key}>
      <FormMessage {...form.message} />
      <Field
        label="New email address"
        {...form.field("newEmail")}
        type="email"
        autoComplete="email"
        required
        defaultValue={form.value("newEmail")}
      />
      <Field
        label="Current password"
        {...form.field("password")}
        type="password"
        autoComplete="current-password"
        required
        hint="To make sure it is you."
        defaultValue={form.secret("password")}
      />
      <SubmitButton pendingLabel="Sending link…">Send confirmation link</SubmitButton>
    </form>
  );
}
