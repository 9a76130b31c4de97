"use client";

import { useActionState } from "react";
import { requestEmailChangeAction } from "@/app/(app)/account/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function ChangeEmailForm() {
  const [state, action] = useActionState(requestEmailChangeAction, null);
  const failed = state && !state.ok ? state : null;
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const firstError = failed ? (["newEmail", "password"] as const).find((name) => failed.fieldErrors?.[name]) : undefined;
  const key = failed ? JSON.stringify(failed.values ?? {}) + failed.error : state?.ok ? state.message : "initial";
  return (
    <form action={action} className="mt-5 max-w-lg space-y-4" noValidate key={key}>
      <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} success={state?.ok ? state.message : undefined} />
      <Field
        label="New email address"
        name="newEmail"
        type="email"
        autoComplete="email"
        required
        autoFocus={firstError === "newEmail"}
        defaultValue={failed?.values?.newEmail ?? ""}
        error={failed?.fieldErrors?.newEmail}
      />
      <Field
        label="Current password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus={firstError === "password"}
        hint="To make sure it is you."
        error={failed?.fieldErrors?.password}
      />
      <SubmitButton pendingLabel="Sending link…">Send confirmation link</SubmitButton>
    </form>
  );
}
