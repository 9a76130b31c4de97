"use client";

import { useActionState } from "react";
import { deleteOrganizationAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function DeleteOrganizationForm({ organization }: { organization: { id: string; name: string } }) {
  const [state, action] = useActionState(deleteOrganizationAction, null);
  const failed = state && !state.ok ? state : null;
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
      <form action={action} className="space-y-4" noValidate>
        <input type="hidden" name="organizationId" value={organization.id} />
        <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} />
        <Field label="Organization name to confirm" name="confirm" autoComplete="off" required error={failed?.fieldErrors?.confirm} />
        <SubmitButton variant="danger" pendingLabel="Deleting…" className="w-full">
          Delete this organization
        </SubmitButton>
      </form>
    </ConfirmDialog>
  );
}
