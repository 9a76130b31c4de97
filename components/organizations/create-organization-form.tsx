"use client";

import { useState } from "react";
import { createOrganizationAction } from "@/app/(app)/orgs/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { slugify } from "@/lib/validation/organizations";

export function CreateOrganizationForm() {
  // The form remounts after a failed submit: focus goes to the first field to fix.
  const form = useForm(createOrganizationAction, ["name", "slug"], { toast: true });
  const [name, setName] = useState("");
  return (
    <form action={form.action} className="space-y-4" noValidate key={form.key}>
      <FormMessage error={form.message.error} />
      <Field
        label="Organization name"
        {...form.field("name")}
        required
        maxLength={100}
        defaultValue={form.value("name")}
        onChange={(event) => setName(event.target.value)}
      />
      <Field
        label="Slug"
        {...form.field("slug")}
        maxLength={48}
        placeholder={name.trim() ? slugify(name) : "acme-inc"}
        defaultValue={form.value("slug")}
        hint="Used in the organization's address. Lowercase letters, digits and hyphens; leave empty to make one from the name."
      />
      <SubmitButton pendingLabel="Creating organization…">Create organization</SubmitButton>
    </form>
  );
}
