"use client";

import { useActionState } from "react";
import { revokeSessionAction } from "@/app/(app)/account/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function RevokeSessionForm({ sessionId, device, current }: { sessionId: string; device: string; current: boolean }) {
  const [state, action] = useActionState(revokeSessionAction, null);
  return (
    <ConfirmDialog
      trigger="Sign out this session"
      variant="secondary"
      title={current ? "Sign out this device?" : `Sign out ${device}?`}
      description={
        current
          ? "This browser is signed out; your other sessions stay signed in."
          : "That browser or device is signed out at once and has to sign in again. Your other sessions stay signed in."
      }
    >
      <form action={action} className="space-y-4">
        <FormMessage error={state && !state.ok ? state.error : undefined} />
        <input type="hidden" name="sessionId" value={sessionId} />
        <SubmitButton variant="danger" pendingLabel="Signing out…" className="w-full">
          Sign out the session
        </SubmitButton>
      </form>
    </ConfirmDialog>
  );
}
