"use client";

import { useActionState, useState } from "react";
import { createOrganizationAction } from "@/app/(app)/orgs/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { slugify } from "@/lib/validation/organizations";

export function CreateOrganizationForm() {
  const [state, action] = useActionState(createOrganizationAction, null);
  const failed = state && !state.ok ? state : null;
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const firstError = failed ? (["name", "slug"] as const).find((name) => failed.fieldErrors?.[name]) : undefined;
  const [name, setName] = useState("");
  const key = failed ? JSON.stringify(failed.values ?? {}) : "initial";
  return (
    <form action={action} className="space-y-4" noValidate key={key}>
      <FormMessage error={failed && !failed.fieldErrors ? failed.error : undefined} />
      <Field
        label="Organization name"
        name="name"
        autoFocus={firstError === "name"}
        required
        maxLength={100}
        defaultValue={failed?.values?.name ?? ""}
        onChange={(event) => setName(event.target.value)}
        error={failed?.fieldErrors?.name}
      />
      <Field
        label="Slug"
        name="slug"
        autoFocus={firstError === "slug"}
        maxLength={48}
        placeholder={name.trim() ? slugify(name) : "acme-inc"}
        defaultValue={failed?.values?.slug ?? ""}
        hint="Used in the organization's address. Lowercase letters, digits and hyphens; leave empty to make one from the name."
        error={failed?.fieldErrors?.slug}
      />
      <SubmitButton pendingLabel="Creating organization…">Create organization</SubmitButton>
    </form>
  );
}
