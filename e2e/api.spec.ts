// Contract tests of the REST API: the real @clerk/backend client against the
// running app. Every call checks that the SDK built its own classes (so every
// field it reads was there), not raw JSON.
import { createClerkClient } from "@clerk/backend";
import { expect, test } from "@playwright/test";
import { db } from "../lib/db";
import { KEY_RECHECK_MS, revokeApiKey } from "../lib/domain/api-keys";
import { apiUrl, clerkClient, expectClerkError, expectResource, newSecretKey } from "./fixtures/api";
import { createAccount } from "./fixtures/db";
import { waitForEmail } from "./fixtures/mail";
import { newPerson } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";
import { GeneralSettingsPage, MembersPage } from "./pages/org-pages";

test.describe.configure({ mode: "parallel" });

type Clerk = Awaited<ReturnType<typeof clerkClient>>;
type InvitationExtras = Pick<
  Parameters<Clerk["organizations"]["createOrganizationInvitation"]>[0],
  "inviterUserId" | "publicMetadata"
>;

async function apiUser(clerk: Clerk, label: string) {
  const person = newPerson(label);
  const [firstName, ...rest] = person.name.split(" ");
  const user = await clerk.users.createUser({
    emailAddress: [person.email],
    firstName,
    lastName: rest.join(" "),
    password: person.password,
  });
  return { person, user };
}

/** An organization the API makes for its admin (created_by), with the basic members added after. */
async function apiOrganization(clerk: Clerk, name: string, adminId: string, memberIds: string[] = []) {
  const org = await clerk.organizations.createOrganization({ name: `${name} ${Date.now()}`, createdBy: adminId });
  for (const userId of memberIds)
    await clerk.organizations.createOrganizationMembership({ organizationId: org.id, userId, role: "org:member" });
  return org;
}

test("secret keys: none, malformed, unknown and revoked keys get 401 in Clerk's envelope", async () => {
  const raw = await fetch(`${apiUrl()}/v1/organizations`);
  expect(raw.status).toBe(401);
  expect(raw.headers.get("content-type")).toBe("application/json");
  const body = (await raw.json()) as { errors: Array<{ code: string }>; clerk_trace_id: string };
  expect(body.errors[0]!.code).toBe("authorization_header_format_invalid");
  expect(body.clerk_trace_id).toBeTruthy();

  const unknown = createClerkClient({ secretKey: "sk_live_not-a-real-key", apiUrl: apiUrl() });
  await expectClerkError(unknown.organizations.getOrganizationList(), 401, "clerk_key_invalid");

  const { id, key } = await newSecretKey("revoked");
  const client = createClerkClient({ secretKey: key, apiUrl: apiUrl() });
  await expect(client.users.getCount()).resolves.toEqual(expect.any(Number));
  await revokeApiKey(db, id);
  // Servers re-check a key they have seen valid once a second.
  await new Promise((resolve) => setTimeout(resolve, KEY_RECHECK_MS + 200));
  await expectClerkError(client.users.getCount(), 401, "clerk_key_invalid");
  // Unknown paths answer in the same envelope, not with an HTML page.
  const missing = await fetch(`${apiUrl()}/v1/no-such-thing`, { headers: { authorization: `Bearer ${key}` } });
  expect(missing.headers.get("content-type")).toBe("application/json");
});

test("users: create, get, list with filters, count; taken and bad parameters refused", async () => {
  const clerk = await clerkClient();
  const { person, user } = await apiUser(clerk, "apiuser");
  expectResource(user, "User");
  expect(user.id).toMatch(/^user_[0-9a-f]{32}$/);
  expectResource(user.emailAddresses[0], "EmailAddress");
  expect(user.primaryEmailAddress?.emailAddress).toBe(person.email);
  expect(user.primaryEmailAddress?.verification?.status).toBe("verified");
  expect(user.fullName).toBe(person.name);
  expect(user.passwordEnabled).toBe(true);
  expect(typeof user.createdAt).toBe("number");

  const fetched = await clerk.users.getUser(user.id);
  expectResource(fetched, "User");
  expect(fetched.firstName).toBe(user.firstName);

  const list = await clerk.users.getUserList({ emailAddress: [person.email] });
  expect(list.totalCount).toBe(1);
  expectResource(list.data[0], "User");
  expect(list.data[0]!.id).toBe(user.id);
  expect(await clerk.users.getCount({ emailAddress: [person.email] })).toBe(1);
  expect(await clerk.users.getCount()).toBeGreaterThanOrEqual(1);

  await expectClerkError(
    clerk.users.createUser({ emailAddress: [person.email], password: "another-password" }),
    422,
    "form_identifier_exists",
    "email_address",
  );
  await expectClerkError(
    clerk.users.createUser({ emailAddress: ["fresh-" + person.email], password: "short" }),
    422,
    "form_param_value_invalid",
    "password",
  );
  await expectClerkError(
    clerk.users.createUser({ emailAddress: ["not-an-address"], skipPasswordRequirement: true }),
    422,
    "form_param_value_invalid",
    "email_address",
  );
  await expectClerkError(clerk.users.getUser("user_00000000000000000000000000000000"), 404, "resource_not_found");
  await expectClerkError(clerk.users.getUserList({ limit: 501 }), 422, "form_param_value_invalid", "limit");

  // Every order and filter the SDK offers is understood; identifiers not kept here match nobody.
  for (const orderBy of [
    "-last_sign_in_at",
    "last_active_at",
    "username",
    "+phone_number",
    "-web3wallet",
    "last_name",
  ] as const) {
    await expect(clerk.users.getUserList({ orderBy, limit: 1 })).resolves.toMatchObject({ data: expect.any(Array) });
  }
  expect(
    (await clerk.users.getUserList({ emailAddress: [person.email], createdAtAfter: user.createdAt - 1 })).totalCount,
  ).toBe(1);
  expect(
    (await clerk.users.getUserList({ emailAddress: [person.email], createdAtBefore: user.createdAt })).data,
  ).toEqual([]);
  expect(await clerk.users.getCount({ username: ["anyone"] })).toBe(0);

  // users.updateUser: names and metadata; what it does not take is refused by name, not ignored.
  const renamed = await clerk.users.updateUser(user.id, { firstName: "New", publicMetadata: { plan: "pro" } });
  expect(renamed).toMatchObject({ firstName: "New", publicMetadata: { plan: "pro" } });
  const merged = await clerk.users.updateUserMetadata(user.id, { publicMetadata: { seats: 3 } });
  expect(merged.publicMetadata).toEqual({ plan: "pro", seats: 3 });
  await expectClerkError(clerk.users.updateUser(user.id, { username: "ada" }), 422, "form_param_unknown", "username");

  // users.deleteUser follows the account rules: refused for the last admin of a shared organization.
  const { user: teammate } = await apiUser(clerk, "teammate");
  await apiOrganization(clerk, "Shared", user.id, [teammate.id]);
  await expectClerkError(clerk.users.deleteUser(user.id), 400, "organization_minimum_permissions_needed");
  const solo = await apiOrganization(clerk, "Solo", teammate.id);
  const deleted = await clerk.users.deleteUser(teammate.id);
  expectResource(deleted, "DeletedObject");
  expect(deleted).toMatchObject({ id: teammate.id, deleted: true });
  await expectClerkError(clerk.users.getUser(teammate.id), 404, "resource_not_found");
  await expectClerkError(clerk.organizations.getOrganization({ organizationId: solo.id }), 404, "resource_not_found");
});

test("organizations: create with creator and metadata, get by id and slug, list, update, metadata merge and replace, delete", async () => {
  const clerk = await clerkClient();
  const { user } = await apiUser(clerk, "orgcreator");
  const stamp = Date.now();
  const created = await clerk.organizations.createOrganization({
    name: `API Org ${stamp}`,
    createdBy: user.id,
    publicMetadata: { plan: "pro", limits: { seats: 5, projects: 3 } },
    privateMetadata: { stripe: "cus_123" },
  });
  expectResource(created, "Organization");
  expect(created.id).toMatch(/^org_/);
  expect(created.slug).toBe(`api-org-${stamp}`);
  expect(created.createdBy).toBe(user.id);
  expect(created.publicMetadata).toEqual({ plan: "pro", limits: { seats: 5, projects: 3 } });
  expect(created.privateMetadata).toEqual({ stripe: "cus_123" });
  expect(created.maxAllowedMemberships).toBe(0);
  expect(created.adminDeleteEnabled).toBe(true);

  const bySlug = await clerk.organizations.getOrganization({ slug: created.slug, includeMembersCount: true });
  expectResource(bySlug, "Organization");
  expect(bySlug.id).toBe(created.id);
  expect(bySlug.membersCount).toBe(1);
  const byId = await clerk.organizations.getOrganization({ organizationId: created.id });
  expect(byId.name).toBe(created.name);

  // The creator is its admin.
  const memberships = await clerk.organizations.getOrganizationMembershipList({ organizationId: created.id });
  expect(memberships.totalCount).toBe(1);
  expect(memberships.data[0]!.role).toBe("org:admin");
  expect(memberships.data[0]!.publicUserData?.userId).toBe(user.id);

  const updated = await clerk.organizations.updateOrganization(created.id, {
    name: `Renamed ${stamp}`,
    slug: `renamed-${stamp}`,
    maxAllowedMemberships: 50,
  });
  expectResource(updated, "Organization");
  expect([updated.name, updated.slug, updated.maxAllowedMemberships]).toEqual([
    `Renamed ${stamp}`,
    `renamed-${stamp}`,
    50,
  ]);
  expect(updated.updatedAt).toBeGreaterThanOrEqual(created.updatedAt);

  const merged = await clerk.organizations.updateOrganizationMetadata(created.id, {
    publicMetadata: { limits: { seats: 10, projects: null }, region: "eu" },
  });
  expect(merged.publicMetadata).toEqual({ plan: "pro", limits: { seats: 10 }, region: "eu" });
  expect(merged.privateMetadata).toEqual({ stripe: "cus_123" });
  const replaced = await clerk.organizations.replaceOrganizationMetadata(created.id, {
    publicMetadata: { only: true },
  });
  expect(replaced.publicMetadata).toEqual({ only: true });
  expect(replaced.privateMetadata).toEqual({ stripe: "cus_123" });

  await expectClerkError(
    clerk.organizations.createOrganization({ name: "Taken", slug: `renamed-${stamp}` }),
    422,
    "form_identifier_exists",
    "slug",
  );
  await expectClerkError(clerk.organizations.createOrganization({ name: "" }), 422, "form_param_missing", "name");
  await expectClerkError(
    clerk.organizations.createOrganization({ name: "Bad slug", slug: "Not A Slug!" }),
    422,
    "form_param_value_invalid",
    "slug",
  );
  await expectClerkError(
    clerk.organizations.updateOrganization(created.id, { maxAllowedMemberships: "ten" as unknown as number }),
    422,
    "form_param_format_invalid",
    "max_allowed_memberships",
  );

  const deleted = await clerk.organizations.deleteOrganization(created.id);
  expectResource(deleted, "DeletedObject");
  expect(deleted).toMatchObject({ id: created.id, deleted: true });
  await expectClerkError(
    clerk.organizations.getOrganization({ organizationId: created.id }),
    404,
    "resource_not_found",
  );
});

test("organization list: limit, offset, query, order_by and members counts", async () => {
  const clerk = await clerkClient();
  const { user } = await apiUser(clerk, "lister");
  const tag = `pager${Date.now()}`;
  for (const name of ["Charlie", "Alpha", "Bravo"]) {
    await clerk.organizations.createOrganization({ name: `${tag} ${name}`, createdBy: user.id });
  }
  const first = await clerk.organizations.getOrganizationList({
    query: tag,
    limit: 2,
    orderBy: "name",
    includeMembersCount: true,
  });
  expect(first.totalCount).toBe(3);
  expect(first.data.map((o) => o.name)).toEqual([`${tag} Alpha`, `${tag} Bravo`]);
  expectResource(first.data[0], "Organization");
  expect(first.data[0]!.membersCount).toBe(1);
  const second = await clerk.organizations.getOrganizationList({ query: tag, limit: 2, offset: 2, orderBy: "name" });
  expect(second.data.map((o) => o.name)).toEqual([`${tag} Charlie`]);
  const newest = await clerk.organizations.getOrganizationList({ query: tag, limit: 1 });
  expect(newest.data[0]!.name).toBe(`${tag} Bravo`); // default -created_at
  await expectClerkError(
    clerk.organizations.getOrganizationList({ orderBy: "nonsense" as "name" }),
    422,
    "form_param_value_invalid",
    "order_by",
  );
});

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

test("an organization made through the API is managed in the pages, and the pages' changes show in the API", async ({
  page,
}) => {
  const clerk = await clerkClient();
  const ada = newPerson("apiada");
  await createAccount(ada);
  const adaId = (await clerk.users.getUserList({ emailAddress: [ada.email] })).data[0]!.id;
  const { person: ben, user: benUser } = await apiUser(clerk, "apiben");
  const org = await apiOrganization(clerk, "Made by API", adaId, [benUser.id]);

  await new SignInPage(page).signInAs(ada);
  const members = new MembersPage(page);
  await members.goto(org.slug);
  await expect(page.getByRole("row").filter({ hasText: ben.email })).toBeVisible();
  await members.changeRole(ben.name, "Admin");
  await expect
    .poll(
      async () =>
        (await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id, userId: [benUser.id] }))
          .data[0]!.role,
    )
    .toBe("org:admin");

  const settings = new GeneralSettingsPage(page);
  await settings.goto(org.slug);
  await settings.rename(`${org.name} (renamed in the page)`);
  await expect(page.getByRole("status").filter({ hasText: "Organization saved." })).toBeVisible();

  const after = await clerk.organizations.getOrganization({ organizationId: org.id });
  expect(after.name).toBe(`${org.name} (renamed in the page)`);
  // And a change through the API shows in the page.
  await clerk.organizations.updateOrganizationMembership({
    organizationId: org.id,
    userId: benUser.id,
    role: "org:member",
  });
  await members.goto(org.slug);
  await expect(members.roleSelect(ben.name)).toHaveAccessibleName(`Member: role for ${ben.name}`);
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
