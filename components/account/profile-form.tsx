"use client";

import { updateNameAction } from "@/app/(app)/account/actions";
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ProfileForm({ name }: { name: string }) {
  const form = useForm(updateNameAction, ["name"], { toast: true });
  // React resets a form after its action: it remounts with the submitted (or saved) value.
  return (
    <ActionForm form={form} className="mt-5 max-w-lg space-y-4">
      <Field
        label="Name"
        {...form.field("name")}
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={form.value("name", name)}
      />
      <SubmitButton pendingLabel="Saving…">Save name</SubmitButton>
    </ActionForm>
  );
}
