"use client";

import { useActionState } from "react";
import { updateNameAction } from "@/app/(app)/account/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function ProfileForm({ name }: { name: string }) {
  const [state, action] = useActionState(updateNameAction, null);
  const failed = state && !state.ok ? state : null;
  const values = failed?.values ?? { name };
  // React resets a form after its action: remount it with the submitted (or saved) value.
  const key = JSON.stringify(values) + (state?.ok ? "saved" : "");
  return (
    <form action={action} className="mt-5 max-w-lg space-y-4" noValidate key={key}>
      <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} success={state?.ok ? state.message : undefined} />
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        required
        maxLength={100}
        autoFocus={Boolean(failed?.fieldErrors?.name)}
        defaultValue={values.name}
        error={failed?.fieldErrors?.name}
      />
      <SubmitButton pendingLabel="Saving…">Save name</SubmitButton>
    </form>
  );
}
