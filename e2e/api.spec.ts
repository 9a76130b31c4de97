// Contract tests of the REST API: the real @clerk/backend client against the
// running app: secret keys, users and organizations, and an organization
// shared between the API and the pages (memberships and invitations:
// api-members.spec.ts). Every call checks that the SDK built its own classes
// (so every field it reads was there), not raw JSON.
import { createClerkClient } from "@clerk/backend";
import { expect, test } from "@playwright/test";
import { db } from "../lib/db";
import { KEY_RECHECK_MS, revokeApiKey } from "../lib/domain/api-keys";
import {
  apiOrganization,
  apiUrl,
  apiUser,
  clerkClient,
  expectClerkError,
  expectResource,
  newSecretKey,
} from "./fixtures/api";
import { createAccount } from "./fixtures/db";
import { newPerson } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";
import { GeneralSettingsPage, MembersPage } from "./pages/org-pages";

test.describe.configure({ mode: "parallel" });

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
