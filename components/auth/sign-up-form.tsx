"use client";

import Link from "next/link";
import { signUpAction } from "@/app/(auth)/actions";
import { Field, NewPasswordField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const form = useForm(signUpAction, ["name", "email", "password"]);
  // React resets a form after its action: it remounts with what was typed (the password too, unless it was refused).
  return (
    <form action={form.action} className="space-y-5" noValidate key={form.key}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage error={form.message.error} />
      <Field label="Name" {...form.field("name")} autoComplete="name" required defaultValue={form.value("name")} />
      <Field
        label="Email"
        {...form.field("email")}
        type="email"
        autoComplete="email"
        required
        defaultValue={form.value("email")}
      />
      <NewPasswordField {...form.field("password")} defaultValue={form.secret("password")} />
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
