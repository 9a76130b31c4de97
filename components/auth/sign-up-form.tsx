"use client";

import { signUpAction } from "@/app/(auth)/actions";
import { AuthFooterLink } from "@/components/auth/auth-card";
import { ActionForm } from "@/components/ui/action-form";
import { EmailField, Field, NewPasswordField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const form = useForm(signUpAction, ["name", "email", "password"]);
  // React resets a form after its action: it remounts with what was typed (the password too, unless it was refused).
  return (
    <ActionForm form={form} className="space-y-5">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="Name" {...form.field("name")} autoComplete="name" required defaultValue={form.value("name")} />
      <EmailField {...form.field("email")} defaultValue={form.value("email")} />
      <NewPasswordField {...form.field("password")} defaultValue={form.secret("password")} />
      <SubmitButton pendingLabel="Creating account…" className="w-full">
        Create account
      </SubmitButton>
      <AuthFooterLink
        question="Already have an account?"
        href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}
      >
        Sign in
      </AuthFooterLink>
    </ActionForm>
  );
}
