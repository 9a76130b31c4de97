"use client";

import { useActionState } from "react";
import { signOutEverywhereAction } from "@/app/(app)/account/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function SignOutEverywhereForm() {
  const [state, action] = useActionState(signOutEverywhereAction, null);
  return (
    <ConfirmDialog
      trigger="Sign out everywhere"
      variant="secondary"
      title="Sign out everywhere?"
      description="Every browser and device signed in to your account is signed out at once, this one included."
    >
      <form action={action} className="space-y-4">
        <FormMessage error={state && !state.ok ? state.error : undefined} />
        <SubmitButton variant="danger" pendingLabel="Signing out…" className="w-full">
          Sign out on every device
        </SubmitButton>
      </form>
    </ConfirmDialog>
  );
}
