"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signInAction } from "@/app/(auth)/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function SignInForm({ callbackUrl, defaultEmail, notice }: { callbackUrl: string; defaultEmail?: string; notice?: string }) {
  const [state, action] = useActionState(signInAction, null);
  const failed = state && !state.ok ? state : null;
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const firstError = failed ? (["email", "password"] as const).find((name) => failed.fieldErrors?.[name]) ?? "password" : undefined;
  // React resets a form after its action: remount it with the submitted email.
  const key = failed ? JSON.stringify(failed.values ?? {}) : "initial";
  return (
    <form action={action} className="space-y-5" noValidate key={key}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage error={failed?.error} success={failed ? undefined : notice} />
      <Field
        label="Email"
        name="email"
        autoFocus={firstError === "email"}
        type="email"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email ?? defaultEmail ?? ""}
        error={failed?.fieldErrors?.email}
      />
      <Field
        label="Password"
        name="password"
        autoFocus={firstError === "password"}
        type="password"
        autoComplete="current-password"
        required
        error={failed?.fieldErrors?.password}
      />
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="font-semibold text-indigo-600 hover:text-indigo-500">
          Forgot password?
        </Link>
      </p>
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
      <p className="text-center text-sm text-zinc-600">
        New here?{" "}
        <Link
          href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-semibold text-indigo-600 hover:text-indigo-500"
        >
          Create an account
        </Link>
      </p>
    </form>
  );
}
