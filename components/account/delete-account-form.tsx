"use client";

import Link from "next/link";
import { deleteAccountAction } from "@/app/(app)/account/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function DeleteAccountForm({
  email,
  blocking,
}: {
  email: string;
  blocking: Array<{ name: string; slug: string }>;
}) {
  const form = useForm(deleteAccountAction, ["confirm"]);
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
      <form action={form.action} className="space-y-4" noValidate key={form.key}>
        <FormMessage error={form.message.error} />
        {form.message.error && blocking.length > 0 && (
          <ul className="list-inside list-disc text-sm text-zinc-700">
            {blocking.map((organization) => (
              <li key={organization.slug}>
                <Link
                  href={`/orgs/${organization.slug}/settings/members`}
                  className="font-semibold text-indigo-600 hover:text-indigo-500"
                >
                  Members of {organization.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Field
          label="Your email address, to confirm"
          {...form.field("confirm")}
          type="email"
          autoComplete="off"
          required
          defaultValue={form.value("confirm")}
        />
        <SubmitButton variant="danger" pendingLabel="Deleting…" className="w-full">
          Delete my account
        </SubmitButton>
      </form>
    </ConfirmDialog>
  );
}
