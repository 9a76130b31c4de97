"use client";

import { updateNameAction } from "@/app/(app)/account/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ProfileForm({ name }: { name: string }) {
  const form = useForm(updateNameAction, ["name"], { toast: true });
  // React resets a form after its action: remount it with the submitted (or saved) value.
  return (
    <form action={form.action} className="mt-5 max-w-lg space-y-4" noValidate key={form.key}>
      <FormMessage {...form.message} />
      <Field
        label="Name"
        {...form.field("name")}
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={form.value("name", name)}
      />
      <SubmitButton pendingLabel="Saving…">Save name</SubmitButton>
    </form>
  );
}
