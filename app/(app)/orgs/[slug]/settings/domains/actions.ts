"use server";

import { revalidatePath } from "next/cache";
import { field, orgAction } from "@/lib/server/actions";
import { db } from "@/lib/server/database";
import { addDomain, deleteDomain, updateDomain } from "@/lib/domain/domains/domains";
import { sendDomainCode, verifyDomainCode } from "@/lib/domain/domains/verification";
import { acceptMembershipRequest, rejectMembershipRequest } from "@/lib/domain/domains/requests";

const MODE_WORDS: Record<string, string> = {
  manual_invitation: "People at the domain join only when invited.",
  automatic_invitation: "People with a verified address at the domain are invited automatically.",
  automatic_suggestion: "People with a verified address at the domain can ask to join.",
};

export const addDomainAction = orgAction(
  "org:sys_domains:manage",
  { echo: ["name"] },
  async ({ user, organization }, formData) => {
    const domain = await addDomain(db, user.id, organization.id, { name: field(formData, "name") });
    revalidatePath(`/orgs/${organization.slug}/settings/domains`);
    return {
      ok: true,
      data: undefined,
      message: domain.verified
        ? `${domain.name} was added and verified with your address.`
        : `${domain.name} was added. Verify it with a code sent to an address there.`,
    };
  },
);

export const sendDomainCodeAction = orgAction(
  "org:sys_domains:manage",
  { echo: ["affiliationEmail"] },
  async ({ user, organization }, formData) => {
    const domain = await sendDomainCode(
      db,
      user.id,
      organization.id,
      field(formData, "domainId"),
      field(formData, "affiliationEmail"),
    );
    revalidatePath(`/orgs/${organization.slug}/settings/domains`);
    return { ok: true, data: undefined, message: `A 6-digit code was sent to ${domain.affiliationEmail}.` };
  },
);

export const verifyDomainCodeAction = orgAction("org:sys_domains:manage", async ({ user, organization }, formData) => {
  const domain = await verifyDomainCode(
    db,
    user.id,
    organization.id,
    field(formData, "domainId"),
    field(formData, "code"),
  );
  revalidatePath(`/orgs/${organization.slug}`, "layout");
  return { ok: true, data: undefined, message: `${domain.name} is verified.` };
});

export const setEnrollmentModeAction = orgAction("org:sys_domains:manage", async ({ user, organization }, formData) => {
  const mode = field(formData, "enrollmentMode");
  const domain = await updateDomain(db, user.id, organization.id, field(formData, "domainId"), {
    enrollmentMode: mode,
  });
  revalidatePath(`/orgs/${organization.slug}`, "layout");
  return { ok: true, data: undefined, message: `${domain.name}: ${MODE_WORDS[domain.enrollmentMode]}` };
});

export const deleteDomainAction = orgAction("org:sys_domains:manage", async ({ user, organization }, formData) => {
  const domain = await deleteDomain(db, user.id, organization.id, field(formData, "domainId"));
  revalidatePath(`/orgs/${organization.slug}`, "layout");
  return { ok: true, data: undefined, message: `${domain.name} was deleted.` };
});

export const acceptRequestAction = orgAction("org:sys_domains:manage", async ({ user, organization }, formData) => {
  const request = await acceptMembershipRequest(db, user.id, organization.id, field(formData, "requestId"));
  revalidatePath(`/orgs/${organization.slug}`, "layout");
  return { ok: true, data: undefined, message: `${request.user.name} joined ${organization.name}.` };
});

export const rejectRequestAction = orgAction("org:sys_domains:manage", async ({ user, organization }, formData) => {
  const request = await rejectMembershipRequest(db, user.id, organization.id, field(formData, "requestId"));
  revalidatePath(`/orgs/${organization.slug}`, "layout");
  return { ok: true, data: undefined, message: `${request.user.name}'s request was rejected.` };
});
