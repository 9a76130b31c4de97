"use client";

import { deleteOrganizationAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";

export function DeleteOrganizationForm({ organization }: { organization: { id: string; name: string } }) {
  const form = useForm(deleteOrganizationAction, [], { toast: true });
  return (
    <ConfirmDialog
      trigger="Delete organization"
      title={`Delete ${organization.name}?`}
      description={
        <>
          Every member loses access and every membership is removed. Type <strong>{organization.name}</strong> to
          confirm.
        </>
      }
    >
      <form action={form.action} className="space-y-4" noValidate>
        <input type="hidden" name="organizationId" value={organization.id} />
        <FormMessage error={form.message.error} />
        <Field
          label="Organization name to confirm"
          name="confirm"
          autoComplete="off"
          required
          error={form.failed?.fieldErrors?.confirm}
        />
        <SubmitButton variant="danger" pendingLabel="Deleting…" className="w-full">
          Delete this organization
        </SubmitButton>
      </form>
    </ConfirmDialog>
  );
}
