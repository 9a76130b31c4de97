"use client";

import { signOutEverywhereAction } from "@/app/(app)/account/actions";
import { ConfirmForm } from "@/components/ui/confirm-form";

export function SignOutEverywhereForm() {
  return (
    <ConfirmForm
      action={signOutEverywhereAction}
      trigger="Sign out everywhere"
      variant="secondary"
      title="Sign out everywhere?"
      description="Every browser and device signed in to your account is signed out at once, this one included."
      submitLabel="Sign out on every device"
      pendingLabel="Signing out…"
      toast
    />
  );
}
