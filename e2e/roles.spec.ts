// Custom roles and permissions: the REST API through the real @clerk/backend
// client (organizationRoles, organizationPermissions, memberships with any
// role key), and the pages obeying a custom role: a member who manages people
// but not the organization's profile, the roles page at both widths.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { apiUrl, clerkClient, expectClerkError, expectResource } from "./fixtures/api";
import { addMember, createAccount, createOrganization, roleOf } from "./fixtures/db";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { newPerson } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";
import { MembersPage } from "./pages/org-pages";

test.describe.configure({ mode: "parallel" });

const suffix = () => randomUUID().replace(/-/g, "").slice(0, 10);

test("permissions and roles through @clerk/backend: Clerk's shapes, paging, query, order and codes", async () => {
  const clerk = await clerkClient();

  const system = await clerk.organizationPermissions.getOrganizationPermissionList({ query: "org:sys_", limit: 50 });
  expect(system.data.map((p) => p.key).sort()).toEqual(
    [
      "org:sys_domains:manage",
      "org:sys_domains:read",
      "org:sys_memberships:manage",
      "org:sys_memberships:read",
      "org:sys_profile:delete",
      "org:sys_profile:manage",
    ].sort(),
  );
  for (const permission of system.data) expectResource(permission, "Permission");
  const manage = system.data.find((p) => p.key === "org:sys_memberships:manage")!;
  const read = system.data.find((p) => p.key === "org:sys_memberships:read")!;
  await expectClerkError(
    clerk.organizationPermissions.updateOrganizationPermission({ permissionId: manage.id, name: "Mine now" }),
    403,
    "organization_system_permission_not_modifiable",
  );
  await expectClerkError(
    clerk.organizationPermissions.deleteOrganizationPermission(manage.id),
    403,
    "organization_system_permission_not_modifiable",
  );
  await expectClerkError(
    clerk.organizationPermissions.createOrganizationPermission({ name: "Sneaky", key: "org:sys_billing:manage" }),
    422,
    "form_param_value_invalid",
    "key",
  );

  const feature = `invoices_${suffix()}`;
  const create = await clerk.organizationPermissions.createOrganizationPermission({
    name: "Create invoices",
    key: `org:${feature}:create`,
    description: "Bill customers.",
  });
  expectResource(create, "Permission");
  expect(create).toMatchObject({
    key: `org:${feature}:create`,
    name: "Create invoices",
    description: "Bill customers.",
  });
  expect(create.id).toMatch(/^perm_/);
  const renamed = await clerk.organizationPermissions.updateOrganizationPermission({
    permissionId: create.id,
    name: "Issue invoices",
  });
  expect(renamed.name).toBe("Issue invoices");
  expect((await clerk.organizationPermissions.getOrganizationPermission(create.id)).key).toBe(`org:${feature}:create`);

  const key = `org:billing_${suffix()}`;
  const role = await clerk.organizationRoles.createOrganizationRole({
    name: "Billing",
    key,
    description: "Reads members, issues invoices.",
    permissions: [create.id, read.id],
  });
  expectResource(role, "Role");
  expect(role.id).toMatch(/^role_/);
  expect(role).toMatchObject({
    key,
    name: "Billing",
    description: "Reads members, issues invoices.",
    isCreatorEligible: false,
  });
  expect(role.permissions.map((p) => p.key).sort()).toEqual(
    [`org:${feature}:create`, "org:sys_memberships:read"].sort(),
  );
  for (const permission of role.permissions) expectResource(permission, "Permission");
  await expectClerkError(
    clerk.organizationRoles.createOrganizationRole({ name: "Billing again", key }),
    422,
    "form_identifier_exists",
    "key",
  );

  // List: query, order, paging.
  const found = await clerk.organizationRoles.getOrganizationRoleList({ query: key, orderBy: "-created_at", limit: 5 });
  expect(found.totalCount).toBe(1);
  expect(found.data[0]!.id).toBe(role.id);
  const page = await clerk.organizationRoles.getOrganizationRoleList({ orderBy: "key", limit: 1, offset: 0 });
  expect(page.data).toHaveLength(1);
  expect(page.totalCount).toBeGreaterThanOrEqual(3);
  const seeded = await clerk.organizationRoles.getOrganizationRoleList({ query: "org:admin" });
  expect(seeded.data.find((r) => r.key === "org:admin")?.isCreatorEligible).toBe(true);

  // Assign, assign again (409), remove.
  const withManage = await clerk.organizationRoles.assignPermissionToOrganizationRole({
    organizationRoleId: role.id,
    permissionId: manage.id,
  });
  expect(withManage.isCreatorEligible).toBe(true);
  await expectClerkError(
    clerk.organizationRoles.assignPermissionToOrganizationRole({
      organizationRoleId: role.id,
      permissionId: manage.id,
    }),
    409,
    "duplicate_record",
  );
  const without = await clerk.organizationRoles.removePermissionFromOrganizationRole({
    organizationRoleId: role.id,
    permissionId: manage.id,
  });
  expect(without.permissions.map((p) => p.id)).not.toContain(manage.id);
  const updated = await clerk.organizationRoles.updateOrganizationRole({
    organizationRoleId: role.id,
    name: "Billing team",
    permissions: [create.id],
  });
  expect(updated.name).toBe("Billing team");
  expect(updated.permissions.map((p) => p.id)).toEqual([create.id]);

  // The creator role must manage members.
  await expectClerkError(
    clerk.instance.updateOrganizationSettings({ creatorRoleId: role.id }),
    422,
    "organization_missing_creator_role_permissions",
  );
  await expectClerkError(
    clerk.organizationRoles.removePermissionFromOrganizationRole({
      organizationRoleId: seeded.data.find((r) => r.key === "org:admin")!.id,
      permissionId: manage.id,
    }),
    422,
    "organization_missing_creator_role_permissions",
  );

  // A membership with the custom role carries its permissions; then the role cannot go.
  const owner = await clerk.users.createUser({
    emailAddress: [newPerson("roleowner").email],
    firstName: "Role",
    skipPasswordRequirement: true,
  });
  const biller = await clerk.users.createUser({
    emailAddress: [newPerson("rolebiller").email],
    firstName: "Bill",
    skipPasswordRequirement: true,
  });
  const org = await clerk.organizations.createOrganization({ name: `Roles ${suffix()}`, createdBy: owner.id });
  const membership = await clerk.organizations.createOrganizationMembership({
    organizationId: org.id,
    userId: biller.id,
    role: key,
  });
  expectResource(membership, "OrganizationMembership");
  expect(membership).toMatchObject({ role: key, permissions: [`org:${feature}:create`] });
  const listed = await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id, role: [key] });
  expect(listed.data.map((m) => m.publicUserData?.userId)).toEqual([biller.id]);
  await expectClerkError(
    clerk.organizationRoles.deleteOrganizationRole(role.id),
    422,
    "organization_role_assigned_members",
  );
  // Any role key in a role change, the old spellings too; an unknown key is refused.
  const member = await clerk.organizations.updateOrganizationMembership({
    organizationId: org.id,
    userId: biller.id,
    role: "basic_member",
  });
  expect(member).toMatchObject({ role: "org:member", permissions: ["org:sys_memberships:read"] });
  await expectClerkError(
    clerk.organizations.updateOrganizationMembership({
      organizationId: org.id,
      userId: biller.id,
      role: "org:no_such_role",
    }),
    422,
    "form_param_value_invalid",
    "role",
  );
  // The last manager keeps the organization: taking the permission from the only manager's role is refused.
  await expectClerkError(
    clerk.organizations.updateOrganizationMembership({ organizationId: org.id, userId: owner.id, role: key }),
    400,
    "organization_minimum_permissions_needed",
  );

  const deleted = await clerk.organizationRoles.deleteOrganizationRole(role.id);
  expectResource(deleted, "DeletedObject");
  expect(deleted).toMatchObject({ id: role.id, deleted: true });
  await expectClerkError(clerk.organizationRoles.getOrganizationRole(role.id), 404, "resource_not_found");
  const gone = await clerk.organizationPermissions.deleteOrganizationPermission(create.id);
  expect(gone).toMatchObject({ id: create.id, deleted: true });

  // The events: role.* and permission.* went to the stream.
  const raw = await fetch(`${apiUrl()}/v1/organization_roles?limit=1`, { headers: { authorization: "Bearer nope" } });
  expect(raw.status).toBe(401);
});

test("a member who manages people but not the profile: roles change, the name does not; the roles page at both widths", async ({
  page,
}) => {
  test.slow();
  const clerk = await clerkClient();
  const permissions = await clerk.organizationPermissions.getOrganizationPermissionList({
    query: "org:sys_memberships",
  });
  const key = `org:people_${suffix()}`;
  // Named uniquely: other tests (and runs) make roles in the same database.
  const roleName = `People manager ${key.slice(-6)}`;
  await clerk.organizationRoles.createOrganizationRole({
    name: roleName,
    key,
    description: "Invites people and changes their roles; not the organization's settings.",
    permissions: permissions.data.map((p) => p.id),
  });
  const admin = newPerson("roles-admin");
  const manager = newPerson("roles-manager");
  const member = newPerson("roles-member");
  for (const person of [admin, manager, member]) await createAccount(person, { verified: true });
  const { slug } = await createOrganization(`Roles ${suffix()}`, admin);
  await addMember(slug, manager, key);
  await addMember(slug, member, "org:member");

  await new SignInPage(page).signInAs(manager);
  const members = new MembersPage(page);
  await members.goto(slug);
  await expect(members.roleSelect(member.name)).toHaveAccessibleName(`Member: role for ${member.name}`);
  await members.roleSelect(member.name).click();
  const option = members.roleOption(roleName);
  await expect(option).toBeVisible();
  await expect(option).toHaveAccessibleDescription(
    "Invites people and changes their roles; not the organization's settings.",
  );
  await expectAccessible(page, "members page, role menu open");
  await option.click();
  await expect(members.toast(`${member.name} is now “${roleName}”.`)).toBeVisible();
  await expect.poll(() => roleOf(slug, member.email)).toBe(key);

  // General settings: read-only for this role; delete not offered.
  await page.goto(`/orgs/${slug}/settings`);
  await expect(page.getByText("Only admins can change these settings.")).toBeVisible();
  await expect(page.getByLabel("Organization name", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Delete organization" })).toHaveCount(0);

  // The roles page, from the organization's tabs.
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Roles" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}/settings/roles$`));
  await expect(page.getByRole("heading", { name: roleName })).toBeVisible();
  const card = page.getByTestId("role-card").filter({ has: page.getByRole("heading", { name: roleName }) });
  await expect(card.getByText("Your role")).toBeVisible();
  await expect(card.getByText("org:sys_memberships:manage")).toBeVisible();
  await expect(card.getByText("2 members here")).toBeVisible();
  await atBothWidths(page, async (width) => {
    await expect(page.locator("h1")).toHaveCount(1);
    await expectAccessible(page, `roles page at ${width} px`);
  });
});

test("a role without org:sys_memberships:read: no Roles tab, and the roles page says why", async ({ page }) => {
  const clerk = await clerkClient();
  const key = `org:guest_${suffix()}`;
  const roleName = `Guest ${key.slice(-6)}`;
  await clerk.organizationRoles.createOrganizationRole({ name: roleName, key, permissions: [] });
  const admin = newPerson("guest-admin");
  const guest = newPerson("guest");
  for (const person of [admin, guest]) await createAccount(person, { verified: true });
  const { slug } = await createOrganization(`Guests ${suffix()}`, admin);
  await addMember(slug, guest, key);
  await new SignInPage(page).signInAs(guest);
  await page.goto(`/orgs/${slug}`);
  const nav = page.getByRole("navigation", { name: "Organization" });
  await expect(nav.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Roles" })).toHaveCount(0);
  await expect(page.getByText(`You are “${roleName}”`)).toBeVisible();
  await page.goto(`/orgs/${slug}/settings/members`);
  await expect(page.getByText("Your role does not let you see this organization's members.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Leave organization" })).toBeVisible();
  await page.goto(`/orgs/${slug}/settings/roles`);
  await expect(page.getByText("Your role does not let you see this organization's roles.")).toBeVisible();
  await atBothWidths(page, async (width) => {
    await expectAccessible(page, `roles page refused at ${width} px`);
  });
});
