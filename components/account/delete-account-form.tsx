"use client";

import Link from "next/link";
import { deleteAccountAction } from "@/app/(app)/account/actions";
import { ActionForm } from "@/components/ui/action-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmailField } from "@/components/ui/field";
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
      <ActionForm form={form} className="space-y-4">
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
        <EmailField
          label="Your email address, to confirm"
          {...form.field("confirm")}
          autoComplete="off"
          defaultValue={form.value("confirm")}
        />
        <SubmitButton variant="danger" pendingLabel="Deleting…" className="w-full">
          Delete my account
        </SubmitButton>
      </ActionForm>
    </ConfirmDialog>
  );
}
