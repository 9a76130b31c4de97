"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { field, orgAction } from "@/lib/server/actions";
import { ADMIN_ROLE, MEMBER_ROLE } from "@/lib/authz";
import { flash } from "@/lib/server/flash";
import { db } from "@/lib/server/database";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/domain/memberships/memberships";
import { deleteOrganization, updateOrganization } from "@/lib/domain/organizations/organizations";
import { removeOrganizationLogo } from "@/lib/domain/organizations/logo";
import { createInvitations, resendInvitation, revokeInvitation } from "@/lib/domain/invitations/admin";

export const updateOrganizationAction = orgAction(
  "org:update",
  { echo: ["name", "slug"] },
  async ({ user, organization }, formData) => {
    // The logo is uploaded apart (app/api/orgs/[org]/logo) and removed by removeLogoAction.
    const values = {
      name: field(formData, "name"),
      slug: field(formData, "slug"),
    };
    const { slug } = await updateOrganization(db, user.id, organization.id, values);
    revalidatePath("/orgs", "layout");
    if (slug !== organization.slug) {
      await flash("Organization saved.");
      redirect(`/orgs/${slug}/settings?saved=1`);
    }
    return { ok: true, data: undefined, message: "Organization saved." };
  },
);

export const removeLogoAction = orgAction("org:update", async ({ user, organization }) => {
  await removeOrganizationLogo(db, user.id, organization.id);
  revalidatePath("/orgs", "layout");
  return { ok: true, data: undefined, message: "Logo removed." };
});

export const deleteOrganizationAction = orgAction("org:delete", async ({ user, organization }, formData) => {
  if (field(formData, "confirm").trim() !== organization.name) {
    return {
      ok: false,
      error: `Type the organization's name, ${organization.name}, to confirm.`,
      fieldErrors: { confirm: `Type ${organization.name} exactly.` },
    };
  }
  await deleteOrganization(db, user.id, organization.id);
  revalidatePath("/orgs", "layout");
  await flash(`${organization.name} was deleted.`);
  redirect("/orgs?deleted=1");
});

export const changeRoleAction = orgAction("org:members:manage", async ({ user, organization }, formData) => {
  const member = await changeMemberRole(
    db,
    user.id,
    organization.id,
    field(formData, "userId"),
    field(formData, "role"),
  );
  revalidatePath(`/orgs/${organization.slug}`, "layout");
  return {
    ok: true,
    data: undefined,
    message: `${member.name} is now ${member.role === ADMIN_ROLE ? "an admin" : member.role === MEMBER_ROLE ? "a member" : `“${member.roleName}”`}.`,
  };
});

export const removeMemberAction = orgAction("org:members:manage", async ({ user, organization }, formData) => {
  const member = await removeMember(db, user.id, organization.id, field(formData, "userId"));
  if (member.userId === user.id) {
    revalidatePath("/orgs", "layout");
    redirect("/orgs?left=1");
  }
  revalidatePath(`/orgs/${organization.slug}`, "layout");
  return { ok: true, data: undefined, message: `${member.name} was removed from ${organization.name}.` };
});

export const leaveOrganizationAction = orgAction("org:leave", async ({ user, organization }) => {
  await leaveOrganization(db, user.id, organization.id);
  revalidatePath("/orgs", "layout");
  redirect("/orgs?left=1");
});

export const inviteAction = orgAction<{ links: Array<{ email: string; url: string }> }>(
  "org:invitations:manage",
  { echo: ["emails", "role", "showLinks"] },
  async ({ user, organization }, formData) => {
    const values = {
      emails: field(formData, "emails"),
      role: field(formData, "role"),
      showLinks: field(formData, "showLinks"),
    };
    // Links go only to the mailboxes unless the admin asks to see them too (then they prove no address).
    const issued = await createInvitations(db, user.id, organization.id, values, {
      emailOnly: values.showLinks !== "on",
    });
    revalidatePath(`/orgs/${organization.slug}/settings/members`);
    return {
      ok: true,
      data: { links: issued.flatMap(({ email, url }) => (url ? [{ email, url }] : [])) },
      message: issued.length === 1 ? `Invitation sent to ${issued[0]!.email}.` : `${issued.length} invitations sent.`,
    };
  },
);

export const revokeInvitationAction = orgAction("org:invitations:manage", async ({ user, organization }, formData) => {
  const invitation = await revokeInvitation(db, user.id, organization.id, field(formData, "invitationId"));
  revalidatePath(`/orgs/${organization.slug}/settings/members`);
  return { ok: true, data: undefined, message: `The invitation to ${invitation.email} was revoked.` };
});

export const resendInvitationAction = orgAction<{ links: Array<{ email: string; url: string }> }>(
  "org:invitations:manage",
  async ({ user, organization }, formData) => {
    // Only by email: the new link reaches nobody but the mailbox, so it proves the address again.
    const invitation = await resendInvitation(db, user.id, organization.id, field(formData, "invitationId"), {
      emailOnly: true,
    });
    revalidatePath(`/orgs/${organization.slug}/settings/members`);
    return {
      ok: true,
      data: { links: [] },
      message: `A new invitation was sent to ${invitation.email}; the previous link no longer works.`,
    };
  },
);
