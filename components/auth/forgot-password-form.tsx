"use client";

import Link from "next/link";
import { requestPasswordResetAction } from "@/app/(auth)/forgot-password/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function ForgotPasswordForm({ defaultEmail }: { defaultEmail?: string }) {
  const form = useForm(requestPasswordResetAction, ["email"]);
  // React resets a form after its action: remount it with the submitted email.
  return (
    <form action={form.action} className="space-y-5" noValidate key={form.key}>
      <FormMessage {...form.message} />
      <Field
        label="Email"
        {...form.field("email")}
        type="email"
        autoComplete="email"
        required
        defaultValue={form.value("email", defaultEmail)}
      />
      <SubmitButton pendingLabel="Sending…" className="w-full">
        {form.state?.ok ? "Send another email" : "Email me a reset link"}
      </SubmitButton>
      <p className="text-center text-sm text-zinc-600">
        Remembered it?{" "}
        <Link href="/sign-in" className="font-semibold text-indigo-600 hover:text-indigo-500">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}
