"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signUpAction } from "@/app/(auth)/actions";
import { Field, NewPasswordField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signUpAction, null);
  const failed = state && !state.ok ? state : null;
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const firstError = failed ? (["name", "email", "password"] as const).find((name) => failed.fieldErrors?.[name]) : undefined;
  // React resets a form after its action: remount fields with the submitted values.
  const key = failed ? JSON.stringify(failed.values ?? {}) : "initial";
  return (
    <form action={action} className="space-y-5" noValidate key={key}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} />
      <Field
        label="Name"
        name="name"
        autoFocus={firstError === "name"}
        autoComplete="name"
        required
        defaultValue={failed?.values?.name ?? ""}
        error={failed?.fieldErrors?.name}
      />
      <Field
        label="Email"
        name="email"
        autoFocus={firstError === "email"}
        type="email"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email ?? ""}
        error={failed?.fieldErrors?.email}
      />
      <NewPasswordField autoFocus={firstError === "password"} error={failed?.fieldErrors?.password} />
      <SubmitButton pendingLabel="Creating account…" className="w-full">
        Create account
      </SubmitButton>
      <p className="text-center text-sm text-zinc-600">
        Already have an account?{" "}
        <Link
          href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-semibold text-indigo-600 hover:text-indigo-500"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
