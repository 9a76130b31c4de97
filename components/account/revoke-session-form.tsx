"use client";

import { revokeSessionAction } from "@/app/(app)/account/actions";
import { ConfirmForm } from "@/components/ui/confirm-form";

export function RevokeSessionForm({
  sessionId,
  device,
  current,
}: {
  sessionId: string;
  device: string;
  current: boolean;
}) {
  return (
    <ConfirmForm
      action={revokeSessionAction}
      fields={{ sessionId }}
      trigger="Sign out this session"
      triggerLabel={current ? "Sign out this session (this device)" : `Sign out this session on ${device}`}
      variant="secondary"
      title={current ? "Sign out this device?" : `Sign out ${device}?`}
      description={
        current
          ? "This browser is signed out; your other sessions stay signed in."
          : "That browser or device is signed out at once and has to sign in again. Your other sessions stay signed in."
      }
      submitLabel="Sign out the session"
      pendingLabel="Signing out…"
      toast
    />
  );
}
