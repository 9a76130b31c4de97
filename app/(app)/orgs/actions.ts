"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { field, userAction } from "@/lib/server/actions";
import { failureFrom } from "@/lib/server/action-result";
import { db } from "@/lib/db";
import { createOrganization } from "@/lib/domain/organizations";

export const createOrganizationAction = userAction(async (user, formData) => {
  const name = field(formData, "name");
  const slug = field(formData, "slug");
  let created: string;
  try {
    created = (await createOrganization(db, user.id, { name, slug })).slug;
  } catch (error) {
    return failureFrom(error, { name, slug });
  }
  revalidatePath("/orgs");
  redirect(`/orgs/${created}`);
});
