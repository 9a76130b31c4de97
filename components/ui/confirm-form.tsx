"use client";

import { useActionState, type ReactNode } from "react";
import type { FormState } from "@/lib/server/action-result";
import { ConfirmDialog } from "./confirm-dialog";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";

/**
 * A confirmation dialog whose one button submits `action` with the given
 * hidden fields (sign out a session, revoke an invitation, leave ...). A
 * refusal is shown in the dialog, above the button.
 */
export function ConfirmForm({
  action,
  fields = {},
  trigger,
  triggerLabel,
  variant,
  title,
  description,
  submitLabel,
  pendingLabel,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  fields?: Record<string, string>;
  trigger: string;
  triggerLabel?: string;
  variant?: "danger" | "secondary";
  title: string;
  description: ReactNode;
  submitLabel: ReactNode;
  pendingLabel: string;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <ConfirmDialog
      trigger={trigger}
      triggerLabel={triggerLabel}
      variant={variant}
      title={title}
      description={description}
    >
      <form action={formAction} className="space-y-4">
        <FormMessage error={state && !state.ok ? state.error : undefined} />
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <SubmitButton variant="danger" pendingLabel={pendingLabel} className="w-full">
          {submitLabel}
        </SubmitButton>
      </form>
    </ConfirmDialog>
  );
}
