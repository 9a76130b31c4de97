"use client";

import Link from "next/link";
import { useActionState } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/action-result";

/**
 * The one button on a page reached from an emailed link. The link is used on
 * this click, not on page load, so mail scanners that open links use nothing.
 */
export function LinkConfirmForm({
  action,
  token,
  label,
  pendingLabel,
  next,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  token: string;
  label: string;
  pendingLabel: string;
  next: { href: string; label: string };
}) {
  const [state, formAction] = useActionState(action, null);
  if (state?.ok) {
    return (
      <div className="space-y-6">
        <FormMessage success={state.message} />
        <Link href={next.href} className={buttonClasses("primary")}>
          {next.label}
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-5">
      <input type="hidden" name="token" value={token} />
      <FormMessage error={state?.error} />
      <SubmitButton pendingLabel={pendingLabel} className="w-full">
        {label}
      </SubmitButton>
    </form>
  );
}
