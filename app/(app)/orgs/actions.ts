"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { field, userAction } from "@/lib/server/actions";
import { flash } from "@/lib/server/flash";
import { db } from "@/lib/server/database";
import { createOrganization } from "@/lib/domain/organizations/organizations";
import { acceptMyInvitation, declineMyInvitation } from "@/lib/domain/invitations/mine";
import { dismissSuggestion, requestToJoin } from "@/lib/domain/domains/requests";

export const createOrganizationAction = userAction({ echo: ["name", "slug"] }, async (user, formData) => {
  const { slug, name } = await createOrganization(db, user.id, {
    name: field(formData, "name"),
    slug: field(formData, "slug"),
  });
  revalidatePath("/orgs");
  await flash(`${name} was created. You are its admin.`);
  redirect(`/orgs/${slug}`);
});

/** Accepts one of the signed-in user's invitations (listed on /orgs), then opens the organization, with a toast saying so. */
export const acceptMyInvitationAction = userAction(async (user, formData) => {
  const { slug, name } = await acceptMyInvitation(db, user.id, field(formData, "invitationId"));
  revalidatePath("/orgs", "layout");
  await flash(`You joined ${name}`);
  redirect(`/orgs/${slug}`);
});

export const declineMyInvitationAction = userAction(async (user, formData) => {
  const { name } = await declineMyInvitation(db, user.id, field(formData, "invitationId"));
  revalidatePath("/orgs", "layout");
  return { ok: true, data: undefined, message: `You declined the invitation to ${name}.` };
});

/** Asks to join the organization a domain suggestion names ("Acme uses your domain"). */
export const requestToJoinAction = userAction(async (user, formData) => {
  const { organizationName } = await requestToJoin(db, user.id, field(formData, "suggestionId"));
  revalidatePath("/orgs");
  return {
    ok: true,
    data: undefined,
    message: `Your request to join ${organizationName} was sent. Its admins decide; you will find it here meanwhile.`,
  };
});

export const dismissSuggestionAction = userAction(async (user, formData) => {
  const { organizationName } = await dismissSuggestion(db, user.id, field(formData, "suggestionId"));
  revalidatePath("/orgs");
  return { ok: true, data: undefined, message: `${organizationName} will not be suggested again.` };
});
