"use client";

import { useActionState, useState, type ReactNode } from "react";
import type { FormState } from "@/lib/server/action-result";
import { ConfirmDialog } from "./confirm-dialog";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";
import { toastResult } from "./toast-result";

/**
 * A confirmation dialog whose one button submits `action` with the given
 * hidden fields (sign out a session, revoke an invitation, leave ...). A
 * refusal is shown in the dialog, above the button; a success closes it.
 * With `toast`, the answer also shows as a toast (success or refusal).
 */
export function ConfirmForm({
  action,
  fields = {},
  trigger,
  triggerLabel,
  triggerDisabled,
  variant,
  title,
  description,
  submitLabel,
  pendingLabel,
  toast = false,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  fields?: Record<string, string>;
  trigger: string;
  triggerLabel?: string;
  triggerDisabled?: boolean;
  variant?: "danger" | "secondary";
  title: string;
  description: ReactNode;
  submitLabel: ReactNode;
  pendingLabel: string;
  toast?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [state, formAction] = useActionState(async (prev: FormState, formData: FormData) => {
    const result = await action(prev, formData);
    // Toasted as the answer arrives: a success may remove the row this form lives in.
    if (toast) toastResult(result);
    if (result?.ok) setOpen(false);
    return result;
  }, null);
  return (
    <ConfirmDialog
      trigger={trigger}
      triggerLabel={triggerLabel}
      triggerDisabled={triggerDisabled}
      variant={variant}
      title={title}
      description={description}
      open={open}
      onOpenChange={setOpen}
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
