"use client";

import Link from "next/link";
import { useActionState } from "react";
import { requestPasswordResetAction } from "@/app/(auth)/forgot-password/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function ForgotPasswordForm({ defaultEmail }: { defaultEmail?: string }) {
  const [state, action] = useActionState(requestPasswordResetAction, null);
  const failed = state && !state.ok ? state : null;
  // React resets a form after its action: remount it with the submitted email.
  const key = failed ? JSON.stringify(failed.values ?? {}) : state?.ok ? "sent" : "initial";
  return (
    <form action={action} className="space-y-5" noValidate key={key}>
      <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} success={state?.ok ? state.message : undefined} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        autoFocus={Boolean(failed?.fieldErrors?.email)}
        defaultValue={failed?.values?.email ?? defaultEmail ?? ""}
        error={failed?.fieldErrors?.email}
      />
      <SubmitButton pendingLabel="Sending…" className="w-full">
        {state?.ok ? "Send another email" : "Email me a reset link"}
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
