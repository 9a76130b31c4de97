"use client";

import Link from "next/link";
import { useActionState } from "react";
import { deleteAccountAction } from "@/app/(app)/account/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function DeleteAccountForm({ email, blocking }: { email: string; blocking: Array<{ name: string; slug: string }> }) {
  const [state, action] = useActionState(deleteAccountAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <ConfirmDialog
      trigger="Delete account"
      title="Delete your account?"
      description={
        <>
          Your account, your memberships, and organizations where you are the only member are deleted. This cannot be
          undone. Type your email address, <strong>{email}</strong>, to confirm.
        </>
      }
    >
      <form action={action} className="space-y-4" noValidate key={failed ? JSON.stringify(failed.values) + failed.error : "initial"}>
        <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} />
        {failed && !failed.fieldErrors && blocking.length > 0 && (
          <ul className="list-inside list-disc text-sm text-zinc-700">
            {blocking.map((organization) => (
              <li key={organization.slug}>
                <Link href={`/orgs/${organization.slug}/settings/members`} className="font-semibold text-indigo-600 hover:text-indigo-500">
                  Members of {organization.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Field
          label="Your email address, to confirm"
          name="confirm"
          type="email"
          autoComplete="off"
          required
          autoFocus={Boolean(failed?.fieldErrors?.confirm)}
          defaultValue={failed?.values?.confirm ?? ""}
          error={failed?.fieldErrors?.confirm}
        />
        <SubmitButton variant="danger" pendingLabel="Deleting…" className="w-full">
          Delete my account
        </SubmitButton>
      </form>
    </ConfirmDialog>
  );
}
