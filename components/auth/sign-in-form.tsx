"use client";

import Link from "next/link";
import { signInAction } from "@/app/(auth)/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
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
  // React resets a form after its action: remount it with the submitted email (a refused password is not kept).
  return (
    <form action={form.action} className="space-y-5" noValidate key={form.key}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage error={failed?.error} success={failed ? undefined : notice} />
      <Field
        label="Email"
        {...form.field("email")}
        autoFocus={focus === "email"}
        type="email"
        autoComplete="email"
        required
        defaultValue={form.value("email", defaultEmail)}
      />
      <Field
        label="Password"
        {...form.field("password")}
        autoFocus={focus === "password"}
        type="password"
        autoComplete="current-password"
        required
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
