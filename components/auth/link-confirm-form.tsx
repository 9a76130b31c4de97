"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/server/action-result";

/**
 * The one button on a page reached from an emailed link. The link is used on
 * this click, not on page load, so mail scanners that open links use nothing.
 * On success the action redirects to where the outcome is shown.
 */
export function LinkConfirmForm({
  action,
  token,
  label,
  pendingLabel,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  token: string;
  label: string;
  pendingLabel: string;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-5">
      <input type="hidden" name="token" value={token} />
      <FormMessage error={state && !state.ok ? state.error : undefined} />
      <SubmitButton pendingLabel={pendingLabel} className="w-full">
        {label}
      </SubmitButton>
    </form>
  );
}
