"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { field, userAction } from "@/lib/server/actions";
import { flash } from "@/lib/server/flash";
import { db } from "@/lib/server/database";
import { createOrganization } from "@/lib/domain/organizations/organizations";

export const createOrganizationAction = userAction({ echo: ["name", "slug"] }, async (user, formData) => {
  const { slug, name } = await createOrganization(db, user.id, {
    name: field(formData, "name"),
    slug: field(formData, "slug"),
  });
  revalidatePath("/orgs");
  await flash(`${name} was created. You are its admin.`);
  redirect(`/orgs/${slug}`);
});
