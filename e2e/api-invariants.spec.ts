// The REST API under the hardening rules: a person named as inviter must have
// a verified address (the instance's key acting alone need not), and an
// organization the API made without a creator takes an admin as its first member.
import { expect, test } from "@playwright/test";
import { prisma } from "../lib/db";
import { clerkClient, expectClerkError } from "./fixtures/api";
import { createAccount } from "./fixtures/db";
import { newPerson } from "./fixtures/users";

test.describe.configure({ mode: "parallel" });

test("an unverified inviter_user_id gets 403 email_address_not_verified; verified, the same call works", async () => {
  const clerk = await clerkClient();
  const inviter = newPerson("unverified");
  const { id: inviterId } = await createAccount(inviter);
  const org = await clerk.organizations.createOrganization({ name: `Unverified ${Date.now()}`, createdBy: inviterId });
  const target = newPerson("target");

  const error = await expectClerkError(
    clerk.organizations.createOrganizationInvitation({
      organizationId: org.id,
      emailAddress: target.email,
      role: "org:member",
      inviterUserId: inviterId,
    }),
    403,
    "email_address_not_verified",
    "inviter_user_id",
  );
  expect(error.errors?.[0]?.longMessage).toMatch(/^Verify your email address before inviting people/);
  await expectClerkError(
    clerk.organizations.createOrganizationInvitationBulk(org.id, [
      { emailAddress: target.email, role: "org:member", inviterUserId: inviterId },
    ]),
    403,
    "email_address_not_verified",
  );
  expect(await prisma.invitation.count({ where: { organizationId: org.id } })).toBe(0);

  await prisma.user.update({ where: { id: inviterId }, data: { emailVerified: new Date() } });
  const invitation = await clerk.organizations.createOrganizationInvitation({
    organizationId: org.id,
    emailAddress: target.email,
    role: "org:member",
    inviterUserId: inviterId,
  });
  expect(invitation.status).toBe("pending");
  // The instance's key acting as itself is exempt.
  const byInstance = await clerk.organizations.createOrganizationInvitation({
    organizationId: org.id,
    emailAddress: newPerson().email,
    role: "org:member",
  });
  expect(byInstance.status).toBe("pending");
});

test("an organization made without created_by takes an admin first: a basic member (added or invited) gets 400 organization_minimum_permissions_needed", async () => {
  const clerk = await clerkClient();
  const org = await clerk.organizations.createOrganization({ name: `Nobody ${Date.now()}` });
  const member = await clerk.users.createUser({
    emailAddress: [newPerson("member").email],
    password: "a-long-password",
  });
  const admin = await clerk.users.createUser({ emailAddress: [newPerson("admin").email], password: "a-long-password" });

  const error = await expectClerkError(
    clerk.organizations.createOrganizationMembership({ organizationId: org.id, userId: member.id, role: "org:member" }),
    400,
    "organization_minimum_permissions_needed",
    "role",
  );
  expect(error.errors?.[0]?.longMessage).toBe(
    "This organization has no admin yet: its first member must be an admin (role org:admin).",
  );
  await expectClerkError(
    clerk.organizations.createOrganizationInvitation({
      organizationId: org.id,
      emailAddress: newPerson("invitee").email,
      role: "org:member",
    }),
    400,
    "organization_minimum_permissions_needed",
  );
  expect((await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id })).totalCount).toBe(0);

  await clerk.organizations.createOrganizationMembership({
    organizationId: org.id,
    userId: admin.id,
    role: "org:admin",
  });
  await clerk.organizations.createOrganizationMembership({
    organizationId: org.id,
    userId: member.id,
    role: "org:member",
  });
  const list = await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id });
  expect(list.data.map((m) => m.role).sort()).toEqual(["org:admin", "org:member"]);
  // And the last admin still cannot go while a member remains.
  await expectClerkError(
    clerk.organizations.deleteOrganizationMembership({ organizationId: org.id, userId: admin.id }),
    400,
    "organization_minimum_permissions_needed",
  );
});
