// Contract tests of the REST API's memberships and invitations: the real
// @clerk/backend client against the running app (secret keys, users and
// organizations: api.spec.ts). Every call checks that the SDK built its own
// classes (so every field it reads was there), not raw JSON.
import { expect, test } from "@playwright/test";
import { apiOrganization, apiUser, clerkClient, expectClerkError, expectResource, type Clerk } from "./fixtures/api";
import { waitForEmail } from "./fixtures/mail";
import { newPerson } from "./fixtures/users";

test.describe.configure({ mode: "parallel" });

type InvitationExtras = Pick<
  Parameters<Clerk["organizations"]["createOrganizationInvitation"]>[0],
  "inviterUserId" | "publicMetadata"
>;

test("memberships: add with either role spelling, list with filters, change role, remove; the last admin stays", async () => {
  const clerk = await clerkClient();
  const { user: owner } = await apiUser(clerk, "owner");
  const { user: member } = await apiUser(clerk, "member");
  const { user: legacy } = await apiUser(clerk, "legacy");
  const org = await apiOrganization(clerk, "Members", owner.id);
  // A membership is named by its organization and its user.
  const membershipOf = (user: { id: string }) => ({ organizationId: org.id, userId: user.id });

  const added = await clerk.organizations.createOrganizationMembership({ ...membershipOf(member), role: "org:member" });
  expectResource(added, "OrganizationMembership");
  expectResource(added.organization, "Organization");
  expect(added.organization.id).toBe(org.id);
  expect(added.role).toBe("org:member");
  expect(added.id).toMatch(/^orgmem_/);
  expect(added.permissions).toEqual(["org:sys_memberships:read"]);
  expect(added.publicUserData).toMatchObject({
    userId: member.id,
    identifier: member.primaryEmailAddress!.emailAddress,
    firstName: member.firstName,
  });
  const legacyAdded = await clerk.organizations.createOrganizationMembership({
    ...membershipOf(legacy),
    role: "basic_member",
  });
  expect(legacyAdded.role).toBe("org:member");

  await expectClerkError(
    clerk.organizations.createOrganizationMembership({ ...membershipOf(member), role: "org:member" }),
    400,
    "already_a_member_in_organization",
  );
  await expectClerkError(
    clerk.organizations.createOrganizationMembership({
      organizationId: org.id,
      userId: "user_00000000000000000000000000000000",
      role: "org:member",
    }),
    404,
    "resource_not_found",
  );
  await expectClerkError(
    clerk.organizations.createOrganizationMembership({ ...membershipOf(member), role: "org:owner" }),
    422,
    "form_param_value_invalid",
    "role",
  );

  const all = await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id, limit: 2 });
  expect(all.totalCount).toBe(3);
  expect(all.data).toHaveLength(2);
  const admins = await clerk.organizations.getOrganizationMembershipList({
    organizationId: org.id,
    role: ["org:admin"],
  });
  expect(admins.data.map((m) => m.publicUserData?.userId)).toEqual([owner.id]);
  const one = await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id, userId: [legacy.id] });
  expect(one.totalCount).toBe(1);
  const byLastName = await clerk.organizations.getOrganizationMembershipList({
    organizationId: org.id,
    orderBy: "-last_name",
  });
  expect(byLastName.data.map((m) => m.publicUserData?.lastName)).toEqual(
    [owner, member, legacy].map((u) => u.lastName).sort((a, b) => b!.toLowerCase().localeCompare(a!.toLowerCase())),
  );
  expect(
    (await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id, role: ["org:billing"] }))
      .totalCount,
  ).toBe(0);
  expect(
    (await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id, username: ["x"] })).totalCount,
  ).toBe(0);
  const named = await clerk.organizations.getOrganizationMembershipList({
    organizationId: org.id,
    nameQuery: legacy.lastName!,
  });
  expect(named.data.map((m) => m.publicUserData?.userId)).toEqual([legacy.id]);

  // The last admin cannot be demoted or removed, through the API as through the pages.
  await expectClerkError(
    clerk.organizations.updateOrganizationMembership({ ...membershipOf(owner), role: "org:member" }),
    400,
    "organization_minimum_permissions_needed",
  );
  await expectClerkError(
    clerk.organizations.deleteOrganizationMembership(membershipOf(owner)),
    400,
    "organization_minimum_permissions_needed",
  );

  const promoted = await clerk.organizations.updateOrganizationMembership({ ...membershipOf(member), role: "admin" });
  expectResource(promoted, "OrganizationMembership");
  expect(promoted.role).toBe("org:admin");
  expect(promoted.permissions).toContain("org:sys_memberships:manage");
  const demotedOwner = await clerk.organizations.updateOrganizationMembership({
    ...membershipOf(owner),
    role: "org:member",
  });
  expect(demotedOwner.role).toBe("org:member");

  const removed = await clerk.organizations.deleteOrganizationMembership(membershipOf(legacy));
  expectResource(removed, "OrganizationMembership");
  expect(removed.publicUserData?.userId).toBe(legacy.id);
  await expectClerkError(
    clerk.organizations.deleteOrganizationMembership(membershipOf(legacy)),
    404,
    "resource_not_found",
  );

  const withMetadata = await clerk.organizations.updateOrganizationMembershipMetadata({
    ...membershipOf(member),
    publicMetadata: { team: "core" },
  });
  expect(withMetadata.publicMetadata).toEqual({ team: "core" });
});

test("invitations: create (emailed), bulk, list by status, get, revoke; duplicates, members, caps and permissions refused", async () => {
  const clerk = await clerkClient();
  const { user: owner } = await apiUser(clerk, "inviter");
  const { user: basic } = await apiUser(clerk, "basic");
  const org = await apiOrganization(clerk, "Invites", owner.id, [basic.id]);
  const invitee = newPerson("invitee");
  // An invitation to join as a basic member.
  const inviteMember = (emailAddress: string, more: InvitationExtras = {}) =>
    clerk.organizations.createOrganizationInvitation({
      organizationId: org.id,
      emailAddress,
      role: "org:member",
      ...more,
    });

  const invitation = await inviteMember(invitee.email, { inviterUserId: owner.id, publicMetadata: { source: "api" } });
  expectResource(invitation, "OrganizationInvitation");
  expect(invitation.id).toMatch(/^orginv_/);
  expect(invitation).toMatchObject({
    emailAddress: invitee.email,
    role: "org:member",
    status: "pending",
    organizationId: org.id,
  });
  expect(invitation.publicMetadata).toEqual({ source: "api" });
  expect(invitation.url).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  expect(invitation.publicOrganizationData).toMatchObject({ id: org.id, name: org.name, slug: org.slug });
  expect(invitation.expiresAt - invitation.createdAt).toBe(30 * 24 * 60 * 60 * 1000);
  const email = await waitForEmail(invitee.email, /invited you to join/);
  expect(email.text).toContain(invitation.url!);

  await expectClerkError(inviteMember(invitee.email), 400, "organization_invitation_not_unique");
  await expectClerkError(
    inviteMember(basic.primaryEmailAddress!.emailAddress),
    400,
    "already_a_member_in_organization",
  );
  await expectClerkError(
    inviteMember(newPerson().email, { inviterUserId: basic.id }),
    403,
    "missing_organization_permission",
  );
  await expectClerkError(inviteMember("nope"), 422, "form_param_value_invalid", "email_address");
  await expectClerkError(
    clerk.organizations.createOrganizationInvitation({ organizationId: org.id, role: "org:member" } as never),
    422,
    "form_param_missing",
    "email_address",
  );

  const bulk = await clerk.organizations.createOrganizationInvitationBulk(org.id, [
    { emailAddress: newPerson("bulk1").email, role: "org:admin" },
    { emailAddress: newPerson("bulk2").email, role: "basic_member", expiresInDays: 7 },
  ]);
  expect(bulk.totalCount).toBe(2);
  expectResource(bulk.data[0], "OrganizationInvitation");
  expect(bulk.data.map((i) => i.role)).toEqual(["org:admin", "org:member"]);
  expect(bulk.data[1]!.expiresAt - bulk.data[1]!.createdAt).toBe(7 * 24 * 60 * 60 * 1000);
  const eleven = Array.from({ length: 11 }, (_, i) => ({
    emailAddress: newPerson(`eleven${i}`).email,
    role: "org:member",
  }));
  await expectClerkError(
    clerk.organizations.createOrganizationInvitationBulk(org.id, eleven),
    422,
    "form_param_value_invalid",
  );

  const pending = await clerk.organizations.getOrganizationInvitationList({
    organizationId: org.id,
    status: ["pending"],
    limit: 2,
  });
  expect(pending.totalCount).toBe(3);
  expect(pending.data).toHaveLength(2);
  expectResource(pending.data[0], "OrganizationInvitation");

  const got = await clerk.organizations.getOrganizationInvitation({
    organizationId: org.id,
    invitationId: invitation.id,
  });
  expectResource(got, "OrganizationInvitation");
  expect(got.emailAddress).toBe(invitee.email);

  const revoked = await clerk.organizations.revokeOrganizationInvitation({
    organizationId: org.id,
    invitationId: invitation.id,
    requestingUserId: owner.id,
  });
  expectResource(revoked, "OrganizationInvitation");
  expect(revoked.status).toBe("revoked");
  await expectClerkError(
    clerk.organizations.revokeOrganizationInvitation({ organizationId: org.id, invitationId: invitation.id }),
    400,
    "organization_invitation_not_pending",
  );
  const revokedList = await clerk.organizations.getOrganizationInvitationList({
    organizationId: org.id,
    status: ["revoked"],
  });
  expect(revokedList.data.map((i) => i.id)).toEqual([invitation.id]);
  await expectClerkError(
    clerk.organizations.getOrganizationInvitation({
      organizationId: org.id,
      invitationId: "orginv_00000000000000000000000000000000",
    }),
    404,
    "resource_not_found",
  );

  // A cap of 4 = 2 members + 2 pending invitations: one more is refused.
  await clerk.organizations.updateOrganization(org.id, { maxAllowedMemberships: 4 });
  await expectClerkError(inviteMember(newPerson("capped").email), 403, "organization_membership_quota_exceeded");
});

test("the hourly invitation limit answers 429 with Retry-After", async () => {
  const clerk = await clerkClient();
  const { user: owner } = await apiUser(clerk, "limited");
  const org = await apiOrganization(clerk, "Limited", owner.id);
  const stamp = Date.now();
  for (let call = 0; call < 25; call++) {
    await clerk.organizations.createOrganizationInvitationBulk(
      org.id,
      Array.from({ length: 10 }, (_, i) => ({
        emailAddress: `limit-${stamp}-${call}-${i}@example.test`,
        role: "org:member",
      })),
    );
  }
  const error = await expectClerkError(
    clerk.organizations.createOrganizationInvitation({
      organizationId: org.id,
      emailAddress: `limit-${stamp}-over@example.test`,
      role: "org:member",
    }),
    429,
    "too_many_requests",
  );
  expect((error as { retryAfter?: number }).retryAfter).toBeGreaterThan(0);
});

test("an invitation made through the API: the emailed link signs a new person up and lands on its redirect_url", async ({
  page,
}) => {
  const clerk = await clerkClient();
  const { user: owner } = await apiUser(clerk, "redirector");
  const org = await apiOrganization(clerk, "Redirects", owner.id);
  const person = newPerson("landed");
  const redirectUrl = `http://localhost:${process.env.E2E_PORT ?? 3100}/orgs?welcome=${org.slug}`;
  const invitation = await clerk.organizations.createOrganizationInvitation({
    organizationId: org.id,
    emailAddress: person.email,
    role: "org:admin",
    redirectUrl,
  });
  const email = await waitForEmail(person.email, new RegExp(`The ${org.name} team invited you`));
  expect(email.text).toContain(invitation.url!);

  await page.goto(invitation.url!);
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: `Create account and join ${org.name}` }).click();
  await expect(page).toHaveURL(redirectUrl);
  const accepted = await clerk.organizations.getOrganizationInvitation({
    organizationId: org.id,
    invitationId: invitation.id,
  });
  expect(accepted.status).toBe("accepted");
  const joined = await clerk.organizations.getOrganizationMembershipList({
    organizationId: org.id,
    role: ["org:admin"],
  });
  expect(joined.data.map((m) => m.publicUserData?.identifier).sort()).toEqual(
    [owner.primaryEmailAddress!.emailAddress, person.email].sort(),
  );
});
