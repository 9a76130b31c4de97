"use client";

import { updateOrganizationAction } from "@/app/(app)/orgs/[slug]/settings/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { LogoUpload } from "./logo-upload";

type Props = { organization: { id: string; slug: string; name: string; logoUrl: string | null } };

/** The logo (uploaded on its own: components/organizations/logo-upload.tsx), then the name and slug. */

export function GeneralSettingsForm({ organization }: Props) {
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const form = useForm(updateOrganizationAction, ["name", "slug"], { toast: true });
  const values = form.failed?.values ?? { name: organization.name, slug: organization.slug };
  const key = JSON.stringify(values) + (form.state?.ok ? "saved" : "");
  return (
    <>
      <LogoUpload organization={organization} />
      <form action={form.action} className="mt-5 max-w-lg space-y-4" noValidate key={key}>
        <input type="hidden" name="organizationId" value={organization.id} />
        <FormMessage {...form.message} />
        <Field label="Organization name" {...form.field("name")} required maxLength={100} defaultValue={values.name} />
        <Field
          label="Slug"
          {...form.field("slug")}
          required
          maxLength={48}
          defaultValue={values.slug}
          hint="Changing it changes the organization's address; old links stop working."
        />
        <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
      </form>
    </>
  );
}
