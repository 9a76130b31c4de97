"use client";

import { useActionState } from "react";
import { resendVerificationAction } from "@/app/(app)/account/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { withToast } from "@/components/ui/toast-result";

export function ResendVerificationButton() {
  const [state, action] = useActionState(withToast(resendVerificationAction), null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <p
        role={state && !state.ok ? "alert" : "status"}
        className={state && !state.ok ? "text-red-700" : "text-amber-900"}
      >
        {state ? (state.ok ? state.message : state.error) : ""}
      </p>
      <SubmitButton variant="secondary" pendingLabel="Sending…">
        Resend verification email
      </SubmitButton>
    </form>
  );
}
