"use client";

import Link from "next/link";
import { signInAction } from "@/app/(auth)/actions";
import { AuthFooterLink } from "@/components/auth/auth-card";
import { ActionForm } from "@/components/ui/action-form";
import { CurrentPasswordField, EmailField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function SignInForm({
  callbackUrl,
  defaultEmail,
  notice,
}: {
  callbackUrl: string;
  defaultEmail?: string;
  notice?: string;
}) {
  const form = useForm(signInAction, ["email", "password"]);
  const { failed } = form;
  // The form remounts after a failed submit: focus goes to the first field to fix (the password when none has an error).
  const focus = failed ? (form.firstError ?? "password") : undefined;
  // React resets a form after its action: it remounts with the submitted email (a refused password is not kept).
  // Above the fields: every refusal (one about a field too), else the page's notice.
  return (
    <ActionForm
      form={form}
      message={{ error: failed?.error, success: failed ? undefined : notice }}
      className="space-y-5"
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <EmailField
        {...form.field("email")}
        autoFocus={focus === "email"}
        defaultValue={form.value("email", defaultEmail)}
      />
      <CurrentPasswordField {...form.field("password")} autoFocus={focus === "password"} />
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="font-semibold text-indigo-600 hover:text-indigo-500">
          Forgot password?
        </Link>
      </p>
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
      <AuthFooterLink question="New here?" href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
        Create an account
      </AuthFooterLink>
    </ActionForm>
  );
}
