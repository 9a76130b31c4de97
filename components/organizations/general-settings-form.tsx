"use client";

import { useActionState } from "react";
import { updateOrganizationAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = { organization: { id: string; slug: string; name: string; logoUrl: string | null } };

export function GeneralSettingsForm({ organization }: Props) {
  const [state, action] = useActionState(updateOrganizationAction, null);
  const failed = state && !state.ok ? state : null;
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const firstError = failed ? (["name", "slug", "logoUrl"] as const).find((name) => failed.fieldErrors?.[name]) : undefined;
  const values = failed?.values ?? { name: organization.name, slug: organization.slug, logoUrl: organization.logoUrl ?? "" };
  const key = JSON.stringify(values) + (state?.ok ? "saved" : "");
  return (
    <form action={action} className="mt-5 max-w-lg space-y-4" noValidate key={key}>
      <input type="hidden" name="organizationId" value={organization.id} />
      <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} success={state?.ok ? state.message : undefined} />
      <Field
        label="Organization name"
        name="name"
        autoFocus={firstError === "name"}
        required
        maxLength={100}
        defaultValue={values.name}
        error={failed?.fieldErrors?.name}
      />
      <Field
        label="Slug"
        name="slug"
        autoFocus={firstError === "slug"}
        required
        maxLength={48}
        defaultValue={values.slug}
        hint="Changing it changes the organization's address; old links stop working."
        error={failed?.fieldErrors?.slug}
      />
      <Field
        label="Logo URL"
        name="logoUrl"
        autoFocus={firstError === "logoUrl"}
        type="url"
        placeholder="https://…"
        defaultValue={values.logoUrl}
        hint="Optional. An https:// image address."
        error={failed?.fieldErrors?.logoUrl}
      />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}
