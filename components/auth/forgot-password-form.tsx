"use client";

import { requestPasswordResetAction } from "@/app/(auth)/forgot-password/actions";
import { AuthFooterLink } from "@/components/auth/auth-card";
import { ActionForm } from "@/components/ui/action-form";
import { EmailField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ForgotPasswordForm({ defaultEmail }: { defaultEmail?: string }) {
  const form = useForm(requestPasswordResetAction, ["email"]);
  // React resets a form after its action: it remounts with the submitted email.
  return (
    <ActionForm form={form} className="space-y-5">
      <EmailField {...form.field("email")} defaultValue={form.value("email", defaultEmail)} />
      <SubmitButton pendingLabel="Sending…" className="w-full">
        {form.state?.ok ? "Send another email" : "Email me a reset link"}
      </SubmitButton>
      <AuthFooterLink question="Remembered it?" href="/sign-in">
        Back to sign in
      </AuthFooterLink>
    </ActionForm>
  );
}
